import type { ErrorCode } from '../../../shared/contract/errors';
import type { BulkResult, BulkRowResult } from '../../../shared/contract/refunds';
import type { RefundStatus } from '../../../shared/domain/catalog';
import { approvalStep, canMove, isOutsideWindow, type RejectReason } from '../../../shared/domain/refunds';
import { can } from '../../../shared/domain/roles';
import { appendAuditBatch, type AuditEntry } from '../../db/audit';
import type { AuthedContext, Trx } from '../core/context';
import { actor } from '../core/permissions';
import { readLimits, readWindowDays } from './queries';
import { freezeColumns, verdictOf } from './freeze-check';
import { refundBlocker } from '../../../shared/domain/freeze';

/**
 * `escalate`: a first approval above the approver's limit moves the request to awaiting
 * second approval. Bulk approval does not escalate: such rows fail with REFUND_OVER_LIMIT.
 */
export type Decision =
  | { kind: 'approve'; escalate: boolean; acknowledgeWarnings: boolean }
  | { kind: 'reject'; reason: RejectReason; note: string | null };

interface Item {
  id: number;
  expectedVersion: number;
}

/** One group of rows that get the same UPDATE. */
interface Change {
  status: RefundStatus;
  action: string;
  set: Record<string, unknown>;
  ids: number[];
}

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: 'No such refund request',
  REFUND_CHANGED: 'The request changed since it was loaded; reload',
  REFUND_INVALID_STATE: 'The request is not in a state that allows this',
  REFUND_FOUR_EYES: 'Four-eyes: the requester or first approver cannot give this approval',
  REFUND_OVER_LIMIT: 'The amount is above your approval limit',
  REFUND_OUTSIDE_WINDOW: 'The transaction is outside the refund window; a supervisor must approve',
  REFUND_NOTE_REQUIRED: 'Reason "other" needs a note',
  JUDICIAL_FREEZE: 'A judicial freeze on the account blocks this refund',
  FREEZE_BLOCKS_PAYOUT: 'The freeze on the account blocks this refund',
  FREEZE_WARNING_NOT_ACKNOWLEDGED: 'The account is frozen: open the request and acknowledge the warning',
};

const fail = (id: number, code: ErrorCode): BulkRowResult => ({ id, ok: false, code, message: MESSAGES[code] ?? code });

/**
 * Approves or rejects many requests in the caller's transaction. Every row is judged on
 * its own rules (version, state, limit, four-eyes, window) before anything is written;
 * the rows that pass are written together with one audit event each, the rest untouched.
 */
