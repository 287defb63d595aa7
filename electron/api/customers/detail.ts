import { AppError } from '../../../shared/contract/errors';
import type {
  CustomerCaseRow,
  CustomerContactRow,
  CustomerProfile,
  CustomerRefundRow,
  TimelineEntry,
} from '../../../shared/contract/customer360';
import { maskPhone } from '../../../shared/domain/masking';
import { contactSummary } from '../../db/rows';
import { finishPage, keysetPage } from '../../db/keyset';
import type { HandlerContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { change } from '../core/change';

async function accountOf(ctx: HandlerContext, customerId: number) {
  const row = await ctx.db
    .selectFrom('customers as c')
    .innerJoin('accounts as a', 'a.customer_id', 'c.id')
    .selectAll('c')
    .select(['a.id as account_id', 'a.account_no', 'a.status', 'a.balance_minor', 'a.currency'])
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No customer ${customerId}`);
  return row;
}

export const customer360Handlers: Pick<
  Handlers,
  | 'customers:get'
  | 'customers:unmask'
  | 'customers:refunds'
  | 'customers:cases'
  | 'customers:contacts'
  | 'customers:timeline'
> = {
  async 'customers:get'(ctx, { id }) {
    const r = await accountOf(ctx, id);
    const profile: CustomerProfile = {
      id: r.id,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      phoneMasked: maskPhone(r.phone),
      idTailMasked: `**${r.id_tail.slice(2)}`,
      kycLevel: r.kyc_level,
      segment: r.segment,
      registeredAt: r.registered_at,
      accountId: r.account_id,
      accountNo: r.account_no,
      accountStatus: r.status,
      balanceMinor: r.balance_minor,
      currency: r.currency,
    };
    return profile;
  },

  async 'customers:unmask'(ctx, { id, field, reason }) {
    const r = await accountOf(ctx, id);
    // Seeing the full number is itself an event: who looked, at what, and why.
    await change(ctx, ({ audit }) =>
      audit({
        action: 'customer.unmasked',
        entityType: 'customer',
        entityId: id,
        after: { field },
        note: reason,
      }),
    );
    return { value: field === 'phone' ? r.phone : r.id_tail };
  },

  async 'customers:refunds'(ctx, input) {
    const { account_id } = await accountOf(ctx, input.filter.customerId);
    const page = await keysetPage(
      ctx.db
        .selectFrom('refund_requests as r')
        .innerJoin('transactions as t', 't.id', 'r.transaction_id')
        .where('t.account_id', '=', account_id)
        .select([
          'r.id',
          'r.refund_no',
          't.txn_no',
          'r.amount_minor',
          'r.currency',
          'r.status',
          'r.reason',
          'r.requested_at',
          'r.requested_at as _sort',
          'r.id as _id',
        ]),
      { value: 'r.requested_at', id: 'r.id' },
      input,
    );
    return finishPage(
      page,
      (r): CustomerRefundRow => ({
        id: r.id,
        refundNo: r.refund_no,
        txnNo: r.txn_no,
        amountMinor: r.amount_minor,
        currency: r.currency,
        status: r.status,
        reason: r.reason,
        requestedAt: r.requested_at,
      }),
      null,
    );
  },

  async 'customers:cases'(ctx, input) {
    const { account_id } = await accountOf(ctx, input.filter.customerId);
    const page = await keysetPage(
      ctx.db
        .selectFrom('freeze_cases as f')
        .where('f.account_id', '=', account_id)
        .select([
          'f.id',
          'f.case_no',
          'f.reason',
          'f.risk',
          'f.status',
          'f.frozen_at',
          'f.evidence_rule',
          'f.frozen_at as _sort',
          'f.id as _id',
        ]),
      { value: 'f.frozen_at', id: 'f.id' },
      input,
    );
    return finishPage(
      page,
      (r): CustomerCaseRow => ({
        id: r.id,
        caseNo: r.case_no,
        reason: r.reason,
        risk: r.risk,
        status: r.status,
        frozenAt: r.frozen_at,
        evidenceRule: r.evidence_rule,
      }),
      null,
    );
  },

  async 'customers:contacts'(ctx, input) {
    const { account_id } = await accountOf(ctx, input.filter.customerId);
    const page = await keysetPage(
      ctx.db
        .selectFrom('contacts as k')
        .where('k.account_id', '=', account_id)
        // The case's number by primary key, not a join: the walk stays on the contacts index.
        .select((eb) =>
          eb.selectFrom('freeze_cases as f').select('f.case_no').whereRef('f.id', '=', 'k.case_id').as('case_no'),
        )
        .select([
          'k.id',
          'k.channel',
          'k.category',
          'k.outcome',
          'k.started_at',
          'k.talk_seconds',
          'k.case_id',
          'k.note',
          'k.recording_ref',
          'k.recording_notice',
          'k.started_at as _sort',
          'k.id as _id',
        ]),
      { value: 'k.started_at', id: 'k.id' },
      input,
    );
    return finishPage(
      page,
      (r): CustomerContactRow => ({
        ...contactSummary(r),
        talkSeconds: r.talk_seconds,
        caseId: r.case_id,
        caseNo: r.case_no ?? null,
        recordingRef: r.recording_ref,
        recordingNotice: r.recording_notice === null ? null : r.recording_notice === 1,
      }),
      null,
    );
  },

  /** Everything about the customer, newest first: each source's newest rows before `before`, merged. */
  async 'customers:timeline'(ctx, { customerId, before, limit }) {
    const { account_id } = await accountOf(ctx, customerId);
    const until = before ?? '9999-12-31T00:00:00.000Z';
    const [txns, refunds, cases, contacts, audits] = await Promise.all([
      ctx.db
        .selectFrom('transactions')
        .select(['id', 'created_at as at', 'txn_no', 'operation', 'amount_minor', 'currency', 'status'])
        .where('account_id', '=', account_id)
        .where('created_at', '<', until)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute(),
      ctx.db
        .selectFrom('refund_requests as r')
        .innerJoin('transactions as t', 't.id', 'r.transaction_id')
        .select(['r.id', 'r.requested_at as at', 'r.refund_no', 'r.amount_minor', 'r.currency', 'r.status'])
        .where('t.account_id', '=', account_id)
        .where('r.requested_at', '<', until)
        .orderBy('r.requested_at', 'desc')
        .limit(limit)
        .execute(),
      ctx.db
        .selectFrom('freeze_cases')
        .select(['id', 'frozen_at as at', 'case_no', 'reason', 'status'])
        .where('account_id', '=', account_id)
        .where('frozen_at', '<', until)
        .orderBy('frozen_at', 'desc')
        .limit(limit)
        .execute(),
      ctx.db
        .selectFrom('contacts')
        .select(['id', 'started_at as at', 'channel', 'category', 'outcome'])
        .where('account_id', '=', account_id)
        .where('started_at', '<', until)
        .orderBy('started_at', 'desc')
        .limit(limit)
        .execute(),
      ctx.db
        .selectFrom('audit_events')
        .select(['id', 'at', 'action'])
        .where('entity_type', '=', 'customer')
        .where('entity_id', '=', String(customerId))
        .where('at', '<', until)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
    ]);
    const entries: TimelineEntry[] = [
      ...txns.map(({ id, at, ...s }) => ({ kind: 'transaction' as const, id, at, summary: s })),
      ...refunds.map(({ id, at, ...s }) => ({ kind: 'refund' as const, id, at, summary: s })),
      ...cases.map(({ id, at, ...s }) => ({ kind: 'case' as const, id, at, summary: s })),
      ...contacts.map(({ id, at, ...s }) => ({ kind: 'contact' as const, id, at, summary: s })),
      ...audits.map(({ id, at, ...s }) => ({ kind: 'audit' as const, id, at, summary: s })),
    ];
    return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id)).slice(0, limit);
  },
};
