import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo';

describe('BoundedMemo', () => {
  it('works a value out once, and starts afresh when the limit is reached', () => {
    const made: string[] = [];
    const memo = new BoundedMemo<string, string>(2);
    const upper = (key: string) => memo.get(key, (k) => (made.push(k), k.toUpperCase()));
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(made).toEqual(['a', 'b']);
    upper('c'); // full: emptied, then holds c
    upper('a');
    expect(made).toEqual(['a', 'b', 'c', 'a']);
  });
});
