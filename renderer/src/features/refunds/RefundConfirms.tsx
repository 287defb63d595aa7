import { Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { RefundRow } from '../../../../shared/contract/refunds';
import type { SessionInfo } from '../../../../shared/contract/session';
import type { CurrencyCode } from '../../../../shared/domain/money';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { UNDO_SECONDS } from '../../components/Toasts';
import { useFormat } from '../../lib/format';
import { usePaymentMethodLabel } from './columns';

type Confirmable = Pick<
  RefundRow,
  | 'id'
  | 'version'
  | 'refundNo'
  | 'amountMinor'
  | 'currency'
  | 'paymentMethod'
  | 'txnNo'
  | 'requesterName'
  | 'duplicateOf'
  | 'abuse'
>;
const LISTED = 8;

/** The sum of the rows' amounts per currency ("¥1,200.00 + US$30.00"): money is never added across currencies. */
export function useTotal() {
  const fmt = useFormat();
  return (rows: Pick<RefundRow, 'amountMinor' | 'currency'>[]) => {
    const sums = new Map<CurrencyCode, number>();
    for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.amountMinor);
    return [...sums].map(([c, minor]) => fmt.money(minor, c)).join(' + ');
  };
}

/** Before approving one request or many: what, how much in total, to whom, and who approves. */
export function ApproveConfirm(props: {
  rows: Confirmable[] | null;
  session: SessionInfo;
  onConfirm: (rows: Confirmable[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const method = usePaymentMethodLabel();
  const total = useTotal();
  const rows = props.rows ?? [];
  const one = rows.length === 1 ? rows[0] : null;
  const duplicates = rows.filter((r) => r.duplicateOf !== null).length;
  const abusive = rows.filter((r) => r.abuse).length;
  const facts = one
    ? [
        { label: t('refunds.confirm.request'), value: one.refundNo },
        {
          label: t('refunds.confirm.amount'),
          value: fmt.money(one.amountMinor, one.currency),
          testId: 'confirm-total',
        },
        { label: t('refunds.confirm.paidTo'), value: method(one.paymentMethod) },
        { label: t('refunds.confirm.transaction'), value: one.txnNo },
        { label: t('refunds.confirm.requester'), value: one.requesterName ?? t('refunds.system') },
      ]
    : [
        { label: t('refunds.confirm.count'), value: fmt.number(rows.length), testId: 'confirm-count' },
        { label: t('refunds.confirm.total'), value: total(rows), testId: 'confirm-total' },
      ];
  facts.push({ label: t('refunds.confirm.approver'), value: props.session.displayName });
  return (
    <ConfirmDialog
      open={props.rows !== null}
      title={t('refunds.confirm.approveTitle', {
        what: one ? one.refundNo : t('refunds.bulk.selectedCount', { count: rows.length }),
      })}
      facts={facts}
      warning={
        [
          duplicates ? t('refunds.confirm.duplicates', { count: duplicates }) : '',
          abusive ? t('refunds.confirm.abuse', { count: abusive }) : '',
        ]
          .filter(Boolean)
          .join(' ') || undefined
      }
      confirmLabel={t('refunds.confirm.approve')}
      onConfirm={() => props.onConfirm(rows)}
      onClose={props.onClose}
    >
      {one ? null : (
        <Typography variant="body2" component="div" sx={{ mt: 1 }} data-testid="confirm-rows">
          {rows.slice(0, LISTED).map((r) => (
            <div key={r.id}>
              {r.refundNo} · {fmt.money(r.amountMinor, r.currency)} · {method(r.paymentMethod)}
            </div>
          ))}
          {rows.length > LISTED ? <div>{t('refunds.confirm.more', { count: rows.length - LISTED })}</div> : null}
        </Typography>
      )}
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
        {t('refunds.confirm.aboveLimit')}
      </Typography>
    </ConfirmDialog>
  );
}

/** Before a payout: the amount, where the money goes, and that it can still be undone for a few seconds. */
export function PayoutConfirm(props: {
  row: Confirmable | null;
  session: SessionInfo;
  onConfirm: (row: Confirmable) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const method = usePaymentMethodLabel();
  const r = props.row;
  return (
    <ConfirmDialog
      open={!!r}
      title={t('refunds.confirm.payoutTitle', { refundNo: r?.refundNo ?? '' })}
      facts={
        r
          ? [
              {
                label: t('refunds.confirm.amount'),
                value: fmt.money(r.amountMinor, r.currency),
                testId: 'confirm-total',
              },
              { label: t('refunds.confirm.paidTo'), value: method(r.paymentMethod) },
              { label: t('refunds.confirm.transaction'), value: r.txnNo },
              { label: t('refunds.confirm.payer'), value: props.session.displayName },
            ]
          : []
      }
      confirmLabel={t('refunds.confirm.payout')}
      onConfirm={() => r && props.onConfirm(r)}
      onClose={props.onClose}
    >
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
        {t('refunds.confirm.undoable', { seconds: UNDO_SECONDS })}
      </Typography>
    </ConfirmDialog>
  );
}
