import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './store.ts';
import { Repository } from './repository.ts';
import type { BaseDoc } from '../../sync/documents.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';

afterAll(removeTempDirs);

interface NoteDoc extends BaseDoc {
  type: 'note';
  text: string;
}

describe('store', () => {
  it('writes, closes, reopens and reads the same documents', async () => {
    const dataDir = await makeTempDir();
    const first = await openStore(dataDir);
    const notes = new Repository<NoteDoc>(first.databases.hub, 'note');
    const written = await notes.put({ _id: notes.newId(first.hubId), type: 'note', text: 'Habari', createdAt: new Date().toISOString() });
    expect(written._rev).toMatch(/^1-/);
    await first.close();

    const second = await openStore(dataDir);
    expect(second.hubId).toBe(first.hubId);
    const reread = new Repository<NoteDoc>(second.databases.hub, 'note');
    expect(await reread.get(written._id)).toEqual(written);
    expect(await reread.list()).toHaveLength(1);
    await second.close();
  });

  it('gives documents created on the hub type-prefixed ids carrying the hub id', async () => {
    const store = await openStore(await makeTempDir());
    const notes = new Repository<NoteDoc>(store.databases.hub, 'note');
    const id = notes.newId(store.hubId);
    expect(id.startsWith(`note:${store.hubId}:`)).toBe(true);
    await store.close();
  });

  it('refuses to write a document of another type through a repository', async () => {
    const store = await openStore(await makeTempDir());
    const notes = new Repository<NoteDoc>(store.databases.hub, 'note');
    const wrong = { _id: 'person:x', type: 'person', text: '', createdAt: '' } as unknown as NoteDoc;
    await expect(notes.put(wrong)).rejects.toThrow(/cannot write person/);
    await store.close();
  });

  it('lists and counts only its own type, optionally per hub', async () => {
    const store = await openStore(await makeTempDir());
    const notes = new Repository<NoteDoc>(store.databases.hub, 'note');
    const now = new Date().toISOString();
    await notes.put({ _id: notes.newId(store.hubId), type: 'note', text: 'a', createdAt: now });
    await notes.put({ _id: notes.newId('hub-aaaaaaaaaa'), type: 'note', text: 'b', createdAt: now });
    await store.databases.hub.put({ _id: 'notebook:x', type: 'notebook' });
    expect(await notes.count()).toBe(2);
    expect(await notes.count(store.hubId)).toBe(1);
    expect((await notes.list({ hubId: 'hub-aaaaaaaaaa' })).map((n) => n.text)).toEqual(['b']);
    await store.close();
  });

  it('returns null for a document that does not exist', async () => {
    const store = await openStore(await makeTempDir());
    expect(await new Repository<NoteDoc>(store.databases.hub, 'note').get('note:missing')).toBeNull();
    await store.close();
  });
});
