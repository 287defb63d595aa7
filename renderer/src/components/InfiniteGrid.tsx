import { Alert, Box, Button, Skeleton, Stack, Typography } from '@mui/material';
import {
  ColumnApiModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  RowSelectionModule,
  type CellKeyDownEvent,
  type ColDef,
  type GetRowIdParams,
  type GridApi,
  type IDatasource,
  type IGetRowsParams,
  type RowClickedEvent,
  type RowSelectionOptions,
} from 'ag-grid-community';
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelName, InputOf, OutputOf, Page } from '../../../shared/contract';
import { BlockReader } from '../../../shared/contract/block-reader';
import { ApiError, call } from '../lib/api';
import { useGridLocale, useGridTheme } from './grid-setup';
import { ColumnChooser, ExportButton, useExportRows } from './GridTools';

// The column chooser shows and hides columns through the column API.
ModuleRegistry.registerModules([InfiniteRowModelModule, RowSelectionModule, ColumnApiModule]);

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
  /** Offers CSV export of every filtered row (file `<name>-<business day>.csv`) and the column chooser. */
  exportName?: string;
  /** The empty state offers to clear the page's filters. */
  onClearFilters?: () => void;
}

const BLOCK = 100;

/**
 * Checkboxes only on loaded rows (not on the placeholders of a block still loading). One object for
 * every render: AG Grid treats a new rowSelection as a changed option and redraws the checkboxes,
 * which lost a tick made while the page re-rendered.
 */
const ROW_SELECTION: RowSelectionOptions = {
  mode: 'multiRow',
  checkboxes: (p) => !!p.data,
  headerCheckbox: false,
  enableClickSelection: false,
};
let changeCount = 0;

/**
 * AG Grid's Infinite Row Model over a keyset-paged handler. The grid asks for
 * rows by position; we remember the cursor that ends each block, so the next
 * block is a keyset query, and a jump is read from the nearer end in bounded steps.
 */
export function InfiniteGrid<C extends PagedChannel>(props: InfiniteGridProps<C>) {
  const { t, i18n } = useTranslation();
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const gridRef = useRef<AgGridReact<RowOf<C>>>(null);
  const [api, setApi] = useState<GridApi<RowOf<C>> | null>(null);
  const exporter = useExportRows(props.channel, props.filter, props.exportName ?? 'rows');
  const currentSort = () => {
    const col = api?.getColumnState().find((c) => c.sort);
    const sort = col ? props.sorts[col.colId] : undefined;
    return sort && col?.sort ? { sort, dir: col.sort } : props.defaultSort;
  };
  const filterKey = JSON.stringify(props.filter);

  const gridTheme = useGridTheme();

  const datasource = useMemo<IDatasource & { forget(): void }>(() => {
    // One reader per sort and direction (the filter rebuilds the datasource): each keeps the
    // cursors of its own order, and reads deep blocks from the nearer end (contract/block-reader.ts).
    const readers = new Map<string, BlockReader<RowOf<C>>>();
    let knownTotal: number | null = null;
    const readerFor = (sort: string, dir: 'asc' | 'desc') => {
      const order = `${sort} ${dir}`;
      let reader = readers.get(order);
      if (!reader) {
        reader = new BlockReader<RowOf<C>>(dir, async (read) => {
          const input = { sort, ...read, filter: props.filter } as unknown as InputOf<C>;
          const page = (await call(props.channel, input)) as Page<RowOf<C>>;
          if (page.total !== null) {
            knownTotal = page.total;
            setTotal(page.total);
          }
          return page;
        });
        readers.set(order, reader);
      }
      reader.total = knownTotal;
      return reader;
    };
    return {
      /** After a change: cursors and the total may be stale, so the next reads start afresh. */
      forget() {
        readers.clear();
        knownTotal = null;
      },
      getRows: (params: IGetRowsParams) => {
        const sortModel = params.sortModel[0];
        const sort = (sortModel && props.sorts[sortModel.colId]) ?? props.defaultSort.sort;
        const dir = sortModel ? (sortModel.sort as 'asc' | 'desc') : props.defaultSort.dir;
        readerFor(sort, dir)
          .read(params.startRow, params.endRow)
          .then(({ rows, lastRow }) => {
            setError(null);
            params.successCallback(rows, lastRow);
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

  const localeText = useGridLocale();
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
      <Box sx={{ flexGrow: 1, position: 'relative' }} data-testid={props.testId} data-total={total ?? ''}>
        {total === null && !error ? <LoadingRows /> : null}
        {total === 0 ? <EmptyRows onClear={props.onClearFilters} /> : null}
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
          onGridReady={(e) => {
            setApi(e.api);
            if (props.apiRef) props.apiRef.current = e.api;
          }}
          rowSelection={props.onSelectionChanged ? ROW_SELECTION : undefined}
          onSelectionChanged={(e) => props.onSelectionChanged?.(e.api.getSelectedRows())}
          onCellKeyDown={(e: CellKeyDownEvent<RowOf<C>>) => {
            const key = (e.event as KeyboardEvent | undefined)?.key;
            if (key === 'Enter' && e.data) props.onOpen?.(e.data);
            else if (key && e.data) props.onRowKey?.(key, e.data);
          }}
          {...props.gridOptions}
        />
      </Box>
      <Stack direction="row" alignItems="center" spacing={1} sx={{ mt: 0.5, minHeight: 32 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }} data-testid="grid-total">
          {total === null
            ? '\u00a0'
            : t('grid.rows', { count: total, formatted: new Intl.NumberFormat(i18n.language).format(total) })}
        </Typography>
        {props.exportName ? (
          <>
            <ColumnChooser api={api} />
            <ExportButton busy={exporter.busy} onClick={() => void exporter.run(api, currentSort())} />
          </>
        ) : null}
      </Stack>
    </Box>
  );
}

/** Placeholder rows while the first block loads, instead of a blank grid with bare checkboxes. */
function LoadingRows() {
  const { t } = useTranslation();
  return (
    <Box
      sx={{ position: 'absolute', inset: '38px 0 0 0', zIndex: 2, bgcolor: 'background.paper', p: 1.5 }}
      role="status"
      aria-label={t('grid.loading')}
      data-testid="grid-loading"
    >
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} height={28} sx={{ my: 0.5 }} />
      ))}
    </Box>
  );
}

/** "No rows match these filters", with the way out. */
function EmptyRows({ onClear }: { onClear?: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack
      sx={{ position: 'absolute', inset: '38px 0 0 0', zIndex: 2, pointerEvents: 'none' }}
      alignItems="center"
      justifyContent="center"
      spacing={1}
      data-testid="grid-empty"
    >
      <Typography color="text.secondary">{t(onClear ? 'grid.empty' : 'grid.emptyPlain')}</Typography>
      {onClear ? (
        <Button variant="outlined" onClick={onClear} sx={{ pointerEvents: 'auto' }} data-testid="grid-empty-clear">
          {t('grid.clearFilters')}
        </Button>
      ) : null}
    </Stack>
  );
}

function defaultSortModel(sorts: Record<string, string>, def: { sort: string; dir: 'asc' | 'desc' }) {
  const colId = Object.entries(sorts).find(([, v]) => v === def.sort)?.[0];
  return colId ? [{ colId, sort: def.dir }] : [];
}
