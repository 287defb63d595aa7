import DownloadIcon from '@mui/icons-material/Download';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import { Button, Checkbox, ListItemText, Menu, MenuItem } from '@mui/material';
import type { ColDef, GridApi } from 'ag-grid-community';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelName, InputOf, OutputOf, Page } from '../../../shared/contract';
import { csvText } from '../../../shared/domain/csv';
import { ZoneClock } from '../../../shared/domain/business-time';
import { call } from '../lib/api';
import { useFormat } from '../lib/format';
import { useToast } from './Toasts';

/** Rows past this are not exported; the toast says so. */
export const EXPORT_LIMIT = 100_000;
const PAGE = 500;

/** Shows and hides a grid's columns; the layout is part of the page's saved views (column state). */
export function ColumnChooser<R>({ api }: { api: GridApi<R> | null }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [, redraw] = useState(0);
  const columns = api?.getColumns()?.filter((c) => c.getColDef().headerName) ?? [];
  return (
    <>
      <Button
        size="small"
        startIcon={<ViewColumnIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        disabled={!api}
        data-testid="grid-columns"
      >
        {t('grid.columns')}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)} data-testid="grid-columns-menu">
        {columns.map((c) => (
          <MenuItem
            key={c.getColId()}
            dense
            data-testid={`grid-column-${c.getColId()}`}
            onClick={() => {
              api?.setColumnsVisible([c.getColId()], !c.isVisible());
              redraw((n) => n + 1);
            }}
          >
            <Checkbox size="small" checked={c.isVisible()} sx={{ p: 0.5, mr: 1 }} />
            <ListItemText primary={c.getColDef().headerName} />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

type RowOf<C extends ChannelName> = OutputOf<C> extends Page<infer R> ? R : never;

/**
 * Every row behind the grid (its filter and sort), one keyset page after another, as CSV of the
 * columns shown, in the order shown, with the same text as on screen: times in the business time
 * zone, labels in the UI language. The file is named by the business day.
 */
export function useExportRows<C extends ChannelName>(channel: C, filter: unknown, fileName: string) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = async (api: GridApi<RowOf<C>> | null, sort: { sort: string; dir: 'asc' | 'desc' }) => {
    if (!api) return;
    setBusy(true);
    try {
      const columns = api.getAllDisplayedColumns().filter((c) => c.getColDef().headerName);
      const rows: RowOf<C>[] = [];
      let after: unknown = null;
      do {
        const input = { ...sort, limit: PAGE, after, filter } as unknown as InputOf<C>;
        const page = (await call(channel, input)) as unknown as Page<RowOf<C>>;
        rows.push(...page.rows);
        after = page.next;
      } while (after && rows.length < EXPORT_LIMIT);
      // The cell's text as the grid shows it: its value getter (or field), then its formatter.
      const cell = (def: ColDef<RowOf<C>>, data: RowOf<C>) => {
        const value: unknown =
          typeof def.valueGetter === 'function'
            ? def.valueGetter({ data } as never)
            : def.field
              ? (data as Record<string, unknown>)[def.field as string]
              : '';
        return typeof def.valueFormatter === 'function' ? def.valueFormatter({ data, value } as never) : value;
      };
      const kept = rows.slice(0, EXPORT_LIMIT);
      const csv = csvText([
        columns.map((c) => c.getColDef().headerName),
        ...kept.map((r) => columns.map((c) => cell(c.getColDef(), r))),
      ]);
      const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${fileName}-${new ZoneClock(fmt.timeZone).date(Date.now())}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      const truncated = rows.length > EXPORT_LIMIT || !!after;
      toast(
        t(truncated ? 'grid.exportTruncated' : 'grid.exported', { count: kept.length }),
        truncated ? 'warning' : 'success',
      );
    } catch (err) {
      toast(t(`errors.${(err as { code?: string }).code ?? 'INTERNAL'}`), 'error');
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
}

export function ExportButton({ busy, onClick }: { busy: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button size="small" startIcon={<DownloadIcon />} onClick={onClick} disabled={busy} data-testid="grid-export">
      {t('grid.export')}
    </Button>
  );
}
