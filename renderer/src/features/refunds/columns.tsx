import type { ColDef } from 'ag-grid-community';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefundRow } from '../../../../shared/contract/refunds';
import { refundRate } from '../../../../shared/domain/refunds';
import { useFormat } from '../../lib/format';

/** "bank_card:6222****1234" → "Bank card ****1234"; "balance" → "Wallet balance". */
export function usePaymentMethodLabel() {
  const { t } = useTranslation();
  return useCallback(
    (method: string) => {
      const card = /^bank_card:.*?(\d{4})$/.exec(method);
      return card ? t('refunds.method.card', { card: `****${card[1]}` }) : t('refunds.method.balance');
    },
    [t],
  );
}

/** "5 h" or "3 d" since the request. */
export function useAge() {
  const { t } = useTranslation();
  return useCallback(
    (iso: string, now = Date.now()) => {
      const hours = Math.max(0, Math.floor((now - Date.parse(iso)) / 3_600_000));
      return hours < 48
        ? t('refunds.ageHours', { count: hours })
        : t('refunds.ageDays', { count: Math.floor(hours / 24) });
    },
    [t],
  );
}

const OPEN = new Set(['pending', 'awaiting_second_approval']);

/**
 * The refund-abuse signal in words: "Repeated" for a second request on one transaction, else the
 * customer's 90-day refund rate; empty where the signal is off (shared/domain/refunds isRefundAbuse).
 */
export function useAbuseLabel() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (r: Pick<RefundRow, 'abuse' | 'history'>) => {
      if (!r.abuse) return '';
      if (r.history.sameTransactionRequests > 1) return t('refunds.abuseFlag.repeated');
      const rate = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(
        refundRate(r.history),
      );
      return t('refunds.abuseFlag.rate', { rate });
    },
    [t, i18n.language],
  );
}

/** The customer's name in the UI language (names are data: both are stored). */
export function useCustomerName() {
  const { i18n } = useTranslation();
  return useCallback(
    (r: Pick<RefundRow, 'customerNameZh' | 'customerNameEn'>) =>
      i18n.language === 'zh-CN' ? r.customerNameZh : r.customerNameEn,
    [i18n.language],
  );
}

export function useRefundColumns(): ColDef<RefundRow>[] {
  const { t } = useTranslation();
  const fmt = useFormat();
  const method = usePaymentMethodLabel();
  const age = useAge();
  const abuseLabel = useAbuseLabel();
  const customerName = useCustomerName();
  return useMemo<ColDef<RefundRow>[]>(
    () => [
      { colId: 'refundNo', field: 'refundNo', headerName: t('refunds.columns.refundNo'), width: 130, pinned: 'left' },
      {
        colId: 'status',
        headerName: t('refunds.columns.status'),
        width: 150,
        valueGetter: (p) => (p.data ? t(`catalog.refundStatus.${p.data.status}`) : ''),
      },
      {
        colId: 'amount',
        headerName: t('refunds.columns.amount'),
        width: 120,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? fmt.money(p.data.amountMinor, p.data.currency) : ''),
      },
      {
        colId: 'remaining',
        headerName: t('refunds.columns.remaining'),
        width: 120,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? fmt.money(p.data.remainingMinor, p.data.currency) : ''),
      },
      {
        colId: 'type',
        headerName: t('refunds.columns.type'),
        width: 160,
        valueGetter: (p) => (p.data ? t(`catalog.refundType.${p.data.type}`) : ''),
      },
      {
        colId: 'customer',
        headerName: t('refunds.columns.customer'),
        width: 130,
        valueGetter: (p) => (p.data ? customerName(p.data) : ''),
      },
      {
        colId: 'abuse',
        headerName: t('refunds.columns.abuse'),
        width: 130,
        valueGetter: (p) => (p.data ? abuseLabel(p.data) : ''),
        cellStyle: (p) => (p.data?.abuse ? { color: 'var(--refund-overdue, #d32f2f)', fontWeight: 600 } : null),
      },
      {
        colId: 'duplicate',
        headerName: t('refunds.columns.duplicate'),
        width: 110,
        valueGetter: (p) => (p.data && p.data.duplicateOf !== null ? t('refunds.duplicateFlag') : ''),
      },
      { colId: 'txn', field: 'txnNo', headerName: t('refunds.columns.txn'), width: 140 },
      { colId: 'merchant', field: 'merchant', headerName: t('refunds.columns.merchant'), width: 110 },
      {
        colId: 'txnDate',
        headerName: t('refunds.columns.txnDate'),
        width: 110,
        valueGetter: (p) => (p.data ? fmt.date(p.data.txnCreatedAt) : ''),
      },
      {
        colId: 'method',
        headerName: t('refunds.columns.method'),
        width: 150,
        valueGetter: (p) => (p.data ? method(p.data.paymentMethod) : ''),
      },
      {
        colId: 'captured',
        headerName: t('refunds.columns.captured'),
        width: 120,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? fmt.money(p.data.capturedMinor, p.data.currency) : ''),
      },
      {
        colId: 'reason',
        headerName: t('refunds.columns.reason'),
        width: 130,
        valueGetter: (p) => (p.data ? t(`catalog.refundReason.${p.data.reason}`) : ''),
      },
      {
        colId: 'requester',
        headerName: t('refunds.columns.requester'),
        width: 140,
        valueGetter: (p) => (p.data ? (p.data.requesterName ?? t('refunds.system')) : ''),
      },
      {
        colId: 'requestedAt',
        headerName: t('refunds.columns.age'),
        width: 110,
        valueGetter: (p) => (p.data ? age(p.data.requestedAt) : ''),
        tooltipValueGetter: (p) => (p.data ? fmt.dateTime(p.data.requestedAt) : ''),
      },
      {
        colId: 'sla',
        headerName: t('refunds.columns.sla'),
        width: 150,
        valueGetter: (p) => {
          if (!p.data) return '';
          if (!OPEN.has(p.data.status)) return t('refunds.slaDone');
          return Date.parse(p.data.slaDueAt) < Date.now()
            ? t('refunds.slaOverdue')
            : t('refunds.slaDue', { time: fmt.dateTime(p.data.slaDueAt).slice(0, -3) });
        },
        cellStyle: (p) =>
          p.data && OPEN.has(p.data.status) && Date.parse(p.data.slaDueAt) < Date.now()
            ? { color: 'var(--refund-overdue, #d32f2f)', fontWeight: 600 }
            : null,
      },
      {
        colId: 'assignee',
        headerName: t('refunds.columns.assignee'),
        width: 130,
        valueGetter: (p) => p.data?.assigneeName ?? '',
      },
    ],
    [t, fmt, method, age, abuseLabel, customerName],
  );
}
