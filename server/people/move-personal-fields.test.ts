// The start-up migration of data directories written before personal fields
// moved to the local database: old-style `person` documents are split, the hub
// database is compacted until no name is left in its files, and a cut at any
// point is finished by the next start.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personPrivateId } from '../../sync/documents.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { createPerson, injectAs, setUpAndSignIn, signIn, ADMIN } from '../../tests/support/auth.ts';
import { openDatabase, type Database } from '../store/open-database.ts';
import { openStore } from '../store/store.ts';
import { movePersonalFieldsToLocal } from './move-personal-fields.ts';
import { PeopleRepository } from './repository.ts';

afterAll(removeTempDirs);

const NAMES = ['Zawadi', 'Kamau', 'Kibera', 'guardian-0722', 'Baraka', 'Wekesa', 'mwalimu'];

/** Every file of one database folder, as text: what a thief with the disk reads. */
async function filesOf(dataDir: string, name: string): Promise<string> {
  const dir = path.join(dataDir, name);
  const files = await readdir(dir);
  return (await Promise.all(files.map((file) => readFile(path.join(dir, file)).then((bytes) => bytes.toString('latin1'))))).join('\n');
}

/** A data directory as an older hub left it: a learner, edited twice, and a
 * teacher, with names and the rest on the `person` document itself, and a
 * person of another hub (not ours to rewrite). */
async function oldStyleDataDir(): Promise<{ dataDir: string; hubId: string; learner: string; teacher: string; foreign: string }> {
  const dataDir = await makeTempDir();
  const store = await openStore(dataDir);
  const hubId = store.hubId;
  const hub = store.databases.hub;
  const now = '2026-01-10T08:00:00.000Z';
  const learner = `person:${hubId}:0000000000learner`;
  const teacher = `person:${hubId}:0000000000teacher`;
  const foreign = 'person:hub-zzzzzzzzzz:elsewhere';
  const first = await hub.put({ _id: learner, type: 'person', givenName: 'Zawadi', familyName: 'Kamau', roles: ['learner'], gender: 'female', birthYear: 2014, ageBand: '10-14', community: 'Kibera', guardianContact: 'guardian-0722', hasPin: true, active: true, createdAt: now, updatedAt: now });
  await hub.put({ _id: learner, _rev: first.rev, type: 'person', givenName: 'Zawadi', familyName: 'Kamau', roles: ['learner'], gender: 'female', birthYear: 2014, ageBand: '10-14', community: 'Kibera', guardianContact: 'guardian-0722', language: 'sw', hasPin: true, active: true, createdAt: now, updatedAt: now });
  await hub.put({ _id: teacher, type: 'person', givenName: 'Baraka', familyName: 'Wekesa', username: 'mwalimu', roles: ['teacher'], active: true, createdAt: now, updatedAt: now });
  await hub.put({ _id: foreign, type: 'person', givenName: 'Far', familyName: 'Away', roles: ['learner'], active: true, createdAt: now, updatedAt: now });
  await hub.bulkDocs(Array.from({ length: 30 }, (_, i) => ({ _id: `event:${hubId}:e${i}`, type: 'event', personId: learner, verb: 'opened', createdAt: now })));
  await store.close();
  return { dataDir, hubId, learner, teacher, foreign };
}

async function personRevs(hub: Database): Promise<Record<string, string>> {
  const rows = (await hub.allDocs({ startkey: 'person:', endkey: 'person:\uffff' })).rows;
  return Object.fromEntries(rows.map((row) => [row.id, row.value.rev]));
}

