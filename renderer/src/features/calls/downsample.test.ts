import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../../shared/contract/calls';
import { downsampleSeries, pointsFor } from './downsample';

const START = Date.parse('2026-11-16T00:00:00.000Z');
const Q = 15 * 60_000;

/** 7 days × 15 minutes, 12 categories: the series that drew ~9,000 SVG elements. */
function week(): SeriesPoint[] {
  return Array.from({ length: 7 * 96 }, (_, i) => {
    const stacks = Array.from({ length: 12 }, (_, k) => (i * 7 + k * 13) % 23);
    const total = stacks.reduce((a, b) => a + b, 0);
    return {
      start: new Date(START + i * Q).toISOString(),
      end: new Date(START + (i + 1) * Q).toISOString(),
      label: `p${i}`,
      total,
      stacks,
      serviceLevel: total ? (i % 10) / 10 : null,
      asaSeconds: total ? i % 40 : null,
      previousTotal: i % 3 === 0 ? null : i,
    };
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('downsampleSeries', () => {
  it('keeps at most one point per 2 px and preserves every sum', () => {
    const series = week();
    for (const width of [300, 640, 1000, 1343]) {
      const shown = downsampleSeries(series, pointsFor(width));
      expect(shown.length).toBeLessThanOrEqual(Math.floor(width / 2));
      expect(sum(shown.map((p) => p.total))).toBe(sum(series.map((p) => p.total)));
      for (let k = 0; k < 12; k++) {
        expect(sum(shown.map((p) => p.stacks[k]))).toBe(sum(series.map((p) => p.stacks[k])));
      }
      expect(sum(shown.map((p) => p.previousTotal ?? 0))).toBe(sum(series.map((p) => p.previousTotal ?? 0)));
      // Merged points tile the range: no gap, no overlap.
      expect(shown[0].start).toBe(series[0].start);
      expect(shown.at(-1)!.end).toBe(series.at(-1)!.end);
      shown.slice(1).forEach((p, i) => expect(p.start).toBe(shown[i].end));
      shown.forEach((p) => expect(p.total).toBe(sum(p.stacks)));
    }
  });

  it('leaves a series that fits as it is', () => {
    const series = week().slice(0, 100);
    expect(downsampleSeries(series, pointsFor(1000))).toBe(series);
  });

  it('weights service level and ASA by volume, and skips intervals without any', () => {
    const [a, b, c] = week().slice(1, 4);
    const run = [
      { ...a, total: 30, serviceLevel: 1, asaSeconds: 10 },
      { ...b, total: 10, serviceLevel: 0, asaSeconds: 50 },
      { ...c, total: 0, serviceLevel: null, asaSeconds: null },
    ];
    const [merged] = downsampleSeries(run, 1);
    expect(merged.serviceLevel).toBeCloseTo(0.75);
    expect(merged.asaSeconds).toBeCloseTo(20);
    expect(merged.total).toBe(40);
  });
});
