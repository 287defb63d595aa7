import { describe, expect, it } from 'vitest';
import { parseSearch } from './search';
import { addDays, startOfZonedDay, zonedDate } from './time';

describe('parseSearch', () => {
  it.each([
    ['13812341234', [{ kind: 'phone', value: '13812341234' }]],
    ['138 1234 1234', [{ kind: 'phone', value: '13812341234' }]],
    ['1234', [{ kind: 'phoneTail', value: '1234' }]],
    ['620000002755', [{ kind: 'account', value: '620000002755' }]],
    ['t123', [{ kind: 'transaction', value: 'T00000000123' }]],
    ['RF42', [{ kind: 'refund', value: 'RF00000042' }]],
    ['fc7', [{ kind: 'case', value: 'FC0000007' }]],
    ['2755', [{ kind: 'phoneTail', value: '2755' }]],
    ['周欣怡', [{ kind: 'nameZh', value: '周欣怡' }]],
    ['周 欣', [{ kind: 'nameZh', value: '周欣' }]],
    ['Xinyi Zhou', [{ kind: 'nameEn', value: 'xinyi zhou' }]],
    ['  ', []],
    ['%_*', []],
  ])('%s', (input, expected) => {
    expect(parseSearch(input)).toEqual(expected);
  });

  it('reads a longer bare number as an account or a transaction', () => {
    expect(parseSearch('2755').map((k) => k.kind)).toEqual(['phoneTail']);
    expect(parseSearch('102755').map((k) => k.kind)).toEqual(['account', 'transaction']);
  });
});

describe('business-day helpers', () => {
  it('find the day and its start in the zone, across a DST change', () => {
    expect(zonedDate('2026-11-21T16:30:00Z', 'Asia/Shanghai')).toBe('2026-11-22');
    expect(startOfZonedDay('2026-11-22', 'Asia/Shanghai')).toBe('2026-11-21T16:00:00.000Z');
    expect(startOfZonedDay('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfZonedDay('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
