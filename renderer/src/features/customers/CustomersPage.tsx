import { useQuery } from '@tanstack/react-query';
import { Alert, MenuItem, TextField } from '@mui/material';
import type { ColDef } from 'ag-grid-community';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract/session';
import type { CustomerRow } from '../../../../shared/contract/customers';
import { ACCOUNT_STATUSES, SEGMENTS, type AccountStatus, type Segment } from '../../../../shared/domain/catalog';
import { useFormat } from '../../lib/format';
import { InfiniteGrid } from '../../components/InfiniteGrid';
import { PageHeader } from '../../components/PageHeader';
import { navigate, replaceParams, useRoute } from '../../lib/router';
import { CustomerView } from './CustomerView';
import { sharedQueries } from '../../lib/queries';

export function CustomersPage({ session }: { session: SessionInfo }) {
  const route = useRoute();
  const id = Number(route.params.get('id'));
  const accountNo = route.params.get('accountNo');
  if (!id && accountNo) return <OpenByAccount accountNo={accountNo} />;
  return id > 0 ? <CustomerView id={id} session={session} /> : <CustomerList />;
}

/** Links from elsewhere (e.g. a contact's account) name the account: find its customer, then open them. */
function OpenByAccount({ accountNo }: { accountNo: string }) {
  const hits = useQuery(sharedQueries.search(accountNo));
  const hit = hits.data?.find((h) => h.kind === 'customer');
  useEffect(() => {
    if (hit) replaceParams({ id: hit.customerId });
  }, [hit]);
  return hits.isSuccess && !hit ? <Alert severity="warning">{accountNo}</Alert> : null;
}

/** The list's filters live in the URL (Back and a copied link keep them); the search text settles first. */
function useListFilter() {
  const route = useRoute();
  const status = (route.params.get('status') ?? '') as AccountStatus | '';
  const segment = (route.params.get('segment') ?? '') as Segment | '';
  const q = route.params.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text.trim() === q) return;
    const timer = setTimeout(() => replaceParams({ status, segment, q: text.trim() }), 300);
    return () => clearTimeout(timer);
  }, [text, q, status, segment]);
  const filter = useMemo(
    () => ({ ...(status ? { status } : {}), ...(segment ? { segment } : {}), ...(q ? { q } : {}) }),
    [status, segment, q],
  );
  return {
    status,
    segment,
    text,
    setText,
    filter,
    set: (next: { status?: string; segment?: string }) => replaceParams({ status, segment, q, ...next }),
    clear: () => replaceParams({}),
  };
}

function CustomerList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useListFilter();
  const columns = useMemo<ColDef<CustomerRow>[]>(
    () => [
      { colId: 'accountNo', field: 'accountNo', headerName: t('customers.accountNo'), width: 140 },
      { colId: 'nameZh', field: 'nameZh', headerName: t('customers.nameZh'), width: 120 },
      { colId: 'nameEn', field: 'nameEn', headerName: t('customers.nameEn'), width: 160 },
      { colId: 'phone', field: 'phoneMasked', headerName: t('customers.phone'), width: 140 },
      { colId: 'kyc', field: 'kycLevel', headerName: t('customers.kyc'), width: 100 },
      {
        colId: 'segment',
        headerName: t('customers.segment'),
        width: 110,
        valueGetter: (p) => (p.data ? t(`catalog.segment.${p.data.segment as 'standard'}`) : ''),
      },
      {
        colId: 'status',
        headerName: t('customers.status'),
        width: 110,
        valueGetter: (p) => (p.data ? t(`catalog.accountStatus.${p.data.accountStatus}`) : ''),
      },
      {
        colId: 'balance',
        headerName: t('customers.balance'),
        width: 150,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? fmt.money(p.data.balanceMinor, p.data.currency) : ''),
      },
      {
        colId: 'registeredAt',
        headerName: t('customers.registeredAt'),
        width: 180,
        valueGetter: (p) => (p.data ? fmt.dateTime(p.data.registeredAt) : ''),
      },
    ],
    [t, fmt],
  );
  return (
    <>
      <PageHeader title={t('customers.title')}>
        <TextField
          size="small"
          label={t('customers.search')}
          placeholder={t('customers.searchHint')}
          value={list.text}
          onChange={(e) => list.setText(e.target.value)}
          slotProps={{ htmlInput: { maxLength: 40, 'data-testid': 'customers-search' } }}
          sx={{ width: 260 }}
        />
        <TextField
          select
          size="small"
          label={t('customers.segment')}
          value={list.segment}
          onChange={(e) => list.set({ segment: e.target.value })}
          sx={{ width: 150 }}
          data-testid="customers-segment"
        >
          <MenuItem value="">{t('customers.anySegment')}</MenuItem>
          {SEGMENTS.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`catalog.segment.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('customers.status')}
          value={list.status}
          onChange={(e) => list.set({ status: e.target.value })}
          sx={{ width: 150 }}
          data-testid="customers-status"
        >
          <MenuItem value="">{t('customers.anyStatus')}</MenuItem>
          {ACCOUNT_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`catalog.accountStatus.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </PageHeader>
      <InfiniteGrid
        channel="customers:list"
        testId="customers-grid"
        columns={columns}
        filter={list.filter}
        sorts={{ registeredAt: 'registeredAt', nameEn: 'nameEn', balance: 'balance' }}
        defaultSort={{ sort: 'registeredAt', dir: 'desc' }}
        getRowId={(r) => String(r.id)}
        exportName="customers"
        onClearFilters={list.clear}
        onOpen={(r) => navigate('/customers', { id: r.id })}
      />
    </>
  );
}
