import type { Updateable } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { ServiceCaseDetail } from '../../../shared/contract/cases';
import {
  CASE_PREFIX,
  canMove,
  nextCaseNo,
  type ServiceCaseKind,
  type ServiceCaseStatus,
} from '../../../shared/domain/cases';
import { can } from '../../../shared/domain/roles';
import { appendAudit, type AuditEntry } from '../../db/audit';
import type { ServiceCasesTable } from '../../db/schema-cases';
import type { AuthedContext, Trx } from '../core/context';
import { onceByKey } from '../core/idempotency';
import { actor } from '../core/permissions';
import { insertNote } from '../workspace/notes';
import { loadServiceCase } from './detail';
import { change } from '../core/change';

/** The case as it is now, inside the write transaction; another version means someone got there first. */
export async function readServiceCase(trx: Trx, id: number, expectedVersion: number | null) {
  const row = await trx.selectFrom('service_cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No service case ${id}`);
  if (expectedVersion !== null && row.version !== expectedVersion) {
    throw new AppError('CASE_CHANGED', 'The case changed since it was loaded');
  }
  return { ...row, kind: row.kind as ServiceCaseKind, status: row.status as ServiceCaseStatus };
}
export type ServiceCaseState = Awaited<ReturnType<typeof readServiceCase>>;

/** Writes the case with its version bumped; refuses a move its kind's state machine does not list. */
export async function updateServiceCase(trx: Trx, c: ServiceCaseState, set: Updateable<ServiceCasesTable>) {
  if (set.status && set.status !== c.status && !canMove(c.kind, c.status, set.status as ServiceCaseStatus)) {
    throw new AppError('CASE_STATUS_MOVE', `A ${c.kind} case cannot go from ${c.status} to ${String(set.status)}`);
  }
  const done = await trx
    .updateTable('service_cases')
    .set({ ...set, version: c.version + 1 })
    .where('id', '=', c.id)
    .where('version', '=', c.version)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new AppError('CASE_CHANGED', 'The case changed since it was loaded');
}

export function serviceCaseAudit(
  ctx: AuthedContext,
  caseId: number,
  action: string,
  extra: Partial<AuditEntry>,
): AuditEntry {
  return { ...actor(ctx), action, entityType: 'service_case', entityId: caseId, ...extra };
}

/** A step's note on the case's thread and its audit event, in the step's transaction; returns the audit id. */
export async function noteAndAudit(
  ctx: AuthedContext,
  trx: Trx,
  c: ServiceCaseState,
  action: string,
  note: string,
  change: Partial<AuditEntry>,
): Promise<number> {
  const at = ctx.now().toISOString();
  await insertNote(trx, {
    entityType: 'service_case',
    entityId: c.id,
    operatorId: ctx.session.operatorId,
    body: note,
    at,
  });
  return appendAudit(trx, serviceCaseAudit(ctx, c.id, action, { note, ...change }));
}

/** Ends a case as resolved, with the decision and its note, by the operator taking the step. */
export async function resolveServiceCase(
  ctx: AuthedContext,
  trx: Trx,
  c: ServiceCaseState,
  decision: string,
  note: string,
) {
  const me = ctx.session.operatorId;
  await updateServiceCase(trx, c, {
    status: 'resolved',
    decision,
    decision_note: note,
    decided_at: ctx.now().toISOString(),
    maker_id: me,
    owner_id: c.owner_id ?? me,
  });
}

/** The next case number for a prefix, read inside the write transaction (writes are serialised). */
export async function nextNumber(trx: Trx, table: 'service_cases' | 'freeze_cases', prefix: string): Promise<string> {
  const row = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max('case_no').as('highest'))
    .where('case_no', '>=', prefix)
    .where('case_no', '<', `${prefix}\u{10FFFF}`)
    .executeTakeFirst();
  return nextCaseNo(prefix, row?.highest as string | null | undefined);
}

