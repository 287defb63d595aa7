import { useTranslation } from 'react-i18next';
import type { BulkResult, RefundRow } from '../../../../shared/contract/refunds';
import type { RejectReason } from '../../../../shared/domain/refunds';
import { ApiError, call } from '../../lib/api';
import { useToast } from '../../components/Toasts';

const keys = new Map<string, string>();

/**
 * One idempotency key per intent: the same action on the same request at the same
 * version reuses its key, so a double click or a retry can never act twice.
 */
export function intentKey(action: string, id: number | string, version: number | string): string {
  const intent = `${action}:${id}@${version}`;
  let k = keys.get(intent);
  if (!k) {
    k = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    keys.set(intent, k);
  }
  return k;
}

type Target = Pick<RefundRow, 'id' | 'version' | 'refundNo'>;

/** The refund actions with their toasts; each resolves to the updated row, or null when refused. */
export function useRefundActions() {
  const { t } = useTranslation();
  const toast = useToast();

  async function run<T>(action: () => Promise<T>, message: (out: T) => [string, 'success' | 'warning']) {
    try {
      const out = await action();
      const [text, severity] = message(out);
      toast(text, severity);
      return out;
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
      return null;
    }
  }
  const target = (r: Target) => ({ id: r.id, expectedVersion: r.version });

  return {
    /** `acknowledgeWarnings`: the approver confirmed the account's freeze warning in the panel. */
    approve: (r: Target, acknowledgeWarnings = false) =>
      run(
        () =>
          call('refunds:approve', {
            ...target(r),
            acknowledgeWarnings,
            idempotencyKey: intentKey('approve', r.id, r.version),
          }),
        (out) =>
          out.status === 'awaiting_second_approval'
            ? [t('refunds.done.escalated', { refundNo: r.refundNo }), 'warning']
            : [t('refunds.done.approved', { refundNo: r.refundNo }), 'success'],
      ),
    reject: (r: Target, reason: RejectReason, note: string) =>
      run(
        () =>
          call('refunds:reject', {
            ...target(r),
            reason,
            ...(note ? { note } : {}),
            idempotencyKey: intentKey('reject', r.id, r.version),
          }),
        () => [t('refunds.done.rejected', { refundNo: r.refundNo }), 'success'],
      ),
    payout: (r: Target, acknowledgeWarnings = false) =>
      run(
        () =>
          call('refunds:payout', {
            ...target(r),
            acknowledgeWarnings,
            idempotencyKey: intentKey('payout', r.id, r.version),
          }),
        (out) =>
          out.status === 'paid'
            ? [t('refunds.done.paid', { refundNo: r.refundNo }), 'success']
            : [t('refunds.done.failed', { refundNo: r.refundNo }), 'warning'],
      ),
    returnToPending: (r: Target, note: string) =>
      run(
        () => call('refunds:returnToPending', { ...target(r), note }),
        () => [t('refunds.done.returned', { refundNo: r.refundNo }), 'success'],
      ),
    cancel: (r: Target, note: string) =>
      run(
        () => call('refunds:cancel', { ...target(r), note }),
        () => [t('refunds.done.cancelled', { refundNo: r.refundNo }), 'success'],
      ),
    claim: (r: Target) =>
      run(
        () => call('refunds:claim', target(r)),
        () => [t('refunds.done.claimed', { refundNo: r.refundNo }), 'success'],
      ),
    bulk: async (
      rows: Target[],
      decision: { kind: 'approve' } | { kind: 'reject'; reason: RejectReason; note: string },
    ) => {
      const items = rows.map(target);
      const idempotencyKey = intentKey(
        decision.kind,
        items.map((i) => i.id).join(','),
        items.map((i) => i.expectedVersion).join(','),
      );
      try {
        return decision.kind === 'approve'
          ? await call('refunds:bulkApprove', { items, idempotencyKey })
          : await call('refunds:bulkReject', {
              items,
              reason: decision.reason,
              ...(decision.note ? { note: decision.note } : {}),
              idempotencyKey,
            });
      } catch (err) {
        toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
        return null as BulkResult | null;
      }
    },
  };
}
