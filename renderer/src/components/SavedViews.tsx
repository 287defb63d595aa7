import BookmarkAddIcon from '@mui/icons-material/BookmarkAdd';
import DeleteIcon from '@mui/icons-material/Delete';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  MenuItem,
  Stack,
  TextField,
  Tooltip,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView, ViewState } from '../../../shared/contract/views';
import { useQuery } from '@tanstack/react-query';
import { ApiError, useApiMutation } from '../lib/api';
import { sharedQueries } from '../lib/queries';
import { useToast } from './Toasts';

/** The parts of AG Grid's API a saved view reads and restores. */
interface ColumnStateApi {
  getColumnState(): {
    colId: string;
    width?: number;
    hide?: boolean | null;
    pinned?: unknown;
    sort?: 'asc' | 'desc' | null;
    sortIndex?: number | null;
  }[];
  applyColumnState(p: { state: ViewState['columns']; applyOrder: boolean }): unknown;
}

/** A page's URL filters (non-empty ones) and its grid's column state, as a saved view. */
export function captureView(filters: Record<string, string>, grid: ColumnStateApi | null | undefined): ViewState {
  return {
    filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')),
    columns: (grid?.getColumnState() ?? []).map((c) => ({
      colId: c.colId,
      ...(c.width !== undefined ? { width: Math.round(c.width) } : {}),
      hide: c.hide ?? null,
      pinned: c.pinned === 'left' || c.pinned === 'right' ? c.pinned : null,
      sort: c.sort ?? null,
      sortIndex: c.sortIndex ?? null,
    })),
  };
}

/** Restores a view's columns on the grid and returns its filters for the page's keys ('' where unset). */
export function restoreView<K extends string>(
  state: ViewState,
  keys: readonly K[],
  grid: ColumnStateApi | null | undefined,
) {
  if (state.columns.length) grid?.applyColumnState({ state: state.columns, applyOrder: true });
  return Object.fromEntries(keys.map((k) => [k, String(state.filters[k] ?? '')])) as Record<K, string>;
}

function sameFilters(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => String(a[k] ?? '') === String(b[k] ?? ''));
}

interface SavedViewsProps {
  /** The page's key, e.g. 'frozen'; views are stored per operator and page. */
  page: string;
  /** The page's current filters and column state, captured when saving. */
  capture: () => ViewState;
  apply: (state: ViewState) => void;
}

/** A picker of the operator's saved views for one page, with save and delete. Domain-neutral. */
export function SavedViews({ page, capture, apply }: SavedViewsProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const views = useQuery(sharedQueries.views(page));
  const save = useApiMutation('views:save');
  const remove = useApiMutation('views:delete');
  const [current, setCurrent] = useState<number | ''>('');
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const choose = (id: number | '') => {
    setCurrent(id);
    const view = views.data?.find((v: SavedView) => v.id === id);
    if (view) apply(view.state);
  };
  // The picker shows a view only while the page still has its filters: after "Clear filters" it shows
  // none, and picking the same view again re-applies it.
  const chosen = views.data?.find((v) => v.id === current);
  const shown = chosen && sameFilters(capture().filters, chosen.state.filters) ? current : '';

  const submit = async () => {
    try {
      const saved = await save.mutateAsync({ page, name, state: capture() });
      setCurrent(saved.id);
      setNaming(false);
      toast(t('workspace.views.saved', { name: saved.name }));
    } catch (err) {
      setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    }
  };

  const del = async () => {
    if (current === '') return;
    try {
      await remove.mutateAsync({ id: current });
      setCurrent('');
      toast(t('workspace.views.deleted'));
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };

  return (
    <Stack direction="row" spacing={0.5} alignItems="center">
      <TextField
        select
        size="small"
        label={t('workspace.views.label')}
        value={shown}
        onChange={(e) => e.target.value === '' && choose('')}
        sx={{ width: 200 }}
        data-testid="saved-views"
      >
        <MenuItem value="">{t('workspace.views.none')}</MenuItem>
        {(views.data ?? []).map((v) => (
          <MenuItem key={v.id} value={v.id} data-testid={`saved-view-${v.name}`} onClick={() => choose(v.id)}>
            {v.name}
          </MenuItem>
        ))}
      </TextField>
      <Tooltip title={t('workspace.views.save')}>
        <IconButton
          onClick={() => {
            setName(views.data?.find((v) => v.id === current)?.name ?? '');
            setError(null);
            setNaming(true);
          }}
          data-testid="save-view"
          aria-label={t('workspace.views.save')}
        >
          <BookmarkAddIcon />
        </IconButton>
      </Tooltip>
      <Tooltip title={t('workspace.views.delete')}>
        <span>
          <IconButton onClick={del} disabled={current === ''} aria-label={t('workspace.views.delete')}>
            <DeleteIcon />
          </IconButton>
        </span>
      </Tooltip>
      <Dialog open={naming} onClose={() => setNaming(false)} maxWidth="xs" fullWidth>
        <DialogTitle>{t('workspace.views.save')}</DialogTitle>
        <DialogContent>
          {error ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error}
            </Alert>
          ) : null}
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label={t('workspace.views.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            slotProps={{ htmlInput: { maxLength: 60, 'data-testid': 'view-name' } }}
            onKeyDown={(e) => e.key === 'Enter' && void submit()}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setNaming(false)}>{t('common.close')}</Button>
          <Button variant="contained" onClick={submit} disabled={save.isPending} data-testid="view-save-confirm">
            {t('workspace.views.save')}
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