export async function decideMany(ctx: AuthedContext, trx: Trx, items: Item[], decision: Decision): Promise<BulkResult> {
  const me = ctx.session;
  const now = ctx.now();
  const at = now.toISOString();
  const ids = [...new Set(items.map((i) => i.id))];
  const rows = new Map(
    (
      await trx
        .selectFrom('refund_requests as r')
        .innerJoin('transactions as t', 't.id', 'r.transaction_id')
        .select([
          'r.id',
          'r.status',
          'r.version',
          'r.amount_minor',
          'r.currency',
          'r.requested_by',
          'r.first_approver_id',
          't.settled_at',
          't.payment_method',
        ])
        .select((eb) => freezeColumns(eb))
        .where('r.id', 'in', ids)
        .execute()
    ).map((r) => [r.id, r]),
  );
  const limits = decision.kind === 'approve' ? await readLimits(trx, me.role) : null;
  const windowDays = await readWindowDays(trx);
  const overrideWindow = can(me.role, 'refunds.outsideWindow');

  const changes = new Map<string, Change>();
  const group = (key: string, status: RefundStatus, action: string, set: Record<string, unknown>) => {
    let c = changes.get(key);
    if (!c) changes.set(key, (c = { status, action, set: { status, ...set }, ids: [] }));
    return c;
  };
  const results: BulkRowResult[] = [];
  const audits: AuditEntry[] = [];
  const seen = new Set<number>();
  /** Requests approved over a freeze warning, with the freezes acknowledged: recorded in the audit event. */
  const acknowledged = new Map<number, string[]>();

  for (const item of items) {
    const row = rows.get(item.id);
    if (!row) {
      results.push(fail(item.id, 'NOT_FOUND'));
      continue;
    }
    if (seen.has(item.id) || row.version !== item.expectedVersion) {
      results.push(fail(item.id, 'REFUND_CHANGED'));
      continue;
    }
    const status = row.status as RefundStatus;
    let change: Change;
    if (decision.kind === 'reject') {
      if (!canMove(status, 'rejected')) {
        results.push(fail(item.id, 'REFUND_INVALID_STATE'));
        continue;
      }
      if (decision.reason === 'other' && !decision.note?.trim()) {
        results.push(fail(item.id, 'REFUND_NOTE_REQUIRED'));
        continue;
      }
      change = group('rejected', 'rejected', 'refund.rejected', {
        reject_reason: decision.reason,
        reject_note: decision.note,
        decided_at: at,
      });
    } else {
      if (row.settled_at && isOutsideWindow(row.settled_at, now, windowDays) && !overrideWindow) {
        results.push(fail(item.id, 'REFUND_OUTSIDE_WINDOW'));
        continue;
      }
      // The account's freezes (FREEZE_RULES): refused, or approved only with the warning acknowledged.
      const freeze = verdictOf(row);
      const freezeCode = refundBlocker(freeze, decision.acknowledgeWarnings);
      if (freezeCode) {
        results.push(fail(item.id, freezeCode));
        continue;
      }
      if (freeze.effect !== 'allowed') acknowledged.set(item.id, freeze.because);
      const step = approvalStep({
        status,
        amountMinor: row.amount_minor,
        approverId: me.operatorId,
        approverLimit: limits!.mine.get(row.currency) ?? 0,
        highestLimit: limits!.highest.get(row.currency) ?? 0,
        requestedBy: row.requested_by,
        firstApproverId: row.first_approver_id,
      });
      if (step.kind === 'refuse' || (step.kind === 'escalate' && !decision.escalate)) {
        results.push(fail(item.id, step.kind === 'refuse' ? step.code : 'REFUND_OVER_LIMIT'));
        continue;
      }
      change =
        step.kind === 'escalate'
          ? group('escalated', 'awaiting_second_approval', 'refund.escalated', { first_approver_id: me.operatorId })
          : step.as === 'first'
            ? group('first', 'approved', 'refund.approved', { first_approver_id: me.operatorId, decided_at: at })
            : group('second', 'approved', 'refund.approved', { second_approver_id: me.operatorId, decided_at: at });
    }
    seen.add(item.id);
    change.ids.push(item.id);
    results.push({ id: item.id, ok: true, status: change.status });
    audits.push({
      ...actor(ctx),
      action: change.action,
      entityType: 'refund_request',
      entityId: item.id,
      before: { status, version: row.version },
      after: {
        status: change.status,
        version: row.version + 1,
        amountMinor: row.amount_minor,
        ...(decision.kind === 'reject' ? { rejectReason: decision.reason } : {}),
        ...(acknowledged.has(item.id) ? { freezeAcknowledged: acknowledged.get(item.id) } : {}),
      },
      note: decision.kind === 'reject' ? decision.note : null,
    });
  }

  for (const c of changes.values()) {
    // Versions were checked above inside this same write transaction; nothing can slip in between.
    for (let i = 0; i < c.ids.length; i += 500) {
      await trx
        .updateTable('refund_requests')
        .set((eb) => ({ ...c.set, version: eb('version', '+', 1) }))
        .where('id', 'in', c.ids.slice(i, i + 500))
        .execute();
    }
  }
  await appendAuditBatch(trx, audits);
  const succeeded = results.filter((r) => r.ok).length;
  return { succeeded, failed: results.length - succeeded, rows: results };
}
