import { describe, expect, it } from 'vitest';
import { forecastSeasonal, mape, median } from './forecast';

const SEASON = 336; // a week of 30-minute intervals
const pattern = (i: number) => 30 + 15 * Math.sin((2 * Math.PI * (i % 48)) / 48) + ((i % SEASON) / 48 >= 5 ? -8 : 0);

describe('seasonal forecast', () => {
  it('reproduces a pure weekly pattern exactly', () => {
    const history = Array.from({ length: 4 * SEASON }, (_, i) => pattern(i));
    const f = forecastSeasonal(history, SEASON, SEASON);
    f.forEach((v, h) => expect(v).toBeCloseTo(pattern(4 * SEASON + h), 9));
    expect(mape(history.slice(0, SEASON), f)).toBeCloseTo(0, 9);
  });

  it('follows a steady growth of 3 % a week', () => {
    const grow = (i: number) => pattern(i) * 1.03 ** Math.floor(i / SEASON);
    const history = Array.from({ length: 4 * SEASON }, (_, i) => grow(i));
    const f = forecastSeasonal(history, SEASON, SEASON);
    const actual = Array.from({ length: SEASON }, (_, h) => grow(4 * SEASON + h));
    expect(mape(actual, f)!).toBeLessThan(0.01);
  });

  it('ignores a one-off spike in one week (the median)', () => {
    const history = Array.from({ length: 4 * SEASON }, (_, i) => pattern(i) * (i >= SEASON && i < SEASON + 12 ? 5 : 1));
    const f = forecastSeasonal(history, SEASON, 12);
    f.forEach((v, h) => expect(v).toBeCloseTo(pattern(h), 6));
  });

  it('history need not start on a season boundary, and short history gives zeros', () => {
    const history = Array.from({ length: 4 * SEASON + 7 }, (_, i) => pattern(i));
    const f = forecastSeasonal(history, SEASON, 3);
    f.forEach((v, h) => expect(v).toBeCloseTo(pattern(4 * SEASON + 7 + h), 9));
    expect(forecastSeasonal([1, 2, 3], SEASON, 2)).toEqual([0, 0]);
  });

  it('MAPE skips near-empty intervals; median of an even list averages the middle', () => {
    expect(mape([0, 10, 20], [5, 11, 18], 1)).toBeCloseTo((0.1 + 0.1) / 2, 12);
    expect(mape([0, 0], [1, 1])).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
