import { useQuery } from '@tanstack/react-query';
import DownloadIcon from '@mui/icons-material/Download';
import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import { Alert, Box, Button, MenuItem, Stack, TextField } from '@mui/material';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent, ChainReport } from '../../../../shared/contract/audit';
import type { CsvExportStatus } from '../../../../shared/contract/exports';
import { ApiError, call } from '../../lib/api';
import { runCsvExport } from '../../lib/csv-export';
import { useFormat } from '../../lib/format';
import { replaceParams, useRoute } from '../../lib/router';
import { InfiniteGrid } from '../../components/InfiniteGrid';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toasts';
import { ActionFilter, EntityTypeFilter } from './ActionFilter';
import { AuditDetailDrawer } from './AuditDetailDrawer';
import { useAuditLabels } from './labels';
import { localInputToIso } from '../../../../shared/domain/time';
import { sharedQueries } from '../../lib/queries';
import { WallClockField } from '../../components/WallClockField';
import { ExportProgress } from '../../components/ExportProgress';

const FILTER_KEYS = ['operatorId', 'action', 'entityType', 'entityId', 'from', 'to'] as const;

export function AuditPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const route = useRoute();
  const operators = useQuery(sharedQueries.operatorDirectory());
  const label = useAuditLabels();
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const [report, setReport] = useState<ChainReport | null>(null);
  const [verifying, setVerifying] = useState(false);

  // Filters live in the URL so a filtered view can be linked to and reopened.
  const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, route.params.get(k) ?? ''])) as Record<
    (typeof FILTER_KEYS)[number],
    string
  >;
  const setFilter = (key: (typeof FILTER_KEYS)[number], value: string) => replaceParams({ ...raw, [key]: value });
  const actions = raw.action.split(',').filter(Boolean).slice(0, 60);
  const filter = useMemo(
    () => ({
      ...(raw.operatorId ? { operatorId: Number(raw.operatorId) } : {}),
      // One action, a prefix ('refund.') or a list of them (the Overview links the day's decisions).
      ...(actions.length ? { actions } : {}),
      ...(raw.entityType ? { entityType: raw.entityType } : {}),
      ...(raw.entityId ? { entityId: raw.entityId } : {}),
      ...(raw.from ? { from: localInputToIso(raw.from, fmt.timeZone) } : {}),
      ...(raw.to ? { to: localInputToIso(raw.to, fmt.timeZone) } : {}),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(raw), fmt.timeZone],
  );

  const columns = useMemo<ColDef<AuditEvent>[]>(
    () => [
      { colId: 'id', field: 'id', headerName: '#', width: 90 },
      {
        colId: 'at',
        headerName: t('audit.time'),
        width: 180,
        valueGetter: (p) => (p.data ? fmt.dateTime(p.data.at) : ''),
      },
      {
        colId: 'operator',
        headerName: t('audit.operator'),
        width: 170,
        valueGetter: (p) => p.data?.operatorName ?? t('common.none'),
      },
      {
        colId: 'role',
        headerName: t('audit.role'),
        width: 110,
        valueGetter: (p) => (p.data?.operatorRole ? t(`catalog.role.${p.data.operatorRole}`) : ''),
      },
      {
        colId: 'action',
        headerName: t('audit.action'),
        width: 210,
        valueGetter: (p) => (p.data ? label.action(p.data.action) : ''),
        tooltipValueGetter: (p) => p.data?.action,
      },
      {
        colId: 'entity',
        headerName: t('audit.entity'),
        flex: 1,
        minWidth: 160,
        valueGetter: (p) => (p.data ? label.entity(p.data) : ''),
      },
      {
        colId: 'note',
        field: 'note',
        headerName: t('audit.note'),
        flex: 1,
        minWidth: 140,
        // What an operator typed: literal data, shown as written in every language.
        cellRenderer: (p: { value: string | null }) => <span translate="no">{p.value}</span>,
      },
      {
        colId: 'host',
        headerName: t('audit.host'),
        width: 110,
        valueGetter: (p) => (p.data ? label.host(p.data.host) : ''),
      },
    ],
    [t, fmt, label],
  );

  const verify = async () => {
    setVerifying(true);
    try {
      setReport(await call('audit:verify', {}));
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    } finally {
      setVerifying(false);
    }
  };

  const [exporting, setExporting] = useState<CsvExportStatus | null>(null);
  const cancelExport = useRef<AbortController | null>(null);
  const exportCsv = async () => {
    const abort = (cancelExport.current = new AbortController());
    try {
      const out = await runCsvExport(
        {
          start: () => call('audit:exportCsv', { filter }),
          status: (jobId) => call('audit:exportStatus', { jobId }),
          chunk: (jobId, offset) => call('audit:exportChunk', { jobId, offset }),
          cancel: (jobId) => call('audit:exportCancel', { jobId }),
        },
        `audit-${new Date().toISOString().slice(0, 10)}.csv`,
        setExporting,
        abort.signal,
      );
      if (out.state === 'cancelled') return toast(t('audit.exportCancelled'), 'info');
      toast(
        out.truncated ? t('audit.exportTruncated', { count: out.rows }) : t('audit.exported', { count: out.rows }),
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
    <>
      <PageHeader title={t('audit.title')}>
        <Button
          startIcon={<VerifiedIcon />}
          variant="outlined"
          onClick={verify}
          disabled={verifying}
          data-testid="verify-chain"
        >
          {verifying ? t('audit.verifying') : t('audit.verify')}
        </Button>
        <Button
          startIcon={<DownloadIcon />}
          variant="outlined"
          onClick={exportCsv}
          disabled={exporting !== null}
          data-testid="export-csv"
        >
          {t('audit.export')}
        </Button>
      </PageHeader>
      {exporting ? (
        <Box sx={{ mb: 2 }}>
          <ExportProgress
            status={exporting}
            messages="audit"
            onCancel={() => cancelExport.current?.abort()}
            testId="export"
          />
        </Box>
      ) : null}
      {report ? (
        <Alert
          severity={report.intact ? 'success' : 'error'}
          sx={{ mb: 2 }}
          onClose={() => setReport(null)}
          data-testid="chain-report"
        >
          {report.intact
            ? t('audit.intact', { count: report.checked, ms: report.millis })
            : report.problem === 'checkpoint_invalid'
              ? t('audit.checkpointInvalid')
              : t('audit.broken', {
                  id: report.firstBrokenId,
                  problem: t(`audit.problems.${report.problem ?? 'edited'}`),
                  count: report.checked,
                })}
          {report.checkpoint
            ? ` ${t('audit.anchored', { anchored: report.anchored, checkpoint: report.checkpoint.count })}`
            : null}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          select
          size="small"
          label={t('audit.operator')}
          value={raw.operatorId}
          onChange={(e) => setFilter('operatorId', e.target.value)}
          sx={{ width: 200 }}
          data-testid="filter-operator"
        >
          <MenuItem value="">{t('audit.anyOperator')}</MenuItem>
          {(operators.data ?? []).map((o) => (
            <MenuItem key={o.id} value={String(o.id)}>
              {o.displayName}
            </MenuItem>
          ))}
        </TextField>
        <ActionFilter value={raw.action} onChange={(v) => setFilter('action', v)} />
        <EntityTypeFilter value={raw.entityType} onChange={(v) => setFilter('entityType', v)} />
        <TextField
          size="small"
          label={t('audit.entityId')}
          value={raw.entityId}
          onChange={(e) => setFilter('entityId', e.target.value)}
        />
        <WallClockField
          kind="datetime"
          size="small"
          label={t('audit.from')}
          value={raw.from}
          onChange={(v) => setFilter('from', v)}
          testId="audit-from"
        />
        <WallClockField
          kind="datetime"
          size="small"
          label={t('audit.to')}
          value={raw.to}
          onChange={(v) => setFilter('to', v)}
          testId="audit-to"
        />
        <Button onClick={() => replaceParams({})}>{t('audit.clear')}</Button>
      </Stack>
      <InfiniteGrid
        channel="audit:list"
        testId="audit-grid"
        columns={columns}
        filter={filter}
        sorts={{ id: 'id' }}
        defaultSort={{ sort: 'id', dir: 'desc' }}
        getRowId={(r) => String(r.id)}
        onOpen={setSelected}
        onClearFilters={() => replaceParams({})}
        height="calc(100vh - 270px)"
      />
      <AuditDetailDrawer event={selected} onClose={() => setSelected(null)} />
    </>
  );
}
