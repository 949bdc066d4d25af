import { describe, expect, it } from 'vitest';
import { editDistance, measureTyping } from './typing-metrics.ts';

describe('typing metrics', () => {
  it('a perfect line: accuracy 1, words of five characters per minute', () => {
    // 20 characters = 4 words in 12 s = 20 wpm.
    expect(measureTyping('the cat sat on a mat', 'the cat sat on a mat', 12_000)).toEqual({ wpm: 20, accuracy: 1 });
  });

  it('one missed letter costs one character, not the rest of the line', () => {
    expect(editDistance('the cat sat', 'the ct sat')).toBe(1);
    expect(measureTyping('the cat sat on a mat', 'the ct sat on a mat', 12_000).accuracy).toBe(0.95);
  });

  it('nothing typed is 0 wpm and 0 accuracy; an absurdly short time does not explode', () => {
    expect(measureTyping('abc', '', 5000)).toEqual({ wpm: 0, accuracy: 0 });
    expect(measureTyping('abcde', 'abcde', 1).wpm).toBe(60);
  });
});
