import DeleteIcon from '@mui/icons-material/DeleteOutline';
import TuneIcon from '@mui/icons-material/Tune';
import { Box, IconButton, Tooltip, useTheme } from '@mui/material';
import {
  ClientSideRowModelModule,
  ModuleRegistry,
  SelectEditorModule,
  TextEditorModule,
  type ColDef,
  type ICellRendererParams,
  type ValueSetterParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, OPERATIONS, SEGMENTS } from '../../../../shared/domain/catalog';
import type { FeeIssue, FeeRuleField } from '../../../../shared/domain/fee-validation';
import { describeRule, OPERATION_PLURALS, type FeeRuleDefinition } from '../../../../shared/domain/fees';
import { useGridLocale, useGridTheme } from '../../components/grid-setup';
import { useFormat } from '../../lib/format';
import {
  cellIssue,
  fenText,
  issueIndex,
  issueMessage,
  parseFen,
  parsePercent,
  percentText,
  fromRows,
  type RuleRow,
} from './rules';

ModuleRegistry.registerModules([ClientSideRowModelModule, TextEditorModule, SelectEditorModule]);

type MoneyField = 'fixedMinor' | 'minFeeMinor' | 'maxFeeMinor' | 'minAmountMinor';

interface Props {
  rows: RuleRow[];
  issues: FeeIssue[];
  editable: boolean;
  onChange: (rows: RuleRow[]) => void;
  onOpenDetails: (row: RuleRow) => void;
}

/**
 * A version's rules in an AG Grid: inline editing of the key and the plain numbers,
 * a dialog for tiers, quota and waivers. Each validation issue marks its own cell.
 */
