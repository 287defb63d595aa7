import { useTheme } from '@mui/material';
import type { ColDef } from 'ag-grid-community';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FreezeCaseRow } from '../../../../shared/contract/frozen';
import { isOverdue } from '../../../../shared/domain/freeze';
import { useFormat } from '../../lib/format';

type T = ReturnType<typeof useTranslation>['t'];

/** "3d 4h", "2h 15m", "40m" in the UI language. */
export function formatDuration(ms: number, t: T): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t('frozen.duration.dh', { d, h });
  if (h > 0) return t('frozen.duration.hm', { h, m });
  return t('frozen.duration.m', { m });
}

/** The time now, refreshed each minute so ages and SLA countdowns move. */
export function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function slaText(row: Pick<FreezeCaseRow, 'status' | 'slaDueAt'>, now: Date, t: T): string {
  const left = Date.parse(row.slaDueAt) - now.getTime();
  if (isOverdue(row.status, row.slaDueAt, now)) return t('frozen.sla.overdue', { duration: formatDuration(left, t) });
  if (left > 0 && ['open', 'in_review', 'escalated', 'awaiting_second_approval'].includes(row.status)) {
    return t('frozen.sla.left', { duration: formatDuration(left, t) });
  }
  return '—';
}

export function useCaseColumns(): ColDef<FreezeCaseRow>[] {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const theme = useTheme();
  const now = useMinuteClock();
  return useMemo<ColDef<FreezeCaseRow>[]>(
    () => [
      // What a reviewer decides on comes first, so Status and Owner fit at 1366 px; the rest scrolls.
      { colId: 'caseNo', field: 'caseNo', headerName: t('frozen.caseNo'), width: 115 },
      {
        colId: 'customer',
        headerName: t('frozen.customer'),
        width: 110,
        valueGetter: (p) => (p.data ? (i18n.language === 'zh-CN' ? p.data.customerName : p.data.customerNameEn) : ''),
      },
      {
        colId: 'reason',
        headerName: t('frozen.reason'),
        width: 170,
        valueGetter: (p) => (p.data ? t(`catalog.freezeReason.${p.data.reason}`) : ''),
      },
      {
        colId: 'risk',
        headerName: t('frozen.risk'),
        width: 88,
        valueGetter: (p) => (p.data ? t(`catalog.risk.${p.data.risk}`) : ''),
        cellStyle: (p) =>
          p.data?.risk === 'high'
            ? { color: theme.palette.error.main, fontWeight: 600 }
            : { color: 'inherit', fontWeight: 'normal' },
      },
      {
        colId: 'age',
        headerName: t('frozen.age'),
        width: 120,
        valueGetter: (p) => (p.data ? formatDuration(now.getTime() - Date.parse(p.data.frozenAt), t) : ''),
      },
      {
        colId: 'slaDue',
        headerName: t('frozen.slaDue'),
        width: 150,
        valueGetter: (p) => (p.data ? slaText(p.data, now, t) : ''),
        tooltipValueGetter: (p) => (p.data ? fmt.dateTime(p.data.slaDueAt) : ''),
        cellStyle: (p) =>
          p.data && isOverdue(p.data.status, p.data.slaDueAt, now)
            ? { color: theme.palette.error.main, fontWeight: 600 }
            : { color: 'inherit', fontWeight: 'normal' },
      },
      {
        colId: 'status',
        headerName: t('frozen.status'),
        width: 130,
        valueGetter: (p) => (p.data ? t(`catalog.caseStatus.${p.data.status}`) : ''),
      },
      {
        colId: 'owner',
        headerName: t('frozen.owner'),
        width: 130,
        valueGetter: (p) => (p.data ? (p.data.ownerName ?? t('frozen.detail.ownerNone')) : ''),
      },
      { colId: 'account', field: 'accountNo', headerName: t('frozen.account'), width: 128 },
      { colId: 'phone', field: 'phoneMasked', headerName: t('frozen.phone'), width: 118 },
      {
        colId: 'frozenAt',
        headerName: t('frozen.frozenAt'),
        flex: 1,
        minWidth: 158,
        valueGetter: (p) => (p.data ? fmt.dateTime(p.data.frozenAt) : ''),
      },
    ],
    [t, i18n.language, fmt, theme, now],
  );
}
