import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';
import { Alert, Box, Typography, useTheme } from '@mui/material';
import {
  CellStyleModule,
  GridStateModule,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TooltipModule,
  colorSchemeDark,
  themeQuartz,
  type CellKeyDownEvent,
  type ColDef,
  type GetRowIdParams,
  type GridApi,
  type IDatasource,
  type IGetRowsParams,
  type RowClickedEvent,
} from 'ag-grid-community';
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelName, Cursor, InputOf, OutputOf, Page } from '../../../shared/contract';
import { ApiError, call } from '../lib/api';

ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  LocaleModule,
  TooltipModule,
  CellStyleModule,
  RowStyleModule,
  RowSelectionModule,
  // Without these, initialState (the default sort) and the row/scroll APIs used for keyboard navigation are no-ops.
  GridStateModule,
  RowApiModule,
  ScrollApiModule,
]);

/** Channels whose output is a keyset Page: the grid can read any of them. */
type PagedChannel = {
  [C in ChannelName]: OutputOf<C> extends Page<unknown> ? C : never;
}[ChannelName];
type RowOf<C extends PagedChannel> = OutputOf<C> extends Page<infer R> ? R : never;
type InputFor<C extends PagedChannel> = InputOf<C> & { sort: string; dir: 'asc' | 'desc' };

export interface InfiniteGridProps<C extends PagedChannel> {
  channel: C;
  columns: ColDef<RowOf<C>>[];
  filter: InputFor<C>['filter'];
  /** Column id → the handler's sort key; columns not listed cannot be sorted. */
  sorts: Record<string, InputFor<C>['sort']>;
  defaultSort: { sort: InputFor<C>['sort']; dir: 'asc' | 'desc' };
  getRowId: (row: RowOf<C>) => string;
  onOpen?: (row: RowOf<C>) => void;
  testId?: string;
  height?: number | string;
  /** Extra AG Grid options (row selection, row styles, onGridReady…), passed through as they are. */
  gridOptions?: Partial<AgGridReactProps<RowOf<C>>>;
  /** Any other key pressed on a row (Enter already opens it): for page shortcuts. */
  onRowKey?: (key: string, row: RowOf<C>) => void;
  /** Checkbox row selection (bulk actions); reports the selected rows. */
  onSelectionChanged?: (rows: RowOf<C>[]) => void;
  /** Receives the grid API, for keyboard navigation and refreshing in place. */
  apiRef?: { current: GridApi<RowOf<C>> | null };
}

const BLOCK = 100;
let changeCount = 0;

/**
 * AG Grid's Infinite Row Model over a keyset-paged handler. The grid asks for
 * rows by position; we remember the cursor that ends each block, so the next
 * block is a keyset query, and fall back to a bounded skip only after a jump.
 */
