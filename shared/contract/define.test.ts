import { describe, expect, it } from 'vitest';
import { contract } from './index';
import { isoTime } from './define';

describe('timestamps at the contract', () => {
  it('are normalised to UTC, whatever offset the caller sent', () => {
    expect(isoTime.parse('2026-03-08T03:30:00+08:00')).toBe('2026-03-07T19:30:00.000Z');
    expect(isoTime.parse('2026-03-08T03:30:00-05:00')).toBe('2026-03-08T08:30:00.000Z');
    expect(isoTime.parse('2026-03-08T03:30:00.5Z')).toBe('2026-03-08T03:30:00.500Z');
  });

  it('refuse an instant an offset pushes outside four-digit years', () => {
    expect(isoTime.safeParse('0000-01-01T00:00:00+08:00').success).toBe(false);
    expect(isoTime.safeParse('9999-12-31T23:00:00-05:00').success).toBe(false);
    expect(isoTime.safeParse('2026-02-30T00:00:00Z').success).toBe(false);
  });

  it('reach the handlers in UTC through a channel schema', () => {
    const parsed = contract['fees:approve'].input.parse({
      id: 1,
      expectedVersion: 0,
      effectiveFrom: '2026-11-23T10:00:00+08:00',
    });
    expect(parsed.effectiveFrom).toBe('2026-11-23T02:00:00.000Z');
  });
});

describe('page inputs', () => {
  it('apply the filter’s own defaults when the filter is left out', () => {
    const parsed = contract['contacts:list'].input.parse({ sort: 'startedAt', dir: 'desc', limit: 10, after: null });
    expect(parsed.filter).toEqual({ channels: [], categories: [] });
  });
});