/** Only a supervisor works a case someone else owns; a finished case is not worked at all. */
export function assertMayWorkCase(ctx: AuthedContext, c: ServiceCaseState): void {
  const session = ctx.session;
  if (c.active !== 1) throw new AppError('CASE_NOT_DECIDABLE', `The case is ${c.status}`);
  if (c.owner_id !== null && c.owner_id !== session.operatorId && !can(session.role, 'cases.approve')) {
    throw new AppError('CASE_OWNED_BY_OTHER', 'Another operator owns this case');
  }
}

export interface StepOutcome {
  auditId: number;
  /** Customers whose page changed (an account frozen, a payee flagged). */
  customerIds?: number[];
  /** Freeze cases opened or changed by this step. */
  freezeCaseIds?: number[];
}

/** Tells every window what one committed step changed. */
export function emitStep(ctx: AuthedContext, caseIds: number[], out: StepOutcome): void {
  if (caseIds.length) ctx.emit('cases:changed', { ids: caseIds });
  ctx.emit('audit:appended', { lastId: out.auditId });
  for (const id of caseIds) ctx.emit('notes:changed', { entityType: 'service_case', entityId: id });
  if (out.customerIds?.length) ctx.emit('customers:changed', { ids: out.customerIds });
  if (out.freezeCaseIds?.length) ctx.emit('frozen:changed', { ids: out.freezeCaseIds });
}

/**
 * One step on a case as a transaction: the version check, the change, its note and its
 * audit event commit together or not at all. With a key, a retry returns the first result.
 */
export async function stepCase(
  ctx: AuthedContext,
  ref: { id: number; expectedVersion: number; idempotencyKey?: string },
  step: (trx: Trx, c: ServiceCaseState) => Promise<StepOutcome>,
): Promise<ServiceCaseDetail> {
  const { result, replayed } = await change(ctx, async ({ trx }) => {
    const work = async () => step(trx, await readServiceCase(trx, ref.id, ref.expectedVersion));
    return ref.idempotencyKey
      ? onceByKey(ctx, trx, ref.idempotencyKey, work)
      : { result: await work(), replayed: false };
  });
  if (!replayed) emitStep(ctx, [ref.id], result);
  return loadServiceCase(ctx.db, ref.id);
}

export interface NewServiceCase {
  kind: ServiceCaseKind;
  status: ServiceCaseStatus;
  customerId: number;
  accountId: number | null;
  contactId: number | null;
  summary: string;
  openedBy: number;
  ownerId?: number | null;
  makerId?: number | null;
  decision?: string | null;
  slaDueAt: string;
  transactionIds?: number[];
  contactIds?: number[];
}

/** Inserts a case with its number and evidence links, in the caller's transaction. */
export async function insertServiceCase(ctx: AuthedContext, trx: Trx, c: NewServiceCase) {
  const caseNo = await nextNumber(trx, 'service_cases', CASE_PREFIX[c.kind]);
  const { id } = await trx
    .insertInto('service_cases')
    .values({
      case_no: caseNo,
      kind: c.kind,
      status: c.status,
      customer_id: c.customerId,
      account_id: c.accountId,
      contact_id: c.contactId,
      summary: c.summary,
      opened_by: c.openedBy,
      opened_at: ctx.now().toISOString(),
      sla_due_at: c.slaDueAt,
      owner_id: c.ownerId ?? null,
      maker_id: c.makerId ?? null,
      decision: c.decision ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contacts = new Set([...(c.contactIds ?? []), ...(c.contactId ? [c.contactId] : [])]);
  const links = [
    ...[...new Set(c.transactionIds ?? [])].map((t) => ({ case_id: id, target: 'transaction' as const, target_id: t })),
    ...[...contacts].map((k) => ({ case_id: id, target: 'contact' as const, target_id: k })),
  ];
  if (links.length) await trx.insertInto('service_case_links').values(links).execute();
  return { id, caseNo };
}