export function RulesGrid({ rows, issues, editable, onChange, onOpenDetails }: Props) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const muiTheme = useTheme();
  const lang = i18n.language === 'zh-CN' ? 'zh' : 'en';
  const byCell = useMemo(() => issueIndex(issues), [issues]);
  const indexOf = useMemo(() => new Map(rows.map((r, i) => [r.rowId, i])), [rows]);

  const gridTheme = useGridTheme();
  const localeText = useGridLocale();

  const columns = useMemo<ColDef<RuleRow>[]>(() => {
    const update = (row: RuleRow, change: Partial<RuleRow> | ((d: FeeRuleDefinition) => FeeRuleDefinition)) => {
      const next =
        typeof change === 'function' ? { ...row, definition: change(row.definition) } : { ...row, ...change };
      onChange(rows.map((r) => (r.rowId === row.rowId ? next : r)));
      return false; // the new rows flow back in through rowData
    };
    const issueOf = (row: RuleRow | undefined, field: FeeRuleField) =>
      row ? cellIssue(byCell, indexOf.get(row.rowId) ?? -1, field) : null;
    const errorCell = (field: FeeRuleField): Partial<ColDef<RuleRow>> => ({
      cellClassRules: { 'fee-cell-error': (p) => !!issueOf(p.data, field) },
      cellStyle: (p) =>
        issueOf(p.data, field)
          ? { boxShadow: `inset 0 0 0 2px ${muiTheme.palette.error.main}`, color: muiTheme.palette.error.main }
          : null,
      tooltipValueGetter: (p) => {
        const issue = issueOf(p.data, field);
        return issue ? issueMessage(t, fromRows(rows), issue) : null;
      },
    });
    const keyColumn = (field: 'operation' | 'channel' | 'segment', values: readonly string[], width: number) =>
      ({
        colId: field,
        field,
        headerName: t(`fees.fields.${field}`),
        width,
        pinned: 'left',
        editable,
        cellEditor: 'agSelectCellEditor',
        cellEditorParams: { values },
        valueFormatter: (p) =>
          p.value
            ? t(`catalog.${field}.${p.value}`) // the key fields are named after their vocabularies
            : '',
        valueSetter: (p: ValueSetterParams<RuleRow>) => update(p.data, { [field]: p.newValue }),
        ...(field === 'operation' ? errorCell('operation') : {}),
      }) satisfies ColDef<RuleRow>;
    const moneyColumn = (field: MoneyField, optional: boolean) =>
      ({
        colId: field,
        headerName: t(`fees.fields.${field}`),
        width: 120,
        type: 'rightAligned',
        editable,
        valueGetter: (p) => (p.data ? fenText(p.data.definition[field]) : ''),
        valueFormatter: (p) => {
          const v = p.data?.definition[field];
          return v === null || v === undefined ? '—' : Number.isSafeInteger(v) ? fmt.money(v, 'CNY') : String(p.value);
        },
        valueSetter: (p: ValueSetterParams<RuleRow>) =>
          update(p.data, (d) => ({ ...d, [field]: parseFen(String(p.newValue ?? ''), optional) })),
        ...errorCell(field),
      }) satisfies ColDef<RuleRow>;
    return [
      keyColumn('operation', OPERATIONS, 170),
      keyColumn('channel', CHANNELS, 170),
      keyColumn('segment', SEGMENTS, 100),
      moneyColumn('fixedMinor', false),
      {
        colId: 'ratePpm',
        headerName: t('fees.fields.ratePpm'),
        width: 110,
        type: 'rightAligned',
        editable,
        valueGetter: (p) => (p.data ? percentText(p.data.definition.ratePpm) : ''),
        valueSetter: (p) => update(p.data, (d) => ({ ...d, ratePpm: parsePercent(String(p.newValue ?? '')) })),
        ...errorCell('ratePpm'),
      },
      moneyColumn('minFeeMinor', true),
      moneyColumn('maxFeeMinor', true),
      moneyColumn('minAmountMinor', true),
      {
        colId: 'details',
        headerName: `${t('fees.fields.tiers')} / ${t('fees.fields.freeQuota')} / ${t('fees.fields.waivers')}`,
        width: 230,
        valueGetter: (p) => (p.data ? detailsSummary(p.data.definition) : ''),
        cellRenderer: (p: ICellRendererParams<RuleRow>) => (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
            <Tooltip title={t('fees.editDetails')}>
              <IconButton
                size="small"
                data-testid="rule-details"
                aria-label={t('fees.editDetails')}
                onClick={() => p.data && onOpenDetails(p.data)}
              >
                <TuneIcon fontSize="inherit" />
              </IconButton>
            </Tooltip>
            <span>{p.value as string}</span>
          </Box>
        ),
        cellClassRules: {
          'fee-cell-error': (p) => ['tiers', 'freeQuota', 'waivers'].some((f) => issueOf(p.data, f as FeeRuleField)),
        },
        cellStyle: (p) =>
          ['tiers', 'freeQuota', 'waivers'].some((f) => issueOf(p.data, f as FeeRuleField))
            ? { boxShadow: `inset 0 0 0 2px ${muiTheme.palette.error.main}` }
            : null,
      },
      {
        colId: 'sentence',
        headerName: t('fees.fields.sentence'),
        flex: 1,
        minWidth: 320,
        tooltipValueGetter: (p) => p.value as string,
        valueGetter: (p) => {
          if (!p.data) return '';
          try {
            const plural = OPERATION_PLURALS[p.data.operation][lang];
            return describeRule(p.data.definition, 'CNY', lang, plural, fmt.timeZone);
          } catch {
            return '—'; // an invalid amount cannot be written out until it is fixed
          }
        },
      },
      ...(editable
        ? [
            {
              colId: 'remove',
              headerName: '',
              width: 56,
              cellRenderer: (p: ICellRendererParams<RuleRow>) => (
                <IconButton
                  size="small"
                  aria-label={t('fees.removeRule')}
                  onClick={() => onChange(rows.filter((r) => r.rowId !== p.data?.rowId))}
                >
                  <DeleteIcon fontSize="inherit" />
                </IconButton>
              ),
            } satisfies ColDef<RuleRow>,
          ]
        : []),
    ];

    function detailsSummary(d: FeeRuleDefinition): string {
      const bits: string[] = [];
      if (d.tiers.length) bits.push(t('fees.tierCount', { count: d.tiers.length }));
      if (d.freeQuota?.kind === 'count') bits.push(t('fees.quotaCount', { count: d.freeQuota.count }));
      if (d.freeQuota?.kind === 'amount' && Number.isSafeInteger(d.freeQuota.amountMinor))
        bits.push(t('fees.quotaAmount', { amount: fmt.money(d.freeQuota.amountMinor, 'CNY') }));
      if (d.waivers.length) bits.push(t('fees.waiverCount', { count: d.waivers.length }));
      return bits.join(' · ') || t('fees.none');
    }
  }, [t, fmt, lang, rows, byCell, indexOf, editable, onChange, onOpenDetails, muiTheme]);

  return (
    <Box sx={{ height: 'calc(100vh - 380px)', minHeight: 320 }} data-testid="rules-grid">
      <AgGridReact<RuleRow>
        key={i18n.language}
        theme={gridTheme}
        rowData={rows}
        columnDefs={columns}
        getRowId={(p) => p.data.rowId}
        getRowClass={(p) => (p.data ? `rule-${p.data.operation}-${p.data.channel}-${p.data.segment}` : undefined)}
        defaultColDef={{ resizable: true, suppressHeaderMenuButton: true, sortable: false }}
        singleClickEdit
        stopEditingWhenCellsLoseFocus
        tooltipShowDelay={200}
        localeText={localeText}
      />
    </Box>
  );
}