export function InfiniteGrid<C extends PagedChannel>(props: InfiniteGridProps<C>) {
  const { t, i18n } = useTranslation();
  const muiTheme = useTheme();
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const gridRef = useRef<AgGridReact<RowOf<C>>>(null);
  const filterKey = JSON.stringify(props.filter);

  const gridTheme = useMemo(() => {
    const base = muiTheme.palette.mode === 'dark' ? themeQuartz.withPart(colorSchemeDark) : themeQuartz;
    return base.withParams({
      fontFamily: muiTheme.typography.fontFamily,
      fontSize: 13,
      accentColor: muiTheme.palette.primary.main,
      backgroundColor: muiTheme.palette.background.paper,
      foregroundColor: muiTheme.palette.text.primary,
      headerBackgroundColor: muiTheme.palette.mode === 'dark' ? '#1d252e' : '#eef2f7',
      borderColor: muiTheme.palette.divider,
      rowHeight: 36,
      headerHeight: 38,
    });
  }, [muiTheme]);

  const datasource = useMemo<IDatasource & { forget(): void }>(() => {
    // Block-end cursors per sort and direction (the filter rebuilds the datasource): a row
    // position means nothing in another order, so a cursor is only reused under its own.
    const cursorsByOrder = new Map<string, Map<number, Cursor | null>>();
    let knownTotal: number | null = null;
    return {
      /** After a change: cursors and the total may be stale, so the next reads start afresh. */
      forget() {
        cursorsByOrder.clear();
        knownTotal = null;
      },
      getRows: (params: IGetRowsParams) => {
        const sortModel = params.sortModel[0];
        const sort = (sortModel && props.sorts[sortModel.colId]) ?? props.defaultSort.sort;
        const dir = sortModel ? (sortModel.sort as 'asc' | 'desc') : props.defaultSort.dir;
        const order = `${sort} ${dir}`;
        const cursors = cursorsByOrder.get(order) ?? new Map<number, Cursor | null>([[0, null]]);
        cursorsByOrder.set(order, cursors);
        // Nearest block start we hold a cursor for, at or before the one asked for.
        let from = 0;
        for (const start of cursors.keys()) if (start <= params.startRow && start > from) from = start;
        const input = {
          sort,
          dir,
          limit: params.endRow - params.startRow,
          after: cursors.get(from) ?? null,
          skip: params.startRow - from,
          withTotal: knownTotal === null,
          filter: props.filter,
        } as unknown as InputOf<C>;
        call(props.channel, input)
          .then((out) => {
            const page = out as Page<RowOf<C>>;
            if (page.total !== null) {
              knownTotal = page.total;
              setTotal(page.total);
            }
            if (page.next) cursors.set(params.endRow, page.next);
            setError(null);
            const lastRow = page.next === null ? params.startRow + page.rows.length : (knownTotal ?? -1);
            params.successCallback(page.rows, lastRow);
          })
          .catch((err: unknown) => {
            setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
            params.failCallback();
          });
      },
    };
    // The datasource is rebuilt when the filter changes; sort changes re-query through the grid.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.channel, filterKey]);

  // The one invalidation path (app/events.ts) reaches grids too: an event that invalidates this
  // channel's keys refetches this marker query, and the grid reloads its rows in place.
  const changes = useQuery({
    queryKey: [props.channel, 'rows-changed'],
    queryFn: () => ++changeCount,
    staleTime: Infinity,
  });
  const seenChange = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (changes.data === undefined) return;
    if (seenChange.current !== undefined && seenChange.current !== changes.data) {
      datasource.forget();
      gridRef.current?.api?.refreshInfiniteCache();
    }
    seenChange.current = changes.data;
  }, [changes.data, datasource]);

  useEffect(() => setTotal(null), [filterKey]);

  const localeText = i18n.language === 'zh-CN' ? AG_GRID_LOCALE_CN : AG_GRID_LOCALE_EN;
  const columns = useMemo(
    () => props.columns.map((c) => ({ ...c, sortable: !!(c.colId && props.sorts[c.colId]) })),
    [props.columns, props.sorts],
  );

  return (
    <Box
      sx={{ display: 'flex', flexDirection: 'column', height: props.height ?? 'calc(100vh - 210px)', minHeight: 300 }}
    >
      {error ? (
        <Alert severity="error" sx={{ mb: 1 }}>
          {t('grid.loadFailed', { message: error })}
        </Alert>
      ) : null}
      <Box sx={{ flexGrow: 1 }} data-testid={props.testId}>
        <AgGridReact<RowOf<C>>
          key={i18n.language}
          ref={gridRef}
          theme={gridTheme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={BLOCK}
          maxBlocksInCache={50}
          maxConcurrentDatasourceRequests={1}
          infiniteInitialRowCount={BLOCK}
          columnDefs={columns}
          defaultColDef={{ resizable: true, suppressHeaderMenuButton: true, minWidth: 80 }}
          initialState={{ sort: { sortModel: defaultSortModel(props.sorts, props.defaultSort) } }}
          getRowId={(p: GetRowIdParams<RowOf<C>>) => props.getRowId(p.data)}
          localeText={localeText}
          onRowClicked={(e: RowClickedEvent<RowOf<C>>) => {
            // A click on the selection checkbox selects; it does not open the row.
            if ((e.event?.target as HTMLElement | null)?.closest('.ag-selection-checkbox')) return;
            if (e.data) props.onOpen?.(e.data);
          }}
          onGridReady={(e) => props.apiRef && (props.apiRef.current = e.api)}
          rowSelection={
            props.onSelectionChanged
              ? { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false }
              : undefined
          }
          onSelectionChanged={(e) => props.onSelectionChanged?.(e.api.getSelectedRows())}
          onCellKeyDown={(e: CellKeyDownEvent<RowOf<C>>) => {
            const key = (e.event as KeyboardEvent | undefined)?.key;
            if (key === 'Enter' && e.data) props.onOpen?.(e.data);
            else if (key && e.data) props.onRowKey?.(key, e.data);
          }}
          {...props.gridOptions}
        />
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="grid-total">
        {total === null
          ? '\u00a0'
          : t('grid.rows', { count: total, formatted: new Intl.NumberFormat(i18n.language).format(total) })}
      </Typography>
    </Box>
  );
}

function defaultSortModel(sorts: Record<string, string>, def: { sort: string; dir: 'asc' | 'desc' }) {
  const colId = Object.entries(sorts).find(([, v]) => v === def.sort)?.[0];
  return colId ? [{ colId, sort: def.dir }] : [];
}
