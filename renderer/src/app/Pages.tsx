import { Alert } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/contract/session';
import { AuditPage } from '../features/audit/AuditPage';
import { CallsPage } from '../features/calls/CallsPage';
import { CustomersPage } from '../features/customers/CustomersPage';
import { OverviewPage } from '../features/overview/OverviewPage';
import { FrozenPage } from '../features/frozen/FrozenPage';
import { RefundsPage } from '../features/refunds/RefundsPage';
import { FeesPage } from '../features/fees/FeesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { CasesPage } from '../features/cases/CasesPage';
import { NAV } from './nav';

/** Route → page. A page the operator may not open is not rendered at all. */
export function Pages({ session, path }: { session: SessionInfo; path: string }) {
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
