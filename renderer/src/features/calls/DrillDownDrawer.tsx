import DownloadIcon from '@mui/icons-material/Download';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordingColumn, recordingText } from '../cases/recording';
import { ExportProgress } from '../../components/ExportProgress';
import type { ContactRow } from '../../../../shared/contract/calls';
import { ZoneClock } from '../../../../shared/domain/business-time';
import { ApiError, call } from '../../lib/api';
import { runCsvExport } from '../../lib/csv-export';
import type { CsvExportStatus } from '../../../../shared/contract/exports';
import { useFormat } from '../../lib/format';
import { navigate } from '../../lib/router';
import { InfiniteGrid } from '../../components/InfiniteGrid';
import { SideDrawer } from '../../components/SideDrawer';
import { useToast } from '../../components/Toasts';
import type { DrillTarget } from './drill';

/** The contacts behind a bar, point or cell, with the chart's filters; the grid total is the chart's figure. */
export function DrillDownDrawer({ target, onClose }: { target: DrillTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const [selected, setSelected] = useState<ContactRow | null>(null);
  const columns = useMemo<ColDef<ContactRow>[]>(
    () => [
      {
        colId: 'startedAt',
        headerName: t('calls.drill.columns.startedAt'),
        width: 170,
        valueGetter: (p) => (p.data ? fmt.dateTime(p.data.startedAt) : ''),
      },
      {
        colId: 'channel',
        headerName: t('calls.drill.columns.channel'),
        width: 100,
        valueGetter: (p) => (p.data ? t(`catalog.contactChannel.${p.data.channel}`) : ''),
      },
      {
        colId: 'category',
        headerName: t('calls.drill.columns.category'),
        width: 130,
        valueGetter: (p) => (p.data ? t(`catalog.contactCategory.${p.data.category}`) : ''),
      },
      {
        colId: 'outcome',
        headerName: t('calls.drill.columns.outcome'),
        width: 100,
        valueGetter: (p) => (p.data ? t(`catalog.contactOutcome.${p.data.outcome}`) : ''),
      },
      {
        colId: 'queue',
        field: 'queueSeconds',
        headerName: t('calls.drill.columns.queue'),
        width: 90,
        type: 'rightAligned',
      },
      {
        colId: 'handle',
        field: 'handleSeconds',
        headerName: t('calls.drill.columns.handle'),
        width: 100,
        type: 'rightAligned',
      },
      { colId: 'agent', field: 'agentName', headerName: t('calls.drill.columns.agent'), width: 140 },
      { colId: 'account', field: 'accountNo', headerName: t('calls.drill.columns.account'), width: 130 },
      { colId: 'case', field: 'caseNo', headerName: t('calls.drill.columns.case'), width: 110 },
      {
        colId: 'source',
        headerName: t('calls.drill.columns.source'),
        width: 100,
        valueGetter: (p) =>
          p.data ? t(`catalog.contactSource.${p.data.source}`, { defaultValue: p.data.source }) : '',
      },
      { colId: 'note', field: 'note', headerName: t('calls.drill.columns.note'), flex: 1, minWidth: 120 },
      recordingColumn<ContactRow>(t),
    ],
    [t, fmt],
  );

  const [exporting, setExporting] = useState<CsvExportStatus | null>(null);
  const cancelExport = useRef<AbortController | null>(null);
  const exportRows = async () => {
    if (!target) return;
    const abort = (cancelExport.current = new AbortController());
    try {
      const { filter } = target;
      const out = await runCsvExport(
        {
          start: () => call('contacts:exportCsv', { filter }),
          status: (jobId) => call('contacts:exportStatus', { jobId }),
          chunk: (jobId, offset) => call('contacts:exportChunk', { jobId, offset }),
          cancel: (jobId) => call('contacts:exportCancel', { jobId }),
        },
        `contacts-${new ZoneClock(fmt.timeZone).date(Date.parse(filter.from))}.csv`,
        setExporting,
        abort.signal,
      );
      if (out.state === 'cancelled') return toast(t('calls.drill.exportCancelled'), 'info');
      toast(
        t(out.truncated ? 'calls.drill.exportTruncated' : 'calls.drill.exported', { count: out.rows }),
        out.truncated ? 'warning' : 'success',
      );
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    } finally {
      setExporting(null);
      cancelExport.current = null;
    }
  };

  return (
    <SideDrawer
      open={!!target}
      onClose={onClose}
      width="min(1100px, 92vw)"
      title={target ? <span data-testid="drill-title">{`${t('calls.drill.title')} · ${target.title}`}</span> : ''}
      actions={
        target ? (
          <>
            <Typography variant="body2" color="text.secondary" data-testid="drill-figure" noWrap>
              {t('calls.drill.chartFigure', { count: target.figure, formatted: fmt.number(target.figure) })}
            </Typography>
            <Button
              size="small"
              startIcon={<DownloadIcon />}
              onClick={exportRows}
              disabled={exporting !== null}
              data-testid="drill-export"
            >
              {t('calls.drill.export')}
            </Button>
          </>
        ) : null
      }
    >
      {target ? (
        <Stack spacing={1.5} sx={{ height: '100%' }} data-testid="drill-down">
          {exporting ? (
            <ExportProgress
              status={exporting}
              messages="calls.drill"
              onCancel={() => cancelExport.current?.abort()}
              testId="drill-export"
            />
          ) : null}
          <InfiniteGrid
            channel="contacts:list"
            testId="drill-grid"
            columns={columns}
            filter={target.filter}
            sorts={{ startedAt: 'startedAt' }}
            defaultSort={{ sort: 'startedAt', dir: 'desc' }}
            getRowId={(r) => String(r.id)}
            onOpen={setSelected}
            height="calc(100vh - 190px)"
          />
          {selected ? (
            <Alert
              severity="info"
              icon={false}
              onClose={() => setSelected(null)}
              action={
                <Button
                  size="small"
                  startIcon={<PersonSearchIcon />}
                  disabled={selected.accountId === null}
                  onClick={() =>
                    navigate('/customers', { accountId: selected.accountId, accountNo: selected.accountNo })
                  }
                  data-testid="open-customer"
                >
                  {t('calls.drill.openCustomer')}
                </Button>
              }
            >
              <Box component="span">
                {fmt.dateTime(selected.startedAt)} · {t(`catalog.contactChannel.${selected.channel}`)} ·{' '}
                {t(`catalog.contactCategory.${selected.category}`)} · {selected.accountNo ?? t('calls.drill.noAccount')}
                {selected.note ? ` · ${selected.note}` : ''} · {t('cases.recording.column')}:{' '}
                <span data-testid="selected-recording">{recordingText(selected, t)}</span>
              </Box>
            </Alert>
          ) : null}
        </Stack>
      ) : null}
    </SideDrawer>
  );
}
