import { Tab, Tabs } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract/session';
import { replaceParams, useRoute } from '../../lib/router';
import { PageHeader } from '../../components/PageHeader';
import { CallTargets } from './CallTargets';
import { ComplaintClockSettings } from '../cases/ComplaintClockSettings';
import { GeneralSettings } from './GeneralSettings';
import { LimitsTable } from './LimitsTable';
import { OperatorsTable } from './OperatorsTable';
import { BackupsPanel } from '../backups/BackupsPanel';

const TABS = ['general', 'operators', 'limits', 'backups'] as const;

export function SettingsPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const route = useRoute();
  const tab = (TABS as readonly string[]).includes(route.params.get('tab') ?? '')
    ? (route.params.get('tab') as (typeof TABS)[number])
    : 'general';
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Tabs value={tab} onChange={(_e, v: string) => replaceParams({ tab: v })} sx={{ mb: 2 }}>
        {TABS.map((k) => (
          <Tab key={k} value={k} label={t(`settings.${k}`)} data-testid={`settings-tab-${k}`} />
        ))}
      </Tabs>
      {tab === 'general' ? (
        <>
          <GeneralSettings />
          <CallTargets />
          <ComplaintClockSettings />
        </>
      ) : tab === 'operators' ? (
        <OperatorsTable session={session} />
      ) : tab === 'limits' ? (
        <LimitsTable />
      ) : (
        <BackupsPanel session={session} />
      )}
    </>
  );
}
