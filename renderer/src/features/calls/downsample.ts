import type { SeriesPoint } from '../../../../shared/contract/calls';

/** Narrowest a point may be drawn: finer detail cannot be seen, only paid for in SVG elements. */
export const PX_PER_POINT = 2;

/** The most points a chart `width` pixels wide shows. */
export function pointsFor(width: number): number {
  return Math.max(1, Math.floor(width / PX_PER_POINT));
}

/** A mean of `values` weighted by `weights`, over the points that have a value (null if none). */
function weightedMean(values: (number | null)[], weights: number[]): number | null {
  let sum = 0;
  let weight = 0;
  let plain = 0;
  let n = 0;
  values.forEach((v, i) => {
    if (v === null) return;
    sum += v * weights[i];
    weight += weights[i];
    plain += v;
    n++;
  });
  if (n === 0) return null;
  return weight > 0 ? sum / weight : plain / n;
}

/**
 * Merges runs of consecutive intervals so at most `maxPoints` remain: volumes (total, each
 * stack, the previous period's) are summed, so every contact is still counted once; service
 * level and ASA become volume-weighted means. A merged point spans its run (start of the
 * first to end of the last), so drilling into it lists exactly the contacts it sums.
 */
export function downsampleSeries(series: SeriesPoint[], maxPoints: number): SeriesPoint[] {
  const size = Math.ceil(series.length / Math.max(1, Math.floor(maxPoints)));
  if (size <= 1) return series;
  const merged: SeriesPoint[] = [];
  for (let i = 0; i < series.length; i += size) {
    const run = series.slice(i, i + size);
    const totals = run.map((p) => p.total);
    const previous = run.map((p) => p.previousTotal).filter((v) => v !== null);
    merged.push({
      start: run[0].start,
      end: run[run.length - 1].end,
      label: run[0].label,
      total: totals.reduce((a, b) => a + b, 0),
      stacks: run[0].stacks.map((_, k) => run.reduce((a, p) => a + p.stacks[k], 0)),
      serviceLevel: weightedMean(
        run.map((p) => p.serviceLevel),
        totals,
      ),
      asaSeconds: weightedMean(
        run.map((p) => p.asaSeconds),
        totals,
      ),
      previousTotal: previous.length ? previous.reduce((a, b) => a + b, 0) : null,
    });
  }
  return merged;
}
