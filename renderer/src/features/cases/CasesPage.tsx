import { useQuery } from '@tanstack/react-query';
import KeyboardIcon from '@mui/icons-material/Keyboard';
import { Button, Checkbox, FormControlLabel, IconButton, MenuItem, Stack, TextField, Tooltip } from '@mui/material';
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceCaseRow } from '../../../../shared/contract/cases';
import type { SessionInfo } from '../../../../shared/contract/session';
import type { ViewState } from '../../../../shared/contract/views';
import { SERVICE_CASE_KINDS, SERVICE_CASE_STATUSES } from '../../../../shared/domain/cases';
import { ApiError, call } from '../../lib/api';
import { sharedQueries } from '../../lib/queries';
import { replaceParams, useRoute } from '../../lib/router';
import { InfiniteGrid } from '../../components/InfiniteGrid';
import { PageHeader } from '../../components/PageHeader';
import { captureView, restoreView, SavedViews } from '../../components/SavedViews';
import { useToast } from '../../components/Toasts';
import { ShortcutsDialog } from '../frozen/ShortcutsDialog';
import { useServiceCaseColumns } from './columns';
import { ServiceCaseDrawer } from './ServiceCaseDrawer';
import { ComplaintReport } from './ComplaintReport';

/** Filters live in the URL, so a view is linkable (the Overview links here); `id` is the open case. */
const FILTER_KEYS = ['kind', 'status', 'owner', 'overdue', 'opened', 'q'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

function FilterSelect(props: {
  name: FilterKey;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      sx={{ width: 180 }}
      data-testid={`case-filter-${props.name}`}
    >
      {props.options.map(([value, text]) => (
        <MenuItem key={value} value={value} data-testid={`case-filter-${props.name}-${value || 'none'}`}>
          {text}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The service-case queue: every kind in one grid, with saved views and keyboard work. */
export function CasesPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const toast = useToast();
  const route = useRoute();
  const operators = useQuery(sharedQueries.operatorDirectory());
  const columns = useServiceCaseColumns();
  const gridApi = useRef<GridApi<ServiceCaseRow> | null>(null);
  const [help, setHelp] = useState(false);
  const [report, setReport] = useState(false);
  const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, route.params.get(k) ?? ''])) as Record<FilterKey, string>;
  const openId = Number(route.params.get('id')) || null;
  const setParams = (next: Partial<Record<FilterKey | 'id', string | number | null>>) =>
    replaceParams({ ...raw, id: openId, ...next });

  const filter = useMemo(
    () => ({
      ...(raw.kind ? { kind: raw.kind as 'complaint' } : {}),
      ...(raw.status === 'any' ? {} : { status: (raw.status || 'active') as 'active' }),
      ...(raw.owner
        ? { owner: raw.owner === 'mine' || raw.owner === 'unassigned' ? (raw.owner as 'mine') : Number(raw.owner) }
        : {}),
      ...(raw.overdue === '1' ? { overdue: true } : {}),
      ...(raw.opened === 'thisWeek' ? { opened: 'thisWeek' as const } : {}),
      ...(raw.q.trim() ? { q: raw.q.trim().slice(0, 20) } : {}),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(raw)],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (e.key === '?') setHelp(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const claim = useCallback(
    async (row: ServiceCaseRow) => {
      try {
        await call('cases:claim', { id: row.id, expectedVersion: row.version });
        toast(t('cases.detail.claimed'));
      } catch (err) {
        toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
      }
    },
    [t, toast],
  );
  const apply = (state: ViewState) =>
    replaceParams({ ...restoreView(state, FILTER_KEYS, gridApi.current), id: openId });

  return (
    <>
      <PageHeader title={t('cases.title')}>
        <Button onClick={() => setReport(true)} data-testid="complaint-report-open">
          {t('cases.complaint.report')}
        </Button>
        <SavedViews page="cases" capture={() => captureView(raw, gridApi.current)} apply={apply} />
        <Tooltip title={t('cases.shortcuts.title')}>
          <IconButton onClick={() => setHelp(true)} aria-label={t('cases.shortcuts.title')}>
            <KeyboardIcon />
          </IconButton>
        </Tooltip>
      </PageHeader>
      <Stack direction="row" spacing={1} sx={{ mb: 1.5, flexWrap: 'wrap', rowGap: 1 }}>
        <FilterSelect
          name="kind"
          label={t('cases.filters.kind')}
          value={raw.kind}
          onChange={(v) => setParams({ kind: v })}
          options={[
            ['', t('cases.filters.anyKind')],
            ...SERVICE_CASE_KINDS.map((k): [string, string] => [k, t(`cases.kinds.${k}`)]),
          ]}
        />
        <FilterSelect
          name="status"
          label={t('cases.filters.status')}
          value={raw.status}
          onChange={(v) => setParams({ status: v })}
          options={[
            ['', t('cases.filters.activeQueue')],
            ['any', t('cases.filters.anyStatus')],
            ...SERVICE_CASE_STATUSES.map((s): [string, string] => [s, t(`cases.statuses.${s}`)]),
          ]}
        />
        <FilterSelect
          name="owner"
          label={t('cases.filters.owner')}
          value={raw.owner}
          onChange={(v) => setParams({ owner: v })}
          options={[
            ['', t('cases.filters.anyOwner')],
            ['mine', t('cases.filters.mine')],
            ['unassigned', t('cases.filters.unassigned')],
            ...(operators.data ?? []).map((o): [string, string] => [String(o.id), o.displayName]),
          ]}
        />
        <FilterSelect
          name="opened"
          label={t('cases.filters.opened')}
          value={raw.opened}
          onChange={(v) => setParams({ opened: v })}
          options={[
            ['', t('cases.filters.anyTime')],
            ['thisWeek', t('cases.filters.thisWeek')],
          ]}
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={raw.overdue === '1'}
              onChange={(e) => setParams({ overdue: e.target.checked ? '1' : '' })}
              data-testid="case-filter-overdue"
            />
          }
          label={t('cases.filters.overdue')}
        />
        <TextField
          size="small"
          label={t('cases.filters.search')}
          value={raw.q}
          onChange={(e) => setParams({ q: e.target.value })}
          slotProps={{ htmlInput: { maxLength: 20, 'data-testid': 'case-filter-q' } }}
          sx={{ width: 160 }}
        />
        <Button onClick={() => replaceParams({ id: openId })}>{t('cases.filters.clear')}</Button>
      </Stack>
      <InfiniteGrid
        channel="cases:list"
        testId="cases-grid"
        columns={columns}
        filter={filter}
        sorts={{ slaDue: 'slaDue', openedAt: 'openedAt' }}
        defaultSort={{ sort: 'slaDue', dir: 'asc' }}
        getRowId={(r) => String(r.id)}
        onOpen={(row) => setParams({ id: row.id })}
        onRowKey={(key, row) => {
          if (key === 'c' || key === 'C') void claim(row);
          if (key === '?') setHelp(true);
        }}
        apiRef={gridApi}
        height="calc(100vh - 270px)"
      />
      {openId ? <ServiceCaseDrawer id={openId} session={session} onClose={() => setParams({ id: null })} /> : null}
      {report ? <ComplaintReport onClose={() => setReport(false)} /> : null}
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} ns="cases" />
    </>
  );
}
