import { countOf } from '../../workers/count-thread';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { ParsedInputOf } from '../../../shared/contract';
import type { ServiceCaseRow, serviceCaseFilter } from '../../../shared/contract/cases';
import type { Page } from '../../../shared/contract/define';
import type { ServiceCaseKind, ServiceCaseStatus } from '../../../shared/domain/cases';
import { cachedCount, finishPage, keysetPage, sortColumns, totalChanges, type SortKey } from '../../db/keyset';
import type { DB } from '../../db/schema';
import type { AuthedContext } from '../core/context';
import { readSettings } from '../../db/settings';
import { startOfZonedWeek } from '../../../shared/domain/time';

const SORTS: Record<string, SortKey> = {
  slaDue: { value: 'sc.sla_due_at', id: 'sc.id' },
  openedAt: { value: 'sc.opened_at', id: 'sc.id' },
};

type Filter = z.output<z.ZodObject<typeof serviceCaseFilter>>;
type CaseEb = ExpressionBuilder<DB & { sc: DB['service_cases'] }, 'sc'>;

function conditions(eb: CaseEb, f: Filter, me: number, now: string, weekStart: string): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  if (f.kind) where.push(eb('sc.kind', '=', f.kind));
  if (f.status === 'active' || (f.overdue && !f.status)) where.push(eb('sc.active', '=', 1));
  else if (f.status) where.push(eb('sc.status', '=', f.status));
  if (f.overdue) where.push(eb('sc.sla_due_at', '<', now));
  if (f.owner === 'mine') where.push(eb('sc.owner_id', '=', me));
  else if (f.owner === 'unassigned') where.push(eb('sc.owner_id', 'is', null));
  else if (f.owner !== undefined) where.push(eb('sc.owner_id', '=', f.owner));
  if (f.customerId !== undefined) where.push(eb('sc.customer_id', '=', f.customerId));
  if (f.opened === 'thisWeek') where.push(eb('sc.opened_at', '>=', weekStart));
  if (f.q) {
    const q = f.q.toUpperCase();
    where.push(sql<SqlBool>`(sc.case_no >= ${q} AND sc.case_no < ${q + '\u{10FFFF}'})`);
  }
  return where;
}

/** The columns of a queue row; display names are correlated lookups so the sort index drives the walk. */
export function caseRowColumns(eb: ExpressionBuilder<DB & { sc: DB['service_cases'] }, 'sc'>) {
  const customer = (col: 'name_zh' | 'name_en') =>
    eb.selectFrom('customers as cu').select(`cu.${col}`).whereRef('cu.id', '=', 'sc.customer_id');
  return [
    'sc.id',
    'sc.case_no',
    'sc.kind',
    'sc.status',
    'sc.customer_id',
    'sc.summary',
    'sc.owner_id',
    'sc.opened_at',
    'sc.sla_due_at',
    'sc.version',
    customer('name_zh').as('name_zh'),
    customer('name_en').as('name_en'),
    eb.selectFrom('accounts as ac').select('ac.account_no').whereRef('ac.id', '=', 'sc.account_id').as('account_no'),
    eb.selectFrom('operators as ow').select('ow.display_name').whereRef('ow.id', '=', 'sc.owner_id').as('owner_name'),
  ] as const;
}

interface RowFields {
  id: number;
  case_no: string;
  kind: string;
  status: string;
  customer_id: number;
  summary: string;
  owner_id: number | null;
  opened_at: string;
  sla_due_at: string;
  version: number;
  name_zh: string | null;
  name_en: string | null;
  account_no: string | null;
  owner_name: string | null;
}

export function toCaseRow(r: RowFields): ServiceCaseRow {
  return {
    id: r.id,
    caseNo: r.case_no,
    kind: r.kind as ServiceCaseKind,
    status: r.status as ServiceCaseStatus,
    customerId: r.customer_id,
    customerName: r.name_zh ?? '',
    customerNameEn: r.name_en ?? '',
    accountNo: r.account_no,
    summary: r.summary,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    openedAt: r.opened_at,
    slaDueAt: r.sla_due_at,
    version: r.version,
  };
}

/** The service-case queue: one keyset page in (sort value, id) order, with a cached total. */
export async function listServiceCases(
  ctx: AuthedContext,
  input: ParsedInputOf<'cases:list'>,
): Promise<Page<ServiceCaseRow>> {
  const me = ctx.session.operatorId;
  const now = ctx.now().toISOString();
  const weekStart = startOfZonedWeek(ctx.now(), readSettings(ctx.engine).timeZone);
  const key = SORTS[input.sort];
  const base = ctx.db
    .selectFrom('service_cases as sc')
    .where((eb) => eb.and(conditions(eb as CaseEb, input.filter, me, now, weekStart)));
  const page = await keysetPage(
    base.select((eb) => [...caseRowColumns(eb as CaseEb), ...sortColumns(key)]),
    key,
    input,
  );
  const total = input.withTotal
    ? await cachedCount(
        `cases:${me}:${now.slice(0, 16)}:${weekStart}:${JSON.stringify(input.filter)}`,
        await totalChanges(ctx),
        () =>
          countOf(
            ctx,
            base.select((eb) => eb.fn.countAll<number>().as('n')),
          ),
      )
    : null;
  return finishPage(page, toCaseRow, total);
}
