// The `conflicts` view of a hub's database at central is CouchDB JavaScript in
// a string: ES5, and it emits exactly the documents that have conflicting
// revisions, with the winner and the losers (server/sync/conflicts.ts reads it).
// The embedded central runs it for real in server/sync/conflicts.test.ts.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CONFLICTS_MAP, hubDesignDoc } from './validators.ts';

function run(doc: object): [unknown, unknown][] {
  const emitted: [unknown, unknown][] = [];
  const map = vm.runInNewContext(`(${CONFLICTS_MAP})`, { emit: (key: unknown, value: unknown) => emitted.push([key, value]) }) as (doc: object) => void;
  map(doc);
  return emitted;
}

describe('the conflicts view', () => {
  it('is installed in every hub design document and written in ES5', () => {
    expect(hubDesignDoc('hub-abcdefgh23').views.conflicts).toEqual({ map: CONFLICTS_MAP });
    expect(CONFLICTS_MAP).not.toMatch(/=>|\blet\b|\bconst\b|`|\.startsWith\(|\.includes\(/);
  });

  it('emits a conflicted document with its winning and losing revisions, and nothing else', () => {
    expect(run({ _id: 'hub:hub-abcdefgh23:settings', _rev: '2-b', _conflicts: ['2-a'] })).toEqual([['hub:hub-abcdefgh23:settings', { rev: '2-b', conflicts: ['2-a'] }]]);
    expect(run({ _id: 'event:hub-abcdefgh23:e1', _rev: '1-a', type: 'event' })).toEqual([]);
  });
});
