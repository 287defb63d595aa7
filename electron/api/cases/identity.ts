import { AppError } from '../../../shared/contract/errors';
import type { ServiceCaseDetail } from '../../../shared/contract/cases';
import type { CustomerIdentityState } from '../../../shared/contract/identity';
import {
  IDENTITY_SLA_HOURS,
  identityCarryOutBlocker,
  identityNeedsFourEyes,
  identityOpenBlocker,
  type IdentityAction,
  type LoginLockReason,
} from '../../../shared/domain/identity-security';
import { appendAudit } from '../../db/audit';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { once } from '../core/idempotency';
import { recordCheck } from '../frozen/checklist';
import { insertNote } from '../workspace/notes';
import { loadServiceCase } from './detail';
import { devicesOf } from './kind-facts';
import {
  assertMayWorkCase,
  emitStep,
  insertServiceCase,
  noteAndAudit,
  resolveServiceCase,
  serviceCaseAudit,
  stepCase,
  updateServiceCase,
  type ServiceCaseState,
  type StepOutcome,
} from './store';
import { change } from '../core/change';

const HOUR = 3_600_000;
type OpenInput = Parameters<Handlers['identity:open']>[1];

async function readCustomer(trx: Trx, customerId: number) {
  const c = await trx
    .selectFrom('customers as c')
    .innerJoin('accounts as a', 'a.customer_id', 'c.id')
    .select(['c.id', 'c.login_locked_at', 'c.reset_verified_at', 'a.id as account_id'])
    .where('c.id', '=', customerId)
    .orderBy('a.id')
    .executeTakeFirst();
  if (!c) throw new AppError('NOT_FOUND', `No customer ${customerId}`);
  return c;
}

