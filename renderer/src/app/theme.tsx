import { createTheme, CssBaseline, GlobalStyles, ThemeProvider, useMediaQuery } from '@mui/material';
import { enUS as muiEn, zhCN as muiZh } from '@mui/material/locale';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type ThemePreference = 'light' | 'dark' | 'system';
const STORAGE_KEY = 'wallet-ops-theme';

const ThemePrefContext = createContext<{
  preference: ThemePreference;
  mode: 'light' | 'dark';
  setPreference(p: ThemePreference): void;
}>({
  preference: 'system',
  mode: 'light',
  setPreference: () => {},
});

export function useThemePreference() {
  return useContext(ThemePrefContext);
}

const FONT =
  '"Inter", "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", system-ui, sans-serif';

export function AppThemeProvider({ children }: { children: ReactNode }) {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const [preference, setPref] = useState<ThemePreference>(
    () => (localStorage.getItem(STORAGE_KEY) as ThemePreference | null) ?? 'system',
  );
  const mode = preference === 'system' ? (prefersDark ? 'dark' : 'light') : preference;
  const { i18n } = useTranslation();
  const theme = useMemo(
    () =>
      createTheme(
        {
          palette: {
            mode,
            primary: { main: mode === 'dark' ? '#5aa9ff' : '#1565c0' },
            secondary: { main: mode === 'dark' ? '#ffb74d' : '#ef6c00' },
            background:
              mode === 'dark' ? { default: '#0f1419', paper: '#161c23' } : { default: '#f4f6f9', paper: '#ffffff' },
          },
          typography: { fontFamily: FONT, fontSize: 13 },
          shape: { borderRadius: 6 },
          components: { MuiButton: { defaultProps: { disableElevation: true } } },
        },
        i18n.language === 'zh-CN' ? muiZh : muiEn,
      ),
    [mode, i18n.language],
  );
  const value = useMemo(
    () => ({
      preference,
      mode,
      setPreference: (p: ThemePreference) => {
        localStorage.setItem(STORAGE_KEY, p);
        setPref(p);
      },
    }),
    [preference, mode],
  );
  return (
    <ThemePrefContext.Provider value={value}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <GlobalStyles styles={PRINT_STYLES} />
        {children}
      </ThemeProvider>
    </ThemePrefContext.Provider>
  );
}

/**
 * Printing (Ctrl/Cmd+P, the drawer's Print button, File → Save as PDF on desktop): an open case
 * or refund drawer prints alone, full width, without the console around it or its buttons.
 */
const PRINT_STYLES = {
  '@media print': {
    'body:has(.MuiDrawer-modal) #root': { display: 'none' },
    '.MuiDrawer-modal .MuiBackdrop-root': { display: 'none' },
    '.MuiDrawer-modal, .MuiDrawer-modal .MuiDrawer-paper': {
      position: 'static !important',
      width: '100% !important',
      maxWidth: 'none !important',
      boxShadow: 'none !important',
      transform: 'none !important',
      overflow: 'visible !important',
    },
    'button, [role="button"], .no-print': { display: 'none !important' },
    body: { background: '#fff', color: '#000' },
  },
} as const;
