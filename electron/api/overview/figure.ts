import type { OverviewFigure } from '../../../shared/contract/overview';

/**
 * The list input that only counts: no rows (LIMIT 0 reads none) and the total. Overview's figures are counted by
 * each queue's own list handler with the filter its page builds from the figure's params, so
 * a figure always equals the total the linked grid shows.
 */
export const COUNT_ONLY = { limit: 0, after: null, skip: 0, withTotal: true } as const;

/** The figure that opens `route` with `params`, valued at the page's total. */
export function figureOf(
  key: string,
  page: { total?: number | null },
  route: string,
  params: Record<string, string>,
): OverviewFigure {
  return { key, value: page.total ?? 0, route, params };
}
