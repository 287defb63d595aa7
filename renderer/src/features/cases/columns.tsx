import type { ColDef } from 'ag-grid-community';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceCaseRow } from '../../../../shared/contract/cases';
import { isActiveStatus, isCaseOverdue } from '../../../../shared/domain/cases';
import { useFormat } from '../../lib/format';
import { formatDuration, useMinuteClock } from '../frozen/columns';

type T = ReturnType<typeof useTranslation>['t'];

/** "Overdue by 2h 5m" / "3d 4h left" for a case still being worked; a dash once it is done. */
export function caseSlaText(row: Pick<ServiceCaseRow, 'status' | 'slaDueAt'>, now: Date, t: T): string {
  if (!isActiveStatus(row.status)) return t('cases.sla.done');
  const left = Date.parse(row.slaDueAt) - now.getTime();
  const duration = formatDuration(left, t);
  return isCaseOverdue(row.status, row.slaDueAt, now)
    ? t('cases.sla.overdue', { duration })
    : t('cases.sla.left', { duration });
}

export function useServiceCaseColumns(): ColDef<ServiceCaseRow>[] {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const now = useMinuteClock();
  return useMemo<ColDef<ServiceCaseRow>[]>(
    () => [
      { colId: 'caseNo', field: 'caseNo', headerName: t('cases.columns.caseNo'), width: 120 },
      {
        colId: 'kind',
        headerName: t('cases.columns.kind'),
        width: 150,
        valueGetter: (p) => (p.data ? t(`cases.kinds.${p.data.kind}`) : ''),
      },
      {
        colId: 'status',
        headerName: t('cases.columns.status'),
        width: 120,
        valueGetter: (p) => (p.data ? t(`cases.statuses.${p.data.status}`) : ''),
      },
      {
        colId: 'customer',
        headerName: t('cases.columns.customer'),
        width: 120,
        valueGetter: (p) => (p.data ? (i18n.language === 'zh-CN' ? p.data.customerName : p.data.customerNameEn) : ''),
      },
      { colId: 'account', field: 'accountNo', headerName: t('cases.columns.account'), width: 130 },
      { colId: 'summary', field: 'summary', headerName: t('cases.columns.summary'), flex: 1, minWidth: 180 },
      { colId: 'owner', field: 'ownerName', headerName: t('cases.columns.owner'), width: 110 },
      {
        colId: 'openedAt',
        headerName: t('cases.columns.openedAt'),
        width: 150,
        valueGetter: (p) => (p.data ? fmt.dateTime(p.data.openedAt) : ''),
      },
      {
        colId: 'slaDue',
        headerName: t('cases.columns.slaDue'),
        width: 140,
        valueGetter: (p) => (p.data ? caseSlaText(p.data, now, t) : ''),
        cellStyle: (p) => (p.data && isCaseOverdue(p.data.status, p.data.slaDueAt, now) ? { color: '#c62828' } : null),
      },
    ],
    [t, i18n.language, fmt, now],
  );
}
