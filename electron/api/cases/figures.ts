import type { ParsedInputOf } from '../../../shared/contract';
import type { OverviewFigure } from '../../../shared/contract/overview';
import type { AuthedContext } from '../core/context';
import { COUNT_ONLY, figureOf } from '../overview/figure';
import { listServiceCases } from './queries';

type CaseFilter = ParsedInputOf<'cases:list'>['filter'];

/** A figure counted by the case queue's own list handler (see COUNT_ONLY). */
async function caseFigure(ctx: AuthedContext, key: string, filter: CaseFilter, params: Record<string, string>) {
  const page = await listServiceCases(ctx, { sort: 'slaDue', dir: 'asc', ...COUNT_ONLY, filter });
  return figureOf(key, page, '/cases', params);
}

/** Open complaints past their deadline, fraud reports this business week, closures awaiting approval. */
export async function serviceCaseFigures(ctx: AuthedContext): Promise<OverviewFigure[]> {
  return [
    await caseFigure(
      ctx,
      'complaintsOverdue',
      { kind: 'complaint', status: 'active', overdue: true },
      { kind: 'complaint', overdue: '1' },
    ),
    await caseFigure(
      ctx,
      'fraudReportsThisWeek',
      { kind: 'fraud_report', opened: 'thisWeek' },
      { kind: 'fraud_report', status: 'any', opened: 'thisWeek' },
    ),
    await caseFigure(
      ctx,
      'closuresAwaitingApproval',
      { kind: 'closure', status: 'awaiting_approval' },
      { kind: 'closure', status: 'awaiting_approval' },
    ),
  ];
}
