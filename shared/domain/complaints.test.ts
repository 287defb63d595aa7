import { describe, expect, it } from 'vitest';
import { bindingDueAt, clockProblem, responseDueAt, summariseComplaints } from './complaints';

describe('complaint clock', () => {
  it('runs to the end of the business day, N calendar days after the complaint arrived', () => {
    // 11:00 in Shanghai on 10 June: 15 days on is the end of 25 June, Shanghai time.
    expect(responseDueAt('2026-06-10T03:00:00.000Z', 15, 'Asia/Shanghai')).toBe('2026-06-25T16:00:00.000Z');
    // 20:00 on 9 June in New York is already 10 June in UTC; the local date decides.
    expect(responseDueAt('2026-06-10T00:00:00.000Z', 15, 'America/New_York')).toBe('2026-06-25T04:00:00.000Z');
    // Across the autumn DST change the day still ends at local midnight.
    expect(responseDueAt('2026-10-20T15:00:00.000Z', 15, 'America/New_York')).toBe('2026-11-05T05:00:00.000Z');
  });

  it('takes the regulator’s deadline when it is the earlier one', () => {
    expect(bindingDueAt('2026-06-25T16:00:00.000Z', '2026-06-20T16:00:00.000Z')).toBe('2026-06-20T16:00:00.000Z');
    expect(bindingDueAt('2026-06-25T16:00:00.000Z', '2026-07-20T16:00:00.000Z')).toBe('2026-06-25T16:00:00.000Z');
    expect(bindingDueAt('2026-06-25T16:00:00.000Z', null)).toBe('2026-06-25T16:00:00.000Z');
  });

  it('refuses days out of range and an extension shorter than the normal clock', () => {
    expect(clockProblem({ responseDays: 15, extendedDays: 30 })).toBeNull();
    expect(clockProblem({ responseDays: 0, extendedDays: 30 })).toBe('RANGE');
    expect(clockProblem({ responseDays: 15, extendedDays: 91 })).toBe('RANGE');
    expect(clockProblem({ responseDays: 15.5, extendedDays: 30 })).toBe('RANGE');
    expect(clockProblem({ responseDays: 20, extendedDays: 10 })).toBe('EXTENDED_SHORTER');
  });
});

describe('complaint report', () => {
  const now = new Date('2026-06-30T00:00:00.000Z');
  it('counts volume, overdue (late answers and unanswered past due) and the upheld rate per category', () => {
    const rows = summariseComplaints(
      [
        {
          category: 'fees',
          dueAt: '2026-06-20T00:00:00.000Z',
          respondedAt: '2026-06-10T00:00:00.000Z',
          outcome: 'upheld',
        },
        {
          category: 'fees',
          dueAt: '2026-06-20T00:00:00.000Z',
          respondedAt: '2026-06-21T00:00:00.000Z',
          outcome: 'not_upheld',
        },
        { category: 'fees', dueAt: '2026-06-20T00:00:00.000Z', respondedAt: null, outcome: null },
        { category: 'fees', dueAt: '2026-07-20T00:00:00.000Z', respondedAt: null, outcome: null },
        {
          category: 'refund',
          dueAt: '2026-07-01T00:00:00.000Z',
          respondedAt: '2026-06-29T00:00:00.000Z',
          outcome: 'partially_upheld',
        },
      ],
      now,
    );
    expect(rows.map((r) => r.category)).toEqual(['fees', 'refund']);
    expect(rows[0]).toMatchObject({
      volume: 4,
      open: 2,
      overdue: 2,
      responded: 2,
      upheld: 1,
      notUpheld: 1,
      upheldPermille: 500,
    });
    expect(rows[1]).toMatchObject({ volume: 1, overdue: 0, partiallyUpheld: 1, upheldPermille: 1000 });
  });

  it('has no rate before any answer', () => {
    const [row] = summariseComplaints(
      [{ category: 'privacy', dueAt: '2026-07-20T00:00:00.000Z', respondedAt: null, outcome: null }],
      now,
    );
    expect(row.upheldPermille).toBeNull();
  });
});
