import AddIcon from '@mui/icons-material/Add';
import KeyboardIcon from '@mui/icons-material/Keyboard';
import { Button, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import type { GridApi } from 'ag-grid-community';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkResult, RefundRow } from '../../../../shared/contract/refunds';
import type { SessionInfo } from '../../../../shared/contract/session';
import { replaceParams, useRoute } from '../../lib/router';
import { InfiniteGrid } from '../../components/InfiniteGrid';
import { PageHeader } from '../../components/PageHeader';
import { useRefundColumns } from './columns';
import { NewRefundDialog } from './NewRefundDialog';
import { BulkResultDialog, RejectDialog, ShortcutsDialog } from './RefundDialogs';
import { RefundDetailDrawer } from './RefundDetailDrawer';
import { captureView, restoreView, SavedViews } from '../../components/SavedViews';
import { AgeingSummary, FILTER_KEYS, RefundFilters, toFilter, type RawFilter } from './RefundFilters';
import { ApproveConfirm } from './RefundConfirms';
import { useRefundActions } from './useRefundActions';
import { WindowSetting } from './WindowSetting';

type Target = Pick<RefundRow, 'id' | 'version' | 'refundNo'>;
/** What an approval confirms: one request from the keyboard or the panel, or the selection. */
type Approving = { rows: RefundRow[]; bulk: boolean; acknowledged?: boolean };

/** Typing in a field or working in a dialog never triggers a queue shortcut. */
function shortcutsBlocked(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (e.ctrlKey || e.metaKey || e.altKey) return true;
  if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return true;
  return !!document.querySelector('.MuiDialog-root');
}

export function RefundsPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const route = useRoute();
  const columns = useRefundColumns();
  const api = useRef<GridApi<RefundRow> | null>(null);
  const [selected, setSelected] = useState<RefundRow[]>([]);
  const [rejecting, setRejecting] = useState<Target[] | null>(null);
  const [approving, setApproving] = useState<Approving | null>(null);
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const [bulkNames, setBulkNames] = useState(new Map<number, string>());
  const [help, setHelp] = useState(false);
  const [creating, setCreating] = useState(false);

  const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, route.params.get(k) ?? ''])) as RawFilter;
  const openId = route.params.get('id') ? Number(route.params.get('id')) : null;
  const setParams = (next: Partial<RawFilter> & { id?: number | null }) =>
    replaceParams({ ...raw, id: openId, ...next });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filter = useMemo(() => toFilter(raw), [JSON.stringify(raw)]);

  const actions = useRefundActions();

  const focusedRow = (): RefundRow | null => {
    const cell = api.current?.getFocusedCell();
    return cell ? (api.current?.getDisplayedRowAtIndex(cell.rowIndex)?.data ?? null) : null;
  };
  const move = (delta: number) => {
    const grid = api.current;
    if (!grid) return;
    const current = grid.getFocusedCell();
    const index = Math.max(0, Math.min(grid.getDisplayedRowCount() - 1, current ? current.rowIndex + delta : 0));
    grid.ensureIndexVisible(index);
    grid.setFocusedCell(index, current?.column ?? 'refundNo');
  };

  // A approve, R reject, J/K next/previous, ? help; Enter opens (handled by the grid).
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e) => {
    if (shortcutsBlocked(e)) return;
    const row = openId !== null ? null : focusedRow();
    const key = e.key.toLowerCase();
    if (e.key === '?') setHelp(true);
    else if (key === 'j') move(1);
    else if (key === 'k') move(-1);
    else if (key === 'a' && row) setApproving({ rows: [row], bulk: false });
    else if (key === 'r' && row) setRejecting([row]);
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const bulk = async (decision: Parameters<typeof actions.bulk>[1], rows: Target[]) => {
    const result = await actions.bulk(rows, decision);
    if (result) {
      setBulkNames(new Map(rows.map((r) => [r.id, r.refundNo])));
      setBulkResult(result);
      api.current?.deselectAll();
    }
  };

  return (
    <>
      <PageHeader title={t('refunds.title')}>
        <WindowSetting canEdit={session.permissions.includes('settings.manage')} />
        <Tooltip title={t('refunds.actions.shortcuts')}>
          <IconButton onClick={() => setHelp(true)} aria-label={t('refunds.actions.shortcuts')}>
            <KeyboardIcon />
          </IconButton>
        </Tooltip>
        <SavedViews
          page="refunds"
          capture={() => captureView(raw, api.current)}
          apply={(state) => replaceParams({ ...restoreView(state, FILTER_KEYS, api.current), id: openId })}
        />
        {session.permissions.includes('refunds.request') ? (
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setCreating(true)}
            data-testid="new-refund"
          >
            {t('refunds.newRequest')}
          </Button>
        ) : null}
      </PageHeader>
      <AgeingSummary onPick={(age, status) => setParams({ age, status, second: '' })} />
      <RefundFilters raw={raw} set={(k, v) => setParams({ [k]: v })} clear={() => replaceParams({})} />
      {selected.length > 0 && session.permissions.includes('refunds.approve') ? (
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }} data-testid="bulk-bar">
          <Typography variant="body2">{t('refunds.bulk.selectedCount', { count: selected.length })}</Typography>
          <Button
            size="small"
            variant="contained"
            onClick={() => setApproving({ rows: selected, bulk: true })}
            data-testid="bulk-approve"
          >
            {t('refunds.actions.approveSelected', { count: selected.length })}
          </Button>
          <Button
            size="small"
            color="error"
            variant="outlined"
            onClick={() => setRejecting(selected)}
            data-testid="bulk-reject"
          >
            {t('refunds.actions.rejectSelected', { count: selected.length })}
          </Button>
        </Stack>
      ) : null}
      <InfiniteGrid
        channel="refunds:list"
        testId="refunds-grid"
        columns={columns}
        filter={filter}
        sorts={{ requestedAt: 'requestedAt', amount: 'amount' }}
        defaultSort={{ sort: 'requestedAt', dir: 'desc' }}
        getRowId={(r) => String(r.id)}
        onOpen={(r) => setParams({ id: r.id })}
        onSelectionChanged={setSelected}
        apiRef={api}
        exportName="refunds"
        onClearFilters={() => replaceParams({ status: 'any' })}
        height={selected.length > 0 ? 'calc(100vh - 420px)' : 'calc(100vh - 380px)'}
      />
      <RefundDetailDrawer
        id={openId}
        session={session}
        actions={actions}
        onApprove={(r, acknowledged) => setApproving({ rows: [r], bulk: false, acknowledged })}
        onReject={(r) => setRejecting([r])}
        onClose={() => setParams({ id: null })}
      />
      <RejectDialog
        what={
          rejecting
            ? rejecting.length === 1
              ? rejecting[0].refundNo
              : t('refunds.bulk.selectedCount', { count: rejecting.length })
            : null
        }
        onClose={() => setRejecting(null)}
        onReject={(reason, note) => {
          const rows = rejecting ?? [];
          if (rows.length === 1 && selected.length === 0) void actions.reject(rows[0], reason, note);
          else void bulk({ kind: 'reject', reason, note }, rows);
        }}
      />
      <ApproveConfirm
        rows={approving?.rows ?? null}
        session={session}
        onClose={() => setApproving(null)}
        onConfirm={(rows) => {
          if (approving?.bulk) void bulk({ kind: 'approve' }, rows);
          else void actions.approve(rows[0], approving?.acknowledged);
          setApproving(null);
        }}
      />
      <BulkResultDialog result={bulkResult} refundNos={bulkNames} onClose={() => setBulkResult(null)} />
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
      <NewRefundDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