describe('moving personal fields off the hub database at start-up', () => {
  it('splits old-style people, keeps everything readable, and leaves no name in the hub database files', async () => {
    const { dataDir, hubId, learner, teacher, foreign } = await oldStyleDataDir();
    expect(await filesOf(dataDir, 'hub')).toContain('Zawadi'); // the premise: names are on the disk

    const store = await openStore(dataDir);
    const hub = store.databases.hub;
    const people = new PeopleRepository(store);
    expect(await hub.get(learner)).toEqual({ _id: learner, _rev: expect.stringMatching(/^3-/), type: 'person', roles: ['learner'], gender: 'female', ageBand: '10-14', language: 'sw', hasPin: true, active: true, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(await hub.get(teacher)).not.toHaveProperty('username');
    expect(await store.databases.local.get(personPrivateId(learner))).toMatchObject({ type: 'person-private', personId: learner, givenName: 'Zawadi', familyName: 'Kamau', birthYear: 2014, community: 'Kibera', guardianContact: 'guardian-0722' });
    expect(await people.getPerson(learner)).toMatchObject({ givenName: 'Zawadi', familyName: 'Kamau', birthYear: 2014, community: 'Kibera', guardianContact: 'guardian-0722', language: 'sw', ageBand: '10-14', roles: ['learner'] });
    expect(await people.getPerson(teacher)).toMatchObject({ givenName: 'Baraka', username: 'mwalimu' });
    // Another hub's person is that hub's to edit: left as it is.
    expect(await hub.get(foreign)).toMatchObject({ givenName: 'Far' });
    // Old revisions, which carried the names, are gone: from PouchDB and from LevelDB's files.
    const history = (await hub.get(learner, { revs_info: true }))._revs_info!;
    expect(history.filter((rev) => rev.status === 'available')).toHaveLength(1);
    const files = await filesOf(dataDir, 'hub');
    for (const name of NAMES) expect(files).not.toContain(name);
    expect(await filesOf(dataDir, 'local')).toContain('Zawadi');
    expect((await hub.allDocs({ startkey: 'event:', endkey: 'event:\uffff' })).rows).toHaveLength(30);

    // Idempotent: the next start rewrites nothing.
    const revs = await personRevs(hub);
    await store.close();
    const again = await openStore(dataDir);
    expect(await personRevs(again.databases.hub)).toEqual(revs);
    expect(again.hubId).toBe(hubId);
    await again.close();
  });

  it('finishes on the next start when cut between the private documents and the rewrite', async () => {
    const { dataDir, learner } = await oldStyleDataDir();
    const [hub, local] = [await openDatabase(dataDir, 'hub'), await openDatabase(dataDir, 'local')];
    const hubId = learner.split(':')[1]!;
    const cut = movePersonalFieldsToLocal(hub, local, hubId, {
      compactHub: async (db) => db,
      afterPrivateWritten: async () => {
        throw new Error('power cut');
      },
    });
    await expect(cut).rejects.toThrow('power cut');
    expect(await hub.get(learner)).toMatchObject({ givenName: 'Zawadi' }); // the person still carries its names
    expect(await local.get(personPrivateId(learner))).toMatchObject({ givenName: 'Zawadi' });
    await Promise.all([hub.close(), local.close()]);

    const store = await openStore(dataDir);
    expect(await store.databases.hub.get(learner)).not.toHaveProperty('givenName');
    expect(await new PeopleRepository(store).getPerson(learner)).toMatchObject({ givenName: 'Zawadi', familyName: 'Kamau', community: 'Kibera' });
    await store.close();
    for (const name of NAMES) expect(await filesOf(dataDir, 'hub')).not.toContain(name);
  });

  it('compacts on the next start when cut after the rewrite but before the compaction', async () => {
    const { dataDir, learner } = await oldStyleDataDir();
    const [hub, local] = [await openDatabase(dataDir, 'hub'), await openDatabase(dataDir, 'local')];
    const cut = movePersonalFieldsToLocal(hub, local, learner.split(':')[1]!, {
      compactHub: async () => {
        throw new Error('power cut');
      },
    });
    await expect(cut).rejects.toThrow('power cut');
    expect(await hub.get(learner)).not.toHaveProperty('givenName');
    await Promise.all([hub.close(), local.close()]);
    expect(await filesOf(dataDir, 'hub')).toContain('Zawadi'); // the old revision's body is still on the disk

    const store = await openStore(dataDir);
    await store.close();
    for (const name of NAMES) expect(await filesOf(dataDir, 'hub')).not.toContain(name);
  });

  it('serves the people API unchanged on a data directory an older hub left', async () => {
    // Built with the API, then turned back into the old layout: names on the person, no private twin.
    const dataDir = await makeTempDir();
    const first = await buildTestApp({ dataDir });
    const admin = await setUpAndSignIn(first);
    const created = await createPerson(first, admin, { givenName: 'Zawadi', familyName: 'Kamau', community: 'Kibera', pin: '2468' });
    for (const id of [created.id, admin.user.id]) {
      const secret = (await first.store.databases.local.get(personPrivateId(id))) as unknown as Record<string, unknown>;
      const person = await first.store.databases.hub.get(id);
      const { _id, _rev, type, personId, createdAt, updatedAt, ...personal } = secret;
      void [_id, type, personId, createdAt, updatedAt];
      await first.store.databases.hub.put({ ...person, ...personal });
      await first.store.databases.local.remove(id.replace('person:', 'person-private:'), _rev as string);
    }
    expect(await first.store.databases.hub.get(created.id)).toMatchObject({ givenName: 'Zawadi' });
    await first.close();

    const app = await buildTestApp({ dataDir });
    const staff = await signIn(app, ADMIN.username, ADMIN.password);
    const list = (await injectAs(app, staff, { url: '/api/people' })).json();
    expect(list.people).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.id, givenName: 'Zawadi', familyName: 'Kamau', community: 'Kibera', hasPin: true })]));
    expect(await app.store.databases.hub.get(created.id)).not.toHaveProperty('givenName');
    await app.close();
    expect(await filesOf(dataDir, 'hub')).not.toContain('Zawadi');
  });
});
