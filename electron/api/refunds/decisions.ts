import type { ErrorCode } from '../../../shared/contract/errors';
import type { BulkResult, BulkRowResult } from '../../../shared/contract/refunds';
import type { RefundStatus } from '../../../shared/domain/catalog';
import { approvalStep, canMove, isOutsideWindow, type RejectReason } from '../../../shared/domain/refunds';
import { can } from '../../../shared/domain/roles';
import { appendAuditBatch, type AuditEntry } from '../../db/audit';
import { chunks } from '../../db/chunks';
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

/** What every row of one call is judged against: the decision, the approver and the rules' settings. */
interface Judging {
  decision: Decision;
  me: AuthedContext['session'];
  now: Date;
  limits: Awaited<ReturnType<typeof readLimits>> | null;
  windowDays: number;
  overrideWindow: boolean;
}

type Decidable = Awaited<ReturnType<typeof loadDecidable>> extends Map<number, infer R> ? R : never;

/** The requests named, with what the rules need of each and of its transaction. */
async function loadDecidable(trx: Trx, ids: number[]) {
  const rows = await trx
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
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** What one row gets: the change, and the freezes its approver acknowledged (recorded in the audit event). */
type Verdict = Omit<Change, 'ids'> & { acknowledged?: string[] };

/** The change one row gets (status, audit action, columns), or the code it is refused with. */
function judge(row: Decidable, j: Judging): Verdict | ErrorCode {
  const { decision, me } = j;
  const at = j.now.toISOString();
  const change = (status: RefundStatus, action: string, set: Record<string, unknown>) => ({
    status,
    action,
    set: { status, ...set },
  });
  if (decision.kind === 'reject') {
    if (!canMove(row.status, 'rejected')) return 'REFUND_INVALID_STATE';
    if (decision.reason === 'other' && !decision.note?.trim()) return 'REFUND_NOTE_REQUIRED';
    return change('rejected', 'refund.rejected', {
      reject_reason: decision.reason,
      reject_note: decision.note,
      decided_at: at,
    });
  }
  if (row.settled_at && isOutsideWindow(row.settled_at, j.now, j.windowDays) && !j.overrideWindow) {
    return 'REFUND_OUTSIDE_WINDOW';
  }
  // The account's freezes (FREEZE_RULES): refused, or approved only with the warning acknowledged.
  const freeze = verdictOf(row);
  const freezeCode = refundBlocker(freeze, decision.acknowledgeWarnings);
  if (freezeCode) return freezeCode;
  const acknowledged = freeze.effect !== 'allowed' ? { acknowledged: freeze.because } : {};
  const step = approvalStep({
    status: row.status,
    amountMinor: row.amount_minor,
    approverId: me.operatorId,
    approverLimit: j.limits!.mine.get(row.currency) ?? 0,
    highestLimit: j.limits!.highest.get(row.currency) ?? 0,
    requestedBy: row.requested_by,
    firstApproverId: row.first_approver_id,
  });
  if (step.kind === 'refuse') return step.code;
  if (step.kind === 'escalate') {
    if (!decision.escalate) return 'REFUND_OVER_LIMIT';
    return {
      ...change('awaiting_second_approval', 'refund.escalated', { first_approver_id: me.operatorId }),
      ...acknowledged,
    };
  }
  const approved =
    step.as === 'first'
      ? change('approved', 'refund.approved', { first_approver_id: me.operatorId, decided_at: at })
      : change('approved', 'refund.approved', { second_approver_id: me.operatorId, decided_at: at });
  return { ...approved, ...acknowledged };
}

function decisionAudit(ctx: AuthedContext, row: Decidable, change: Verdict, decision: Decision): AuditEntry {
  return {
    ...actor(ctx),
    action: change.action,
    entityType: 'refund_request',
    entityId: row.id,
    before: { status: row.status, version: row.version },
    after: {
      status: change.status,
      version: row.version + 1,
      amountMinor: row.amount_minor,
      ...(decision.kind === 'reject' ? { rejectReason: decision.reason } : {}),
      ...(change.acknowledged ? { freezeAcknowledged: change.acknowledged } : {}),
    },
    note: decision.kind === 'reject' ? decision.note : null,
  };
}

/**
 * Approves or rejects many requests in the caller's transaction. Every row is judged on
 * its own rules (version, state, limit, four-eyes, window) before anything is written;
 * the rows that pass are written together with one audit event each, the rest untouched.
 */
export async function decideMany(ctx: AuthedContext, trx: Trx, items: Item[], decision: Decision): Promise<BulkResult> {
  const me = ctx.session;
  const rows = await loadDecidable(trx, [...new Set(items.map((i) => i.id))]);
  const judging: Judging = {
    decision,
    me,
    now: ctx.now(),
    limits: decision.kind === 'approve' ? await readLimits(trx, me.role) : null,
    windowDays: await readWindowDays(trx),
    overrideWindow: can(me.role, 'refunds.outsideWindow'),
  };

  // Rows that get the same UPDATE (action and columns alike) share one group and one statement.
  const changes = new Map<string, Change>();
  const results: BulkRowResult[] = [];
  const audits: AuditEntry[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    const row = rows.get(item.id);
    if (!row) {
      results.push(fail(item.id, 'NOT_FOUND'));
      continue;
    }
    const verdict = seen.has(item.id) || row.version !== item.expectedVersion ? 'REFUND_CHANGED' : judge(row, judging);
    if (typeof verdict === 'string') {
      results.push(fail(item.id, verdict));
      continue;
    }
    const key = JSON.stringify([verdict.action, verdict.set]);
    const group = changes.get(key) ?? { status: verdict.status, action: verdict.action, set: verdict.set, ids: [] };
    changes.set(key, group);
    group.ids.push(item.id);
    seen.add(item.id);
    results.push({ id: item.id, ok: true, status: verdict.status });
    audits.push(decisionAudit(ctx, row, verdict, decision));
  }

  for (const c of changes.values()) {
    // Versions were checked above inside this same write transaction; nothing can slip in between.
    for (const part of chunks(c.ids)) {
      await trx
        .updateTable('refund_requests')
        .set((eb) => ({ ...c.set, version: eb('version', '+', 1) }))
        .where('id', 'in', part)
        .execute();
    }
  }
  await appendAuditBatch(trx, audits);
  const succeeded = results.filter((r) => r.ok).length;
  return { succeeded, failed: results.length - succeeded, rows: results };
}
