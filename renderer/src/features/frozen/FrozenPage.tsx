import { useQuery } from '@tanstack/react-query';
import KeyboardIcon from '@mui/icons-material/Keyboard';
import {
  Button,
  Checkbox,
  FormControlLabel,
  IconButton,
  MenuItem,
  Stack,
  TextField,
  Tooltip,
  Typography,
  alpha,
  useTheme,
} from '@mui/material';
import { ColumnApiModule, ModuleRegistry, RowSelectionModule, type GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FreezeCaseRow } from '../../../../shared/contract/frozen';
import type { SessionInfo } from '../../../../shared/contract/session';
import type { ViewState } from '../../../../shared/contract/views';
import { FREEZE_REASONS, RISK_LEVELS, FREEZE_CASE_STATUSES } from '../../../../shared/domain/catalog';
import { isOverdue } from '../../../../shared/domain/freeze';
import { localInputToIso } from '../../../../shared/domain/time';
import { ApiError, call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { replaceParams, useRoute } from '../../lib/router';
import { InfiniteGrid } from '../../components/InfiniteGrid';
import { PageHeader } from '../../components/PageHeader';
import { captureView, restoreView, SavedViews } from '../../components/SavedViews';
import { useToast } from '../../components/Toasts';
import { BulkDialog, type BulkAction } from './BulkDialog';
import { CaseDrawer } from './CaseDrawer';
import { useCaseColumns } from './columns';
import { ShortcutsDialog } from './ShortcutsDialog';
import { sharedQueries } from '../../lib/queries';
import { WallClockField } from '../../components/WallClockField';

ModuleRegistry.registerModules([RowSelectionModule, ColumnApiModule]);

/** Filters live in the URL (linkable, kept on reload); `id` is the open case. */
const FILTER_KEYS = ['status', 'reason', 'risk', 'owner', 'overdue', 'from', 'to', 'q'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

export function FrozenPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const theme = useTheme();
  const route = useRoute();
  const operators = useQuery(sharedQueries.operatorDirectory());
  const columns = useCaseColumns();
  const gridApi = useRef<GridApi<FreezeCaseRow> | null>(null);
  const [selected, setSelected] = useState<FreezeCaseRow[]>([]);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const [help, setHelp] = useState(false);

  const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, route.params.get(k) ?? ''])) as Record<FilterKey, string>;
  const openId = Number(route.params.get('id')) || null;
  const setParams = (next: Partial<Record<FilterKey | 'id', string | number | null>>) =>
    replaceParams({ ...raw, id: openId, ...next });
  const [text, setText] = useState(raw.q);
  useEffect(() => {
    if (text === raw.q) return;
    const timer = setTimeout(() => setParams({ q: text }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const filter = useMemo(
    () => ({
      ...(raw.status === 'any' ? {} : { status: (raw.status || 'active') as 'active' }),
      ...(raw.reason ? { reason: raw.reason as 'judicial' } : {}),
      ...(raw.risk ? { risk: raw.risk as 'high' } : {}),
      ...(raw.owner
        ? { owner: raw.owner === 'mine' || raw.owner === 'unassigned' ? (raw.owner as 'mine') : Number(raw.owner) }
        : {}),
      ...(raw.overdue === '1' ? { overdue: true } : {}),
      ...(raw.from ? { frozenFrom: localInputToIso(raw.from, fmt.timeZone) } : {}),
      ...(raw.to ? { frozenTo: localInputToIso(raw.to, fmt.timeZone) } : {}),
      ...(raw.q.trim() ? { q: raw.q.trim().slice(0, 40) } : {}),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(raw), fmt.timeZone],
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
    async (row: FreezeCaseRow) => {
      try {
        await call('frozen:claim', { id: row.id, expectedVersion: row.version });
        toast(t('frozen.detail.claimed'));
      } catch (err) {
        toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
      }
    },
    [t, toast],
  );

  const clearFilters = () => {
    setText('');
    replaceParams({ id: openId });
  };
  const capture = () => captureView(raw, gridApi.current);
  const apply = (state: ViewState) => {
    const next = restoreView(state, FILTER_KEYS, gridApi.current);
    setText(next.q);
    replaceParams({ ...next, id: openId });
  };

  const select = (key: FilterKey, label: string, options: [string, string][], width = 160) => (
    <TextField
      select
      size="small"
      label={label}
      value={raw[key]}
      onChange={(e) => setParams({ [key]: e.target.value })}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      sx={{ width }}
      data-testid={`filter-${key}`}
    >
      {options.map(([value, text]) => (
        <MenuItem key={value} value={value} data-testid={`filter-${key}-${value || 'none'}`}>
          {text}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <>
      <PageHeader title={t('frozen.title')}>
        <SavedViews page="frozen" capture={capture} apply={apply} />
        <Tooltip title={t('frozen.shortcuts.title')}>
          <IconButton onClick={() => setHelp(true)} aria-label={t('frozen.shortcuts.title')}>
            <KeyboardIcon />
          </IconButton>
        </Tooltip>
      </PageHeader>
      <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 1.5, flexWrap: 'wrap', rowGap: 1 }}>
        {select('status', t('frozen.filters.status'), [
          ['', t('frozen.filters.activeQueue')],
          ['any', t('frozen.filters.anyStatus')],
          ...FREEZE_CASE_STATUSES.map((s): [string, string] => [s, t(`catalog.caseStatus.${s}`)]),
        ])}
        {select('reason', t('frozen.filters.reason'), [
          ['', t('frozen.filters.anyReason')],
          ...FREEZE_REASONS.map((r): [string, string] => [r, t(`catalog.freezeReason.${r}`)]),
        ])}
        {select(
          'risk',
          t('frozen.filters.risk'),
          [['', t('frozen.filters.anyRisk')], ...RISK_LEVELS.map((r): [string, string] => [r, t(`catalog.risk.${r}`)])],
          120,
        )}
        {select('owner', t('frozen.filters.owner'), [
          ['', t('frozen.filters.anyOwner')],
          ['mine', t('frozen.filters.mine')],
          ['unassigned', t('frozen.filters.unassigned')],
          ...(operators.data ?? []).map((o): [string, string] => [String(o.id), o.displayName]),
        ])}
        <FormControlLabel
          control={
            <Checkbox
              checked={raw.overdue === '1'}
              onChange={(e) => setParams({ overdue: e.target.checked ? '1' : '' })}
              data-testid="filter-overdue"
            />
          }
          label={t('frozen.filters.overdue')}
        />
        <WallClockField
          kind="datetime"
          size="small"
          label={t('frozen.filters.from')}
          value={raw.from}
          onChange={(from) => setParams({ from })}
          testId="filter-from"
        />
        <WallClockField
          kind="datetime"
          size="small"
          label={t('frozen.filters.to')}
          value={raw.to}
          onChange={(to) => setParams({ to })}
          testId="filter-to"
        />
        <TextField
          size="small"
          label={t('frozen.filters.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          slotProps={{ htmlInput: { maxLength: 40, 'data-testid': 'filter-q' } }}
          sx={{ width: 220 }}
        />
        <Button data-testid="filters-clear" onClick={clearFilters}>
          {t('frozen.filters.clear')}
        </Button>
      </Stack>
      {selected.length ? (
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }} data-testid="bulk-bar">
          <Typography variant="body2">{t('frozen.selected', { count: selected.length })}</Typography>
          <Button size="small" variant="outlined" onClick={() => setBulk('claim')} data-testid="bulk-claim">
            {t('frozen.bulk.claim')}
          </Button>
          <Button size="small" variant="outlined" onClick={() => setBulk('assign')} data-testid="bulk-assign">
            {t('frozen.bulk.assign')}
          </Button>
          <Button size="small" variant="outlined" onClick={() => setBulk('unfreeze')} data-testid="bulk-unfreeze">
            {t('frozen.bulk.unfreeze')}
          </Button>
        </Stack>
      ) : null}
      <InfiniteGrid
        channel="frozen:list"
        testId="frozen-grid"
        columns={columns}
        filter={filter}
        sorts={{ slaDue: 'slaDue', frozenAt: 'frozenAt', caseNo: 'caseNo' }}
        defaultSort={{ sort: 'slaDue', dir: 'asc' }}
        getRowId={(r) => String(r.id)}
        onOpen={(row) => setParams({ id: row.id })}
        onRowKey={(key, row) => {
          if (key === 'c' || key === 'C') void claim(row);
          if (key === '?') setHelp(true);
        }}
        height={selected.length ? 'calc(100vh - 310px)' : 'calc(100vh - 270px)'}
        apiRef={gridApi}
        onSelectionChanged={setSelected}
        exportName="frozen-cases"
        onClearFilters={clearFilters}
        gridOptions={{
          getRowClass: (p) => (p.data && isOverdue(p.data.status, p.data.slaDueAt, new Date()) ? 'frozen-overdue' : ''),
          getRowStyle: (p) =>
            p.data && isOverdue(p.data.status, p.data.slaDueAt, new Date())
              ? { background: alpha(theme.palette.error.main, 0.08) }
              : undefined,
        }}
      />
      {openId ? <CaseDrawer id={openId} session={session} onClose={() => setParams({ id: null })} /> : null}
      {bulk ? (
        <BulkDialog
          action={bulk}
          rows={selected}
          onClose={() => {
            setBulk(null);
            gridApi.current?.deselectAll();
          }}
        />
      ) : null}
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
    </>
  );
}
