import { Alert } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/contract/session';
import { lazy, Suspense, type ComponentType } from 'react';
import { Box, CircularProgress } from '@mui/material';
import { NAV } from './nav';

/** Each page is its own chunk, loaded when first opened (the bundle is split by route). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lazy() itself takes ComponentType<any>
function page<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}
const OverviewPage = page(() => import('../features/overview/OverviewPage'), 'OverviewPage');
const FrozenPage = page(() => import('../features/frozen/FrozenPage'), 'FrozenPage');
const CustomersPage = page(() => import('../features/customers/CustomersPage'), 'CustomersPage');
const CallsPage = page(() => import('../features/calls/CallsPage'), 'CallsPage');
const AuditPage = page(() => import('../features/audit/AuditPage'), 'AuditPage');
const RefundsPage = page(() => import('../features/refunds/RefundsPage'), 'RefundsPage');
const FeesPage = page(() => import('../features/fees/FeesPage'), 'FeesPage');
const SettingsPage = page(() => import('../features/settings/SettingsPage'), 'SettingsPage');
const CasesPage = page(() => import('../features/cases/CasesPage'), 'CasesPage');

const loading = (
  <Box sx={{ display: 'grid', placeItems: 'center', height: 240 }}>
    <CircularProgress />
  </Box>
);

/** Route → page. A page the operator may not open is not rendered at all. */
export function Pages({ session, path }: { session: SessionInfo; path: string }) {
  return (
    <Suspense fallback={loading}>
      <RoutePage session={session} path={path} />
    </Suspense>
  );
}

function RoutePage({ session, path }: { session: SessionInfo; path: string }) {
  const { t } = useTranslation();
  const item = NAV.find((n) => n.path === path) ?? NAV[0];
  if (!session.permissions.includes(item.permission)) {
    return (
      <Alert severity="warning" data-testid="no-access">
        {t('shell.noAccess')}
      </Alert>
    );
  }
  switch (item.label) {
    case 'overview':
      return <OverviewPage />;
    case 'frozen':
      return <FrozenPage session={session} />;
    case 'customers':
      return <CustomersPage session={session} />;
    case 'calls':
      return <CallsPage session={session} />;
    case 'audit':
      return <AuditPage />;
    case 'refunds':
      return <RefundsPage session={session} />;
    case 'fees':
      return <FeesPage session={session} />;
    case 'cases':
      return <CasesPage session={session} />;
    case 'settings':
      return <SettingsPage session={session} />;
  }
}
