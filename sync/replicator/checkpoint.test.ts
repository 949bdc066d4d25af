import { describe, expect, it } from 'vitest';
import { agreedSeqs } from './checkpoint.ts';

const doc = (session: string, seqs: Record<string, number>, history: { session: string; seqs: Record<string, number> }[] = []) => ({ _id: '_local/darasa-push-x', session, seqs, history });

describe('where a push resumes', () => {
  it('starts from the beginning when either side has no checkpoint', () => {
    expect(agreedSeqs(null, doc('a', { first: 10 }))).toEqual({});
    expect(agreedSeqs(doc('a', { first: 10 }), null)).toEqual({});
  });

  it('takes the smaller sequence of the two when both were written by the same run', () => {
    // The hub's copy is written after central's: it may lag by one batch.
    expect(agreedSeqs(doc('a', { first: 40, rest: 12 }), doc('a', { first: 50, rest: 12 }))).toEqual({ first: 40, rest: 12 });
  });

  it('falls back to the newest session both sides know (central restored from an older backup)', () => {
    const hub = doc('c', { first: 90 }, [{ session: 'b', seqs: { first: 60 } }, { session: 'a', seqs: { first: 30 } }]);
    const central = doc('b', { first: 60 }, [{ session: 'a', seqs: { first: 30 } }]);
    expect(agreedSeqs(hub, central)).toEqual({ first: 60 });
  });

  it('starts again when the two sides share no session (central database recreated, another central)', () => {
    expect(agreedSeqs(doc('a', { first: 90 }), doc('z', { first: 90 }))).toEqual({});
  });

  it('counts a pass one side has never recorded as not started', () => {
    expect(agreedSeqs(doc('a', { first: 20, rest: 5 }), doc('a', { first: 20 }))).toEqual({ first: 20, rest: 0 });
  });
});
