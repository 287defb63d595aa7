import { sql } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { BulkRowResult } from '../../../shared/contract/frozen';
import type { ErrorCode } from '../../../shared/contract/errors';
import type { FreezeCaseStatus, FreezeReason } from '../../../shared/domain/catalog';
import { DECIDABLE_STATUSES, unfreezeBlocker } from '../../../shared/domain/freeze';
import { can } from '../../../shared/domain/roles';
import { appendAuditBatch, type AuditEntry } from '../../db/audit';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { onceByKey } from '../core/idempotency';
import { actor } from '../core/permissions';

type BulkInput = Parameters<Handlers['frozen:bulk']>[1];
const CHUNK = 500;

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/**
 * Bulk claim, assign or unfreeze. Each row is judged on its own rules (the same as the
 * single actions) and reported; the rows that pass are written in ONE transaction with
 * their audit events, so a crash (even kill -9) leaves every row all-or-nothing.
 * The work is set-based (a few statements for the whole batch) to stay fast at 500 rows.
 */
async function runBulk(ctx: AuthedContext, trx: Trx, input: BulkInput) {
  const session = ctx.session;
  const me = session.operatorId;
  const supervisor = can(session.role, 'frozen.approve');
  const now = ctx.now().toISOString();
  const ids = [...new Set(input.ids)];
  if (input.action === 'assign') {
    const op = await trx
      .selectFrom('operators')
      .select(['id', 'disabled'])
      .where('id', '=', input.ownerId)
      .executeTakeFirst();
    if (!op || op.disabled) throw new AppError('NOT_FOUND', `No active operator ${input.ownerId}`);
  }
  const cases = new Map<
    number,
    {
      id: number;
      case_no: string;
      account_id: number;
      reason: string;
      risk: string;
      status: string;
      owner_id: number | null;
    }
  >();
  const checks = new Map<number, string[]>();
  for (const part of chunks(ids)) {
    const rows = await trx
      .selectFrom('freeze_cases')
      .select(['id', 'case_no', 'account_id', 'reason', 'risk', 'status', 'owner_id'])
      .where('id', 'in', part)
      .execute();
    for (const r of rows) cases.set(r.id, r);
    if (input.action === 'unfreeze') {
      const marks = await trx
        .selectFrom('identity_checks')
        .select(['case_id', 'check_kind'])
        .where('case_id', 'in', part)
        .execute();
      for (const m of marks) checks.set(m.case_id, [...(checks.get(m.case_id) ?? []), m.check_kind]);
    }
  }

  const results: BulkRowResult[] = [];
  const passed: NonNullable<ReturnType<typeof cases.get>>[] = [];
  for (const id of ids) {
    const c = cases.get(id);
    let code: ErrorCode | null = null;
    if (!c) code = 'NOT_FOUND';
    else {
      const status = c.status as FreezeCaseStatus;
      if (!DECIDABLE_STATUSES.includes(status)) code = 'CASE_NOT_DECIDABLE';
      else if (status === 'escalated' && !supervisor) code = 'FORBIDDEN';
      else if (c.owner_id !== null && c.owner_id !== me && !supervisor) code = 'CASE_OWNED_BY_OTHER';
      else if (input.action === 'unfreeze') {
        code =
          c.risk !== 'low'
            ? 'NOT_LOW_RISK'
            : unfreezeBlocker({ reason: c.reason as FreezeReason, status, checks: checks.get(id) ?? [] });
      }
    }
    results.push({ id, caseNo: c?.case_no ?? null, ok: code === null, code });
    if (code === null && c) passed.push(c);
  }

  const audit: AuditEntry[] = passed.map((c) => {
    const base = { ...actor(ctx), entityType: 'freeze_case', entityId: c.id };
    const nextStatus = input.action === 'unfreeze' ? 'unfrozen' : c.status === 'open' ? 'in_review' : c.status;
    if (input.action === 'unfreeze') {
      return {
        ...base,
        action: 'freeze.decided',
        before: { status: c.status, accountStatus: 'frozen' },
        after: {
          decision: 'unfreeze',
          reasonCode: input.reasonCode,
          status: nextStatus,
          accountStatus: 'active',
          bulk: true,
        },
        note: input.note,
      };
    }
    const owner = input.action === 'assign' ? input.ownerId : me;
    return {
      ...base,
      action: input.action === 'assign' ? 'freeze.assigned' : 'freeze.claimed',
      before: { ownerId: c.owner_id, status: c.status },
      after: { ownerId: owner, status: nextStatus, bulk: true },
    };
  });

  for (const part of chunks(passed)) {
    const partIds = part.map((c) => c.id);
    if (input.action === 'unfreeze') {
      await trx
        .updateTable('freeze_cases')
        .set((eb) => ({
          status: 'unfrozen',
          decision: 'unfreeze',
          decision_reason: input.reasonCode,
          maker_id: me,
          checker_id: null,
          decided_at: now,
          owner_id: eb.fn.coalesce('owner_id', sql.lit(me)),
          version: eb('version', '+', 1),
        }))
        .where('id', 'in', partIds)
        .execute();
      await trx
        .updateTable('accounts')
        .set((eb) => ({ status: 'active', version: eb('version', '+', 1) }))
        .where(
          'id',
          'in',
          part.map((c) => c.account_id),
        )
        .execute();
      await trx
        .insertInto('notes')
        .values(
          part.map((c) => ({
            entity_type: 'freeze_case',
            entity_id: c.id,
            operator_id: me,
            body: input.note,
            created_at: now,
          })),
        )
        .execute();
    } else {
      const owner = input.action === 'assign' ? input.ownerId : me;
      await trx
        .updateTable('freeze_cases')
        .set((eb) => ({
          owner_id: owner,
          status: sql<string>`CASE WHEN status = 'open' THEN 'in_review' ELSE status END`,
          version: eb('version', '+', 1),
        }))
        .where('id', 'in', partIds)
        .execute();
    }
  }
  const lastId = await appendAuditBatch(trx, audit);
  return { results, lastId, changed: passed.map((c) => c.id), accounts: passed.map((c) => c.account_id) };
}

export const frozenBulkHandlers: Pick<Handlers, 'frozen:bulk'> = {
  async 'frozen:bulk'(ctx, input) {
    const { result, replayed } = await ctx.db.transaction().execute((trx) =>
      // A call where no case passed changed nothing, so it stores no key: its retry is judged afresh.
      onceByKey(
        ctx,
        trx,
        input.idempotencyKey,
        () => runBulk(ctx, trx, input),
        (r) => r.changed.length > 0,
      ),
    );
    if (!replayed && result.changed.length) {
      ctx.emit('frozen:changed', { ids: result.changed });
      if (result.lastId !== null) ctx.emit('audit:appended', { lastId: result.lastId });
      if (input.action === 'unfreeze') ctx.emit('customers:changed', { ids: result.accounts });
    }
    return { results: result.results };
  },
};