/** The device named by a case or an open request, with what four-eyes needs to know about it. */
async function readDevice(trx: Trx, deviceId: number) {
  const d = await trx.selectFrom('customer_devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
  if (!d) throw new AppError('NOT_FOUND', `No device ${deviceId}`);
  const others = await trx
    .selectFrom('customer_devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', d.customer_id)
    .where('id', '<>', d.id)
    .where('trusted', '=', 1)
    .where('unbound_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { ...d, otherTrusted: Number(others.n) };
}

async function openIdentity(ctx: AuthedContext, input: OpenInput): Promise<ServiceCaseDetail> {
  const me = ctx.session.operatorId;
  const id = await once<number>(ctx, input.idempotencyKey, async (remember) => {
    const out = await change(ctx, async ({ trx }) => {
      const customer = await readCustomer(trx, input.customerId);
      const device = input.deviceId !== undefined ? await readDevice(trx, input.deviceId) : null;
      let open = trx
        .selectFrom('service_cases as sc')
        .innerJoin('identity_requests as r', 'r.case_id', 'sc.id')
        .select('sc.id')
        .where('sc.customer_id', '=', customer.id)
        .where('sc.active', '=', 1)
        .where('r.action', '=', input.action);
      if (device) open = open.where('r.device_id', '=', device.id);
      const blocker = identityOpenBlocker({
        action: input.action,
        loginLocked: customer.login_locked_at !== null,
        device: device && { customerMatches: device.customer_id === customer.id, bound: device.unbound_at === null },
        openCase: !!(await open.executeTakeFirst()),
      });
      if (blocker) throw new AppError(blocker, `Cannot open an identity case: ${blocker}`);
      if (input.contactId !== undefined) await checkContact(trx, input.contactId, customer.id);
      const at = ctx.now().toISOString();
      const c = await insertServiceCase(ctx, trx, {
        kind: 'identity',
        status: 'open',
        customerId: customer.id,
        accountId: customer.account_id,
        contactId: input.contactId ?? null,
        summary: input.summary,
        openedBy: me,
        ownerId: me,
        slaDueAt: new Date(ctx.now().getTime() + IDENTITY_SLA_HOURS * HOUR).toISOString(),
      });
      const deviceId = input.action === 'device_unbind' ? device!.id : null;
      await trx
        .insertInto('identity_requests')
        .values({ case_id: c.id, action: input.action, device_id: deviceId })
        .execute();
      await insertNote(trx, { entityType: 'service_case', entityId: c.id, operatorId: me, body: input.summary, at });
      const auditId = await appendAudit(
        trx,
        serviceCaseAudit(ctx, c.id, 'identity.opened', {
          after: { caseNo: c.caseNo, action: input.action, deviceId },
          note: input.summary,
        }),
      );
      await remember(trx, c.id);
      return { id: c.id, auditId, customerId: customer.id };
    });
    emitStep(ctx, [out.id], { auditId: out.auditId, customerIds: [out.customerId] });
    return out.id;
  });
  return loadServiceCase(ctx.db, id);
}

/** The contact being logged is about this customer (or about no one yet). */
async function checkContact(trx: Trx, contactId: number, customerId: number) {
  const k = await trx
    .selectFrom('contacts as k')
    .leftJoin('accounts as a', 'a.id', 'k.account_id')
    .select(['k.id', 'a.customer_id'])
    .where('k.id', '=', contactId)
    .executeTakeFirst();
  if (!k) throw new AppError('NOT_FOUND', `No contact ${contactId}`);
  if (k.customer_id !== null && k.customer_id !== customerId) {
    throw new AppError('CONTACT_CASE_MISMATCH', `Contact ${contactId} is about another customer`);
  }
}

async function readRequest(trx: Trx, c: ServiceCaseState) {
  if (c.kind !== 'identity') throw new AppError('CASE_NOT_DECIDABLE', 'Not an identity case');
  return trx.selectFrom('identity_requests').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
}

/** What carrying the case out needs to know, read in the step's transaction. */
async function carryOutFacts(trx: Trx, c: ServiceCaseState) {
  const r = await readRequest(trx, c);
  const customer = await readCustomer(trx, c.customer_id);
  const device = r.device_id !== null ? await readDevice(trx, r.device_id) : null;
  const checks = await trx.selectFrom('service_case_checks').select('check_kind').where('case_id', '=', c.id).execute();
  const passed = checks.map((k) => k.check_kind);
  const blocker = identityCarryOutBlocker({
    action: r.action,
    passed,
    loginLocked: customer.login_locked_at !== null,
    deviceBound: device?.unbound_at === null,
  });
  if (blocker) throw new AppError(blocker, `Cannot carry out: ${blocker}`);
  const fourEyes = identityNeedsFourEyes({
    action: r.action,
    deviceTrusted: device?.trusted === 1,
    otherTrustedDevices: device?.otherTrusted ?? 0,
  });
  return { r, customer, device, passed, fourEyes };
}

/**
 * The case's effect on the customer, in the caller's transaction: the lock cleared, the
 * reset marked verified, or the device unbound. The request records when (0200 requires it).
 */
async function applyEffect(ctx: AuthedContext, trx: Trx, c: ServiceCaseState): Promise<StepOutcome> {
  const { r, customer, device, passed } = await carryOutFacts(trx, c);
  const now = ctx.now().toISOString();
  const action: IdentityAction = r.action;
  let before: Record<string, unknown>;
  let after: Record<string, unknown>;
  if (action === 'unlock') {
    await trx
      .updateTable('customers')
      .set({ login_locked_at: null, login_lock_reason: null })
      .where('id', '=', customer.id)
      .execute();
    before = { loginLockedAt: customer.login_locked_at };
    after = { loginLockedAt: null };
  } else if (action === 'password_reset') {
    await trx.updateTable('customers').set({ reset_verified_at: now }).where('id', '=', customer.id).execute();
    before = { resetVerifiedAt: customer.reset_verified_at };
    after = { resetVerifiedAt: now };
  } else {
    await trx
      .updateTable('customer_devices')
      .set({ unbound_at: now, unbound_case_id: c.id })
      .where('id', '=', device!.id)
      .execute();
    before = { deviceId: device!.id, label: device!.label, bound: true };
    after = { deviceId: device!.id, bound: false };
  }
  await trx.updateTable('identity_requests').set({ carried_out_at: now }).where('case_id', '=', c.id).execute();
  const auditId = await appendAudit(
    trx,
    serviceCaseAudit(ctx, c.id, 'identity.carriedOut', { before, after: { ...after, action, checks: passed } }),
  );
  return { auditId, customerIds: [c.customer_id] };
}

async function decide(ctx: AuthedContext, input: Parameters<Handlers['identity:decide']>[1]) {
  const me = ctx.session.operatorId;
  return stepCase(ctx, input, async (trx, c) => {
    assertMayWorkCase(ctx, c);
    await readRequest(trx, c);
    if (c.status === 'awaiting_approval') throw new AppError('CASE_NOT_DECIDABLE', 'Waiting for a second supervisor');
    const decidedAt = ctx.now().toISOString();
    if (input.decision === 'decline') {
      await updateServiceCase(trx, c, {
        status: 'closed',
        decision: 'decline',
        decision_note: input.note,
        decided_at: decidedAt,
        maker_id: me,
        owner_id: c.owner_id ?? me,
      });
      const auditId = await noteAndAudit(ctx, trx, c, 'identity.declined', input.note, {
        before: { status: c.status },
        after: { status: 'closed' },
      });
      return { auditId };
    }
    const facts = await carryOutFacts(trx, c);
    if (facts.fourEyes) {
      await updateServiceCase(trx, c, {
        status: 'awaiting_approval',
        decision: 'carry_out',
        decision_note: input.note,
        maker_id: me,
        owner_id: c.owner_id ?? me,
      });
      const auditId = await noteAndAudit(ctx, trx, c, 'identity.submitted', input.note, {
        before: { status: c.status },
        after: { status: 'awaiting_approval', makerId: me, checks: facts.passed },
      });
      return { auditId };
    }
    const effect = await applyEffect(ctx, trx, c);
    await resolveServiceCase(ctx, trx, c, 'carry_out', input.note);
    const auditId = await noteAndAudit(ctx, trx, c, 'identity.resolved', input.note, {
      before: { status: c.status },
      after: { status: 'resolved' },
    });
    return { ...effect, auditId };
  });
}

/** A second supervisor approves an identity case that needs four-eyes: its effect, now. */
export const approveIdentity = applyEffect;

export const identityHandlers: Pick<
  Handlers,
  'identity:state' | 'identity:open' | 'identity:check' | 'identity:decide'
> = {
  async 'identity:state'(ctx, { customerId }): Promise<CustomerIdentityState> {
    const c = await ctx.db
      .selectFrom('customers')
      .select(['login_locked_at', 'login_lock_reason', 'reset_verified_at'])
      .where('id', '=', customerId)
      .executeTakeFirst();
    if (!c) throw new AppError('NOT_FOUND', `No customer ${customerId}`);
    return {
      loginLockedAt: c.login_locked_at,
      loginLockReason: c.login_lock_reason as LoginLockReason | null,
      resetVerifiedAt: c.reset_verified_at,
      devices: await devicesOf(ctx.db, customerId),
    };
  },
  'identity:open': openIdentity,

  /** Ticks or unticks one check, with the freeze checklist's own recorder; the first claims the case. */
  async 'identity:check'(ctx, input) {
    const me = ctx.session.operatorId;
    return stepCase(ctx, input, async (trx, c) => {
      assertMayWorkCase(ctx, c);
      await readRequest(trx, c);
      if (c.status === 'awaiting_approval') throw new AppError('CASE_NOT_DECIDABLE', 'Waiting for a second supervisor');
      const { kind, passed } = input;
      await recordCheck(trx, 'service_case_checks', {
        caseId: c.id,
        kind,
        passed,
        operatorId: me,
        at: ctx.now().toISOString(),
      });
      await updateServiceCase(trx, c, {
        owner_id: c.owner_id ?? me,
        status: c.status === 'open' ? 'in_progress' : c.status,
      });
      const auditId = await appendAudit(
        trx,
        serviceCaseAudit(ctx, c.id, 'identity.check', { after: { kind, passed } }),
      );
      return { auditId };
    });
  },
  'identity:decide': decide,
};
