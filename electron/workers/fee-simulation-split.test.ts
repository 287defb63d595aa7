import { describe, expect, it } from 'vitest';
import { PRECOUNT_COST, splitByWork, splitWindow, type RowDensity, type Slice } from './fee-simulation-split';

const DAY = 86_400_000;
const zone = 'Asia/Shanghai';
// 90 days ending at a fixed instant; Shanghai's months start at 16:00 UTC the day before.
const window = { from: '2026-08-03T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z', timeZone: zone };
const monthStart = '2026-07-31T16:00:00.000Z';
const days = Math.ceil((Date.parse(window.to) - Date.parse(monthStart)) / DAY);
const density = (perDay: (d: number) => number): RowDensity => ({
  from: monthStart,
  to: window.to,
  rows: Array.from({ length: days }, (_, d) => perDay(d)),
});

/** The work splitByWork balances, summed exactly day by day (the density is per whole piece). */
function workOf(d: RowDensity, s: Slice, precount: boolean) {
  const piece = (Date.parse(d.to) - Date.parse(d.from)) / d.rows.length;
  const rowsTo = (iso: string) => {
    const x = (Date.parse(iso) - Date.parse(d.from)) / piece;
    const i = Math.floor(x);
    return d.rows.slice(0, i).reduce((a, b) => a + b, 0) + (x - i) * (d.rows[i] ?? 0);
  };
  const month = new Date(Date.parse(s.from) + 8 * 3_600_000).toISOString().slice(0, 7);
  const own = new Date(Date.parse(`${month}-01T00:00:00.000Z`) - 8 * 3_600_000).toISOString();
  return rowsTo(s.to) - rowsTo(s.from) + (precount ? PRECOUNT_COST * (rowsTo(s.from) - rowsTo(own)) : 0);
}

function expectContiguous(slices: Slice[], n: number) {
  expect(slices).toHaveLength(n);
  expect(slices[0].from).toBe(window.from);
  expect(slices.at(-1)!.to).toBe(window.to);
  slices.forEach((s, i) => {
    expect(s.from < s.to).toBe(true);
    if (i > 0) expect(s.from).toBe(slices[i - 1].to);
  });
}

describe('cutting the simulation window into slices of equal work', () => {
  it('on an even spread without quotas, cuts where equal durations would', () => {
    const slices = splitByWork(
      window,
      2,
      density(() => 100),
      false,
    );
    expectContiguous(slices, 2);
    const even = splitWindow(window.from, window.to, 2);
    expect(Math.abs(Date.parse(slices[0].to) - Date.parse(even[0].to))).toBeLessThan(60_000);
  });

  it('gives the later slice fewer days when volumes grow, and the threads the same rows', () => {
    const d = density((day) => 100 + 3 * day);
    for (const n of [2, 3, 4]) {
      const slices = splitByWork(window, n, d, false);
      expectContiguous(slices, n);
      const works = slices.map((s) => workOf(d, s, false));
      expect(Math.max(...works) / Math.min(...works)).toBeLessThan(1.01);
      const spans = slices.map((s) => Date.parse(s.to) - Date.parse(s.from));
      expect(spans.at(-1)!).toBeLessThan(spans[0]);
    }
  });

  it("counts a slice's month-to-date pre-count as work when a quota needs it", () => {
    const d = density(() => 100);
    const slices = splitByWork(window, 2, d, true);
    expectContiguous(slices, 2);
    const works = slices.map((s) => workOf(d, s, true));
    expect(Math.max(...works) / Math.min(...works)).toBeLessThan(1.01);
    // The later slice pre-counts its month up to its start, so it is given less of the window.
    const even = splitWindow(window.from, window.to, 2);
    expect(slices[0].to > even[0].to).toBe(true);
  });

  it('falls back to equal durations with no rows to go by, and one thread takes the window', () => {
    expect(
      splitByWork(
        window,
        2,
        density(() => 0),
        true,
      ),
    ).toEqual(splitWindow(window.from, window.to, 2));
    expect(
      splitByWork(
        window,
        1,
        density(() => 5),
        true,
      ),
    ).toEqual([{ from: window.from, to: window.to }]);
  });

  it('gives every thread a slice even when all rows fall on one day', () => {
    const slices = splitByWork(
      window,
      3,
      density((day) => (day === 40 ? 1000 : 0)),
      false,
    );
    expectContiguous(slices, 3);
  });
});
