import { describe, expect, it } from 'vitest';
import { blockAfterFailure } from './sign-in';

describe('sign-in throttling', () => {
  it('lets the first four failures pass, then blocks for a time that doubles up to 15 minutes', () => {
    expect([1, 2, 3, 4].map((n) => blockAfterFailure('user', n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => blockAfterFailure('user', n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(blockAfterFailure('user', 40)).toBe(15 * 60_000);
    expect(blockAfterFailure('client', 5)).toBe(60_000);
  });
});
