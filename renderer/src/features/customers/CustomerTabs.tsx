import { Tab, Tabs } from '@mui/material';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { SessionInfo } from '../../../../shared/contract/session';
import { NewRefundDialog } from '../refunds/NewRefundDialog';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../../shared/contract/audit';
import type {
  CustomerCaseRow,
  CustomerContactRow,
  CustomerProfile,
  CustomerRefundRow,
} from '../../../../shared/contract/customer360';
import { recordingColumn } from '../cases/recording';
import type { TransactionRow } from '../../../../shared/contract/customers';
import { useFormat } from '../../lib/format';
import { navigate, replaceParams, useRoute } from '../../lib/router';
import { InfiniteGrid } from '../../components/InfiniteGrid';
import { Timeline } from './Timeline';
import { useAuditLabels } from '../audit/labels';
import { ruleLabel } from '../frozen/CaseSections';

const TABS = ['timeline', 'transactions', 'refunds', 'cases', 'contacts', 'audit'] as const;
type TabKey = (typeof TABS)[number];
const HEIGHT = 'calc(100vh - 380px)';

/** Everything about one customer, one keyset-paged grid per tab, each row linked onward. */
export function CustomerTabs({ profile, session }: { profile: CustomerProfile; session: SessionInfo }) {
  const [refunding, setRefunding] = useState<string | null>(null);
  const canRefund = session.permissions.includes('refunds.request');
  const { t } = useTranslation();
  const fmt = useFormat();
  const audit = useAuditLabels();
  const route = useRoute();
  const tab = (TABS as readonly string[]).includes(route.params.get('tab') ?? '')
    ? (route.params.get('tab') as TabKey)
    : 'timeline';
  const col = (key: string) => t(`customer.columns.${key}`);
  const time = (iso: string | undefined) => (iso ? fmt.dateTime(iso) : '');

  const txnColumns = useMemo<ColDef<TransactionRow>[]>(
    () => [
      { colId: 'createdAt', headerName: col('time'), width: 180, valueGetter: (p) => time(p.data?.createdAt) },
      { colId: 'txnNo', field: 'txnNo', headerName: col('txnNo'), width: 140 },
      {
        colId: 'operation',
        headerName: col('operation'),
        width: 130,
        valueGetter: (p) => (p.data ? t(`catalog.operation.${p.data.operation}`) : ''),
      },
      {
        colId: 'channel',
        headerName: col('channel'),
        width: 150,
        valueGetter: (p) => (p.data ? t(`catalog.channel.${p.data.channel}`) : ''),
      },
      {
        colId: 'amount',
        headerName: col('amount'),
        width: 130,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? fmt.money(p.data.amountMinor, p.data.currency) : ''),
      },
      {
        colId: 'fee',
        headerName: col('fee'),
        width: 110,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? fmt.money(p.data.feeMinor, p.data.currency) : ''),
      },
      {
        colId: 'refunded',
        headerName: col('refunded'),
        width: 120,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? fmt.money(p.data.refundedMinor, p.data.currency) : ''),
      },
      {
        colId: 'status',
        headerName: col('status'),
        width: 110,
        valueGetter: (p) => (p.data ? t(`catalog.txnStatus.${p.data.status}`) : ''),
      },
      { colId: 'merchant', field: 'merchant', headerName: col('merchant'), flex: 1 },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, fmt],
  );
  const refundColumns = useMemo<ColDef<CustomerRefundRow>[]>(
    () => [
      { colId: 'at', headerName: col('time'), width: 180, valueGetter: (p) => time(p.data?.requestedAt) },
      { colId: 'refundNo', field: 'refundNo', headerName: col('refundNo'), width: 140 },
      { colId: 'txnNo', field: 'txnNo', headerName: col('txnNo'), width: 140 },
      {
        colId: 'amount',
        headerName: col('amount'),
        width: 130,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? fmt.money(p.data.amountMinor, p.data.currency) : ''),
      },
      {
        colId: 'reason',
        headerName: col('reason'),
        width: 180,
        valueGetter: (p) => (p.data ? t(`catalog.refundReason.${p.data.reason}`) : ''),
      },
      {
        colId: 'status',
        headerName: col('status'),
        flex: 1,
        valueGetter: (p) => (p.data ? t(`catalog.refundStatus.${p.data.status}`) : ''),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, fmt],
  );
  const caseColumns = useMemo<ColDef<CustomerCaseRow>[]>(
    () => [
      { colId: 'at', headerName: col('time'), width: 180, valueGetter: (p) => time(p.data?.frozenAt) },
      { colId: 'caseNo', field: 'caseNo', headerName: col('caseNo'), width: 130 },
      {
        colId: 'reason',
        headerName: col('reason'),
        width: 220,
        valueGetter: (p) => (p.data ? t(`catalog.freezeReason.${p.data.reason}`) : ''),
      },
      {
        colId: 'risk',
        headerName: col('risk'),
        width: 90,
        valueGetter: (p) => (p.data ? t(`catalog.risk.${p.data.risk}`) : ''),
      },
      {
        colId: 'status',
        headerName: col('status'),
        width: 170,
        valueGetter: (p) => (p.data ? t(`catalog.caseStatus.${p.data.status}`) : ''),
      },
      {
        colId: 'rule',
        headerName: col('rule'),
        flex: 1,
        valueGetter: (p) => (p.data ? ruleLabel(t, p.data.evidenceRule) : ''),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, fmt],
  );
  const contactColumns = useMemo<ColDef<CustomerContactRow>[]>(
    () => [
      { colId: 'at', headerName: col('time'), width: 180, valueGetter: (p) => time(p.data?.startedAt) },
      {
        colId: 'channel',
        headerName: col('channel'),
        width: 110,
        valueGetter: (p) => (p.data ? t(`catalog.contactChannel.${p.data.channel}`) : ''),
      },
      {
        colId: 'category',
        headerName: col('category'),
        width: 170,
        valueGetter: (p) => (p.data ? t(`catalog.contactCategory.${p.data.category}`) : ''),
      },
      {
        colId: 'outcome',
        headerName: col('outcome'),
        width: 160,
        valueGetter: (p) => (p.data ? t(`catalog.contactOutcome.${p.data.outcome}`) : ''),
      },
      {
        colId: 'talk',
        headerName: col('talk'),
        width: 110,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? t('customer.columns.minutes', { m: Math.round(p.data.talkSeconds / 60) }) : ''),
      },
      {
        colId: 'linkedCase',
        headerName: col('linkedCase'),
        width: 110,
        valueGetter: (p) => p.data?.caseNo ?? '',
      },
      { colId: 'note', field: 'note', headerName: col('note'), flex: 1 },
      recordingColumn<CustomerContactRow>(t),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, fmt],
  );
  const auditColumns = useMemo<ColDef<AuditEvent>[]>(
    () => [
      { colId: 'id', field: 'id', headerName: '#', width: 90 },
      { colId: 'at', headerName: col('time'), width: 180, valueGetter: (p) => time(p.data?.at) },
      {
        colId: 'operator',
        headerName: t('audit.operator'),
        width: 170,
        valueGetter: (p) => p.data?.operatorName ?? '',
      },
      {
        colId: 'action',
        headerName: t('audit.action'),
        width: 220,
        valueGetter: (p) => (p.data ? audit.action(p.data.action) : ''),
      },
      { colId: 'note', field: 'note', headerName: t('audit.note'), flex: 1 },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, fmt, audit],
  );
  const customer = { customerId: profile.id };
  const byTime = { at: 'at' } as const;
  return (
    <>
      <Tabs
        value={tab}
        onChange={(_e, v: string) => replaceParams({ id: profile.id, tab: v })}
        sx={{ mb: 1 }}
        variant="scrollable"
      >
        {TABS.map((k) => (
          <Tab key={k} value={k} label={t(`customer.tabs.${k}`)} data-testid={`customer-tab-${k}`} />
        ))}
      </Tabs>
      {tab === 'timeline' ? <Timeline customerId={profile.id} /> : null}
      {tab === 'transactions' ? (
        <InfiniteGrid
          channel="transactions:list"
          testId="customer-transactions"
          columns={txnColumns}
          filter={{ accountId: profile.accountId }}
          sorts={{ createdAt: 'createdAt', amount: 'amount' }}
          defaultSort={{ sort: 'createdAt', dir: 'desc' }}
          getRowId={(r) => String(r.id)}
          onOpen={(r) => canRefund && setRefunding(r.txnNo)}
          height={HEIGHT}
        />
      ) : null}
      {tab === 'refunds' ? (
        <InfiniteGrid
          channel="customers:refunds"
          testId="customer-refunds"
          columns={refundColumns}
          filter={customer}
          sorts={byTime}
          defaultSort={{ sort: 'at', dir: 'desc' }}
          getRowId={(r) => String(r.id)}
          onOpen={(r) => navigate('/refunds', { id: r.id })}
          height={HEIGHT}
        />
      ) : null}
      {tab === 'cases' ? (
        <InfiniteGrid
          channel="customers:cases"
          testId="customer-cases"
          columns={caseColumns}
          filter={customer}
          sorts={byTime}
          defaultSort={{ sort: 'at', dir: 'desc' }}
          getRowId={(r) => String(r.id)}
          onOpen={(r) => navigate('/frozen', { id: r.id })}
          height={HEIGHT}
        />
      ) : null}
      {tab === 'contacts' ? (
        <InfiniteGrid
          channel="customers:contacts"
          testId="customer-contacts"
          columns={contactColumns}
          filter={customer}
          sorts={byTime}
          defaultSort={{ sort: 'at', dir: 'desc' }}
          getRowId={(r) => String(r.id)}
          onOpen={(r) => r.caseId && navigate('/frozen', { id: r.caseId })}
          height={HEIGHT}
        />
      ) : null}
      {tab === 'audit' ? (
        <InfiniteGrid
          channel="audit:list"
          testId="customer-audit"
          columns={auditColumns}
          filter={{ entityType: 'customer', entityId: String(profile.id) }}
          sorts={{ id: 'id' }}
          defaultSort={{ sort: 'id', dir: 'desc' }}
          getRowId={(r) => String(r.id)}
          height={HEIGHT}
        />
      ) : null}
      {/* Opening a transaction here asks for a refund against it (the Refunds page has the same dialog). */}
      <NewRefundDialog
        open={refunding !== null}
        initialTxnNo={refunding ?? undefined}
        onClose={() => setRefunding(null)}
      />
    </>
  );
}
