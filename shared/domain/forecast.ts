/**
 * Interval forecasting for staffing: a seasonal median with a damped trend.
 *
 * For each slot of the season (a week of 30-minute intervals = 336 slots), the forecast
 * is the median of that slot over the last few seasons, scaled by the growth between the
 * recent and the older half of that history. The median keeps a one-off incident (like
 * the demo's payment outage) from leaking into next week's staffing, which a mean or
 * Holt-Winters' smoothing would do.
 */

export interface SeasonalOptions {
  /** Seasons of history to take the median over (default 4). */
  seasons?: number;
  /** Per-season growth is clipped to ±this (default 0.15), a guard against a noisy ratio. */
  maxGrowth?: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Forecast `horizon` values following `history` (oldest first). The slot of history[i] is
 * i mod season counted from the end, so history need not start on a season boundary.
 */
export function forecastSeasonal(
  history: number[],
  season: number,
  horizon: number,
  opts: SeasonalOptions = {},
): number[] {
  const seasons = Math.min(opts.seasons ?? 4, Math.floor(history.length / season));
  if (seasons === 0) return new Array<number>(horizon).fill(0);
  const n = history.length;
  const at = (k: number, slot: number) => history[n - k * season + slot];
  // Growth per season: the median over slots of (recent half ÷ older half), so a spike in a
  // few intervals moves neither the level nor the trend.
  let growth = 1;
  if (seasons >= 2) {
    const half = Math.floor(seasons / 2);
    const ratios: number[] = [];
    for (let slot = 0; slot < season; slot++) {
      let recent = 0;
      let older = 0;
      for (let k = 1; k <= half; k++) recent += at(k, slot);
      for (let k = seasons - half + 1; k <= seasons; k++) older += at(k, slot);
      if (older > 0 && recent > 0) ratios.push(recent / older);
    }
    const max = opts.maxGrowth ?? 0.15;
    if (ratios.length) {
      const perSeason = median(ratios) ** (1 / (seasons - half));
      growth = Math.min(1 + max, Math.max(1 - max, perSeason));
    }
  }
  // The median sits (seasons + 1) / 2 seasons back from the first forecast season.
  const lift = growth ** ((seasons + 1) / 2);
  const out: number[] = [];
  for (let h = 0; h < horizon; h++) {
    const offset = h % season;
    const values: number[] = [];
    for (let k = 1; k <= seasons; k++) values.push(at(k, offset));
    out.push(Math.max(0, median(values) * lift));
  }
  return out;
}

/**
 * Mean absolute percentage error over the intervals whose actual volume is at least
 * `minActual` (a near-empty night interval would otherwise dominate the figure).
 */
export function mape(actual: number[], forecast: number[], minActual = 1): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < Math.min(actual.length, forecast.length); i++) {
    if (actual[i] < minActual) continue;
    sum += Math.abs(actual[i] - forecast[i]) / actual[i];
    n++;
  }
  return n ? sum / n : null;
}
