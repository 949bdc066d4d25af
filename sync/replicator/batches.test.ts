import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { PouchDB, type Database } from '../pouchdb.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { readBatches, readBatchesOf, type Batch, type BatchOptions } from './batches.ts';

const HUB = 'hub-aaaaaaaaaa';

afterAll(removeTempDirs);

async function hubDatabase(): Promise<Database> {
  return new PouchDB<object>(path.join(await makeTempDir('darasa-batches-'), 'hub'), { adapter: 'leveldb' });
}

const event = (i: number, padding = 0) => ({ _id: `event:${HUB}:e${String(i).padStart(5, '0')}`, type: 'event', verb: 'answered', note: 'x'.repeat(padding) });

async function collect(db: Database, options: Partial<BatchOptions>): Promise<Batch[]> {
  const until = Number((await db.info()).update_seq);
  const batches: Batch[] = [];
  for await (const batch of readBatches(db, { since: 0, until, accept: () => true, maxBytes: 1e9, maxDocs: 1e9, ...options })) batches.push(batch);
  return batches;
}

describe('reading the hub changes into batches', () => {
  it('cuts batches by bytes: none passes the limit unless one document alone does', async () => {
    const db = await hubDatabase();
    await db.bulkDocs([...Array.from({ length: 300 }, (_, i) => event(i, 200)), event(300, 20_000), event(301, 10)]);
    const batches = await collect(db, { maxBytes: 8_000 });
    const docs = batches.flatMap((b) => b.docs);
    expect(docs).toHaveLength(302);
    expect(new Set(docs.map((d) => d._id)).size).toBe(302);
    for (const batch of batches) {
      expect(batch.bytes).toBe(batch.docs.reduce((n, d) => n + JSON.stringify(d).length, 0));
      if (batch.docs.length > 1) expect(batch.bytes).toBeLessThanOrEqual(8_000);
    }
    expect(batches.some((b) => b.docs.length === 1 && b.bytes > 20_000)).toBe(true); // the big one travels alone
    // Sequences only grow, and the last batch reaches the end.
    const seqs = batches.map((b) => b.lastSeq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(seqs.at(-1)).toBe(Number((await db.info()).update_seq));
    await db.close();
  });

  it('also caps the number of documents per batch', async () => {
    const db = await hubDatabase();
    await db.bulkDocs(Array.from({ length: 25 }, (_, i) => event(i)));
    const batches = await collect(db, { maxDocs: 10 });
    expect(batches.map((b) => b.docs.length)).toEqual([10, 10, 5]);
  });

  it('gives every revision its history, so central links it instead of making a conflict', async () => {
    const db = await hubDatabase();
    const [created] = await db.bulkDocs([{ _id: `class:${HUB}:c1`, type: 'class', name: 'Morning' }, event(1)]);
    const edited = await db.put({ _id: `class:${HUB}:c1`, _rev: created!.rev!, type: 'class', name: 'Morning (renamed)' });
    const docs = (await collect(db, {})).flatMap((b) => b.docs);
    const klass = docs.find((d) => d._id === `class:${HUB}:c1`)!;
    expect(klass._rev).toBe(edited.rev);
    expect(klass._revisions).toEqual({ start: 2, ids: [edited.rev.split('-')[1], created!.rev!.split('-')[1]] });
    expect(klass.name).toBe('Morning (renamed)');
    const single = docs.find((d) => d._id === event(1)._id)!;
    expect(single._revisions).toEqual({ start: 1, ids: [single._rev.split('-')[1]] });
  });

  it('skips what the pass does not carry but still moves past it, and stops at `until`', async () => {
    const db = await hubDatabase();
    await db.bulkDocs([event(1), { _id: `hub:${HUB}:settings`, type: 'hub' }, event(2)]);
    const until = Number((await db.info()).update_seq);
    await db.bulkDocs([event(3)]); // written after the push began: the next run's
    const batches: Batch[] = [];
    for await (const batch of readBatches(db, { since: 0, until, accept: (d) => d.type === 'hub', maxBytes: 1e9, maxDocs: 1e9 })) batches.push(batch);
    expect(batches.flatMap((b) => b.docs.map((d) => d._id))).toEqual([`hub:${HUB}:settings`]);
    expect(batches.at(-1)!.lastSeq).toBe(until);
  });

  it('carries a deletion as a tombstone with its history', async () => {
    const db = await hubDatabase();
    const [created] = await db.bulkDocs([{ _id: `enrolment:${HUB}:x`, type: 'enrolment' }]);
    await db.remove(`enrolment:${HUB}:x`, created!.rev!);
    const docs = (await collect(db, {})).flatMap((b) => b.docs);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ _id: `enrolment:${HUB}:x`, _deleted: true, _revisions: { start: 2 } });
  });

  it('notes what a pass skips, so a later pass reads just those documents, with their history, in byte-sized batches', async () => {
    const db = await hubDatabase();
    const [draft] = await db.bulkDocs([{ _id: `course-draft:${HUB}:c1`, type: 'course-draft', body: 'x'.repeat(3000) }]);
    await db.bulkDocs([event(1), { _id: `lesson-draft:${HUB}:l1`, type: 'lesson-draft', body: 'y'.repeat(3000) }, event(2)]);
    await db.put({ _id: `course-draft:${HUB}:c1`, _rev: draft!.rev!, type: 'course-draft', body: 'z'.repeat(3000) });
    const until = Number((await db.info()).update_seq);
    const skipped: { id: string; seq: number }[] = [];
    const first: Batch[] = [];
    for await (const batch of readBatches(db, { since: 0, until, accept: (d) => d.type === 'event', skipped: (d, seq) => skipped.push({ id: d._id, seq }), maxBytes: 1e9, maxDocs: 1e9 })) first.push(batch);
    expect(first.flatMap((b) => b.docs.map((d) => d.type))).toEqual(['event', 'event']);
    expect(skipped.map((s) => s.id)).toEqual([`lesson-draft:${HUB}:l1`, `course-draft:${HUB}:c1`]); // in change order

    const later: Batch[] = [];
    for await (const batch of readBatchesOf(db, skipped, { since: 0, until, maxBytes: 4000, maxDocs: 1e9 })) later.push(batch);
    expect(later.map((b) => b.docs.map((d) => d._id))).toEqual([[`lesson-draft:${HUB}:l1`], [`course-draft:${HUB}:c1`]]);
    expect(later[0]!.lastSeq).toBe(skipped[0]!.seq);
    expect(later.at(-1)!.lastSeq).toBe(until);
    expect(later[1]!.docs[0]).toMatchObject({ body: 'z'.repeat(3000), _revisions: { start: 2 } });
    await db.close();
  });
});
