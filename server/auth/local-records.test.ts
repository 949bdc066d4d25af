import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/store.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { LocalRecords } from './local-records.ts';

afterAll(removeTempDirs);

describe('records kept in memory and on disk', () => {
  it('keeps the latest value of each key across a reopen, and forgets deleted ones', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    const records = new LocalRecords<{ n: number }>(store.databases.local, 'probe');
    await Promise.all(Array.from({ length: 20 }, (_, n) => records.set('a', { n })));
    await records.set('b', { n: 1 });
    await records.delete('b');
    await store.close();

    const again = await openStore(dataDir);
    const reloaded = new LocalRecords<{ n: number }>(again.databases.local, 'probe');
    await reloaded.load();
    expect(reloaded.get('a')).toEqual({ n: 19 });
    expect(reloaded.get('b')).toBeUndefined();
    await again.close();
  });

  it('compacts the database so old revisions of often-touched records do not pile up', async () => {
    const store = await openStore(await makeTempDir());
    const records = new LocalRecords<{ n: number }>(store.databases.local, 'probe', { compactEvery: 10 });
    await records.set('a', { n: 0 });
    const first = ((await store.databases.local.get('probe:a')) as { _rev: string })._rev;
    // Writes racing a compaction survive it; the next round takes them.
    for (let n = 1; n <= 25; n += 1) {
      await records.set('a', { n });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await expect.poll(async () => store.databases.local.get('probe:a', { rev: first }).then(() => 'kept', () => 'compacted')).toBe('compacted');
    await store.close();
  });
});
