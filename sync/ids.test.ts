import { describe, expect, it } from 'vitest';
import { idRange, isHubId, makeHubDocId, newHubId, newLocalId, parseDocId } from './ids.ts';

describe('id scheme', () => {
  it('makes lower-case hub ids that CouchDB accepts as database name parts', () => {
    const ids = new Set(Array.from({ length: 1000 }, newHubId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^hub-[a-z2-7]{10}$/);
  });

  it('makes local ids that sort by creation time', () => {
    const earlier = newLocalId(1_700_000_000_000);
    const later = newLocalId(1_700_000_000_001);
    expect(earlier < later).toBe(true);
  });

  it('round-trips a hub document id through parseDocId', () => {
    const hubId = newHubId();
    const id = makeHubDocId('person', hubId, 'abc');
    expect(id).toBe(`person:${hubId}:abc`);
    expect(parseDocId(id)).toEqual({ type: 'person', hubId, rest: 'abc' });
  });

  it('parses ids of documents that belong to no hub', () => {
    expect(parseDocId('course:computer-basics-en')).toEqual({ type: 'course', hubId: null, rest: 'computer-basics-en' });
    expect(parseDocId('no-type-here')).toBeNull();
    expect(parseDocId('Bad:x')).toBeNull();
  });

  it('refuses malformed parts', () => {
    expect(() => makeHubDocId('Person', newHubId())).toThrow();
    expect(() => makeHubDocId('person', 'truck-1')).toThrow();
    expect(() => makeHubDocId('person', newHubId(), 'a:b')).toThrow();
    expect(isHubId('hub-ABCDEFGHIJ')).toBe(false);
  });

  it('selects exactly one type (and hub) with idRange', () => {
    const hubId = newHubId();
    const { startkey, endkey } = idRange('event', hubId);
    const inside = makeHubDocId('event', hubId);
    expect(inside > startkey && inside < endkey).toBe(true);
    expect('events:x' > startkey && 'events:x' < endkey).toBe(false);
  });
});
