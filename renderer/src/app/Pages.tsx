import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/contract/session';
import { NotBuilt } from '../components/NotBuilt';
import { PageHeader } from '../components/PageHeader';
import { AuditPage } from '../features/audit/AuditPage';
import { CustomersPage } from '../features/customers/CustomersPage';
import { FeesPage } from '../features/fees/FeesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { NAV } from './nav';

/** Route → page. A page the operator may not open is not rendered at all. */
export function Pages({ session, path }: { session: SessionInfo; path: string }) {
  const { t } = useTranslation();
  const item = NAV.find((n) => n.path === path) ?? NAV[0];
  if (!session.permissions.includes(item.permission)) return <NotBuilt page="overview" />;
  switch (item.label) {
    case 'customers':
      return <CustomersPage />;
    case 'audit':
      return <AuditPage />;
    case 'fees':
      return <FeesPage session={session} />;
    case 'settings':
      return <SettingsPage session={session} />;
    default:
      return (
        <>
          <PageHeader title={t(`nav.${item.label}`)} />
          <NotBuilt page={item.label as 'overview' | 'frozen' | 'refunds' | 'calls'} />
        </>
      );
  }
}
