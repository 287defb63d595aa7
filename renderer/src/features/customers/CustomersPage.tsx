import { useQuery } from '@tanstack/react-query';
import { Alert, MenuItem, TextField } from '@mui/material';
import type { ColDef } from 'ag-grid-community';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract/session';
import type { CustomerRow } from '../../../../shared/contract/customers';
import { ACCOUNT_STATUSES, type AccountStatus } from '../../../../shared/domain/catalog';
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

function CustomerList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [status, setStatus] = useState<AccountStatus | ''>('');
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
          select
          size="small"
          label={t('customers.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value as AccountStatus | '')}
          sx={{ width: 180 }}
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
        filter={status ? { status } : {}}
        sorts={{ registeredAt: 'registeredAt', nameEn: 'nameEn', balance: 'balance' }}
        defaultSort={{ sort: 'registeredAt', dir: 'desc' }}
        getRowId={(r) => String(r.id)}
        onOpen={(r) => navigate('/customers', { id: r.id })}
      />
    </>
  );
}
