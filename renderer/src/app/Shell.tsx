import BrightnessAutoIcon from '@mui/icons-material/BrightnessAuto';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import LockIcon from '@mui/icons-material/Lock';
import LogoutIcon from '@mui/icons-material/Logout';
import {
  AppBar,
  Box,
  Chip,
  Drawer,
  IconButton,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Toolbar,
  Tooltip,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/contract/session';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { IntegrityBanner } from '../features/integrity/IntegrityBanner';
import { call, hostKind } from '../lib/api';
import { sharedQueries } from '../lib/queries';
import { CommandPalette } from './CommandPalette';
import { GlobalSearch } from './GlobalSearch';
import { LanguageMenu } from '../components/LanguageMenu';
import { NAV } from './nav';
import { Pages } from './Pages';
import { navigate, useRoute } from '../lib/router';
import { useThemePreference, type ThemePreference } from './theme';

const DRAWER = 220;
const NEXT_THEME: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };
const THEME_ICON = { light: <LightModeIcon />, dark: <DarkModeIcon />, system: <BrightnessAutoIcon /> };
const THEME_LABEL = { light: 'shell.themeLight', dark: 'shell.themeDark', system: 'shell.themeSystem' } as const;

export function Shell({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const route = useRoute();
  const qc = useQueryClient();
  const info = useQuery(sharedQueries.appInfo());
  const theme = useThemePreference();
  const allowed = NAV.filter((n) => session.permissions.includes(n.permission));
  const lock = () =>
    void call('session:lock', {}).then(() => qc.invalidateQueries({ queryKey: sharedQueries.session().queryKey }));
  const signOut = async () => {
    await call('session:signOut', {});
    await qc.resetQueries();
    navigate('/');
  };

  return (
    <Box sx={{ display: 'flex' }}>
      <AppBar position="fixed" sx={{ zIndex: (th) => th.zIndex.drawer + 1 }} elevation={0}>
        <Toolbar variant="dense" sx={{ gap: 1 }}>
          <Typography variant="h6" noWrap sx={{ mr: 2 }}>
            {t('app.title')}
          </Typography>
          {session.permissions.includes('customers.read') ? <GlobalSearch /> : null}
          <CommandPalette session={session} onSignOut={() => void signOut()} onLock={lock} />
          <Box sx={{ flexGrow: 1 }} />
          {info.data?.demo ? <Chip size="small" color="warning" label={t('app.demoBadge')} /> : null}
          <Chip
            size="small"
            variant="outlined"
            sx={{ color: 'inherit', borderColor: 'rgba(255,255,255,.5)' }}
            label={t(`shell.host.${hostKind()}`)}
          />
          <LanguageMenu />
          <Tooltip title={`${t('shell.theme')}: ${t(THEME_LABEL[theme.preference])}`}>
            <IconButton
              color="inherit"
              onClick={() => theme.setPreference(NEXT_THEME[theme.preference])}
              aria-label={t('shell.theme')}
              data-testid="theme-button"
              data-theme-mode={theme.mode}
            >
              {THEME_ICON[theme.preference]}
            </IconButton>
          </Tooltip>
          <Typography variant="body2" sx={{ mx: 1 }} data-testid="operator-name">
            {session.displayName} · {t(`catalog.role.${session.role}`)}
          </Typography>
          <Tooltip title={t('shell.lockNow')}>
            <IconButton color="inherit" onClick={lock} aria-label={t('shell.lockNow')}>
              <LockIcon />
            </IconButton>
          </Tooltip>
          <Tooltip title={t('shell.signOut')}>
            <IconButton color="inherit" onClick={signOut} aria-label={t('shell.signOut')} data-testid="sign-out">
              <LogoutIcon />
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{ width: DRAWER, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' } }}
      >
        <Toolbar variant="dense" />
        <List component="nav" aria-label="main" data-testid="nav">
          {allowed.map((item) => (
            <ListItemButton
              key={item.path}
              selected={route.path === item.path}
              onClick={() => navigate(item.path)}
              data-testid={`nav-${item.label}`}
            >
              <ListItemIcon sx={{ minWidth: 40 }}>{item.icon}</ListItemIcon>
              <ListItemText primary={t(`nav.${item.label}`)} />
            </ListItemButton>
          ))}
        </List>
        <Box sx={{ flexGrow: 1 }} />
        <Typography variant="caption" color="text.secondary" sx={{ p: 2 }}>
          {t('shell.timeZone', { zone: info.data?.timeZone ?? '' })}
        </Typography>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar variant="dense" />
        {session.permissions.includes('system.integrity') ? <IntegrityBanner /> : null}
        <ErrorBoundary key={route.path}>
          <Pages session={session} path={route.path} />
        </ErrorBoundary>
      </Box>
    </Box>
  );
}
