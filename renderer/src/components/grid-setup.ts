import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';
import { useTheme } from '@mui/material';
import {
  CellStyleModule,
  GridStateModule,
  LocaleModule,
  ModuleRegistry,
  RowApiModule,
  RowStyleModule,
  ScrollApiModule,
  TooltipModule,
  colorSchemeDark,
  themeQuartz,
} from 'ag-grid-community';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/*
 * The modules every grid in the console relies on, registered once by whichever grid loads first.
 * Grids live in separate lazy chunks: when each registered its own list, the fee rules grid (loaded
 * before any infinite grid) ran without RowStyle and Locale, so its rows had no classes and its
 * texts stayed English. A grid adds only its row model and editors.
 */
ModuleRegistry.registerModules([
  LocaleModule,
  TooltipModule,
  CellStyleModule,
  RowStyleModule,
  // Without these, initialState (the default sort) and the row/scroll APIs used for keyboard navigation are no-ops.
  GridStateModule,
  RowApiModule,
  ScrollApiModule,
]);

/** The AG Grid theme drawn from the MUI theme, light or dark. */
export function useGridTheme() {
  const muiTheme = useTheme();
  return useMemo(() => {
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
}

/** AG Grid's own texts (no rows, loading, page summary) in the UI language. */
export function useGridLocale() {
  const { i18n } = useTranslation();
  return i18n.language === 'zh-CN' ? AG_GRID_LOCALE_CN : AG_GRID_LOCALE_EN;
}
