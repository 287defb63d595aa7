import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Button, Tab, Tabs } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract/session';
import { useBusinessTimeZone } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { DashboardControls } from './DashboardControls';
import { DashboardView } from './DashboardView';
import { ImportDialog } from './ImportDialog';
import { LogContactDialog } from './LogContactDialog';
import { StaffingView } from './StaffingView';
import { TABS, useCallsView } from './useCallsView';

/** Call volumes: the supervisors' dashboard, contact import, and forecast with Erlang C staffing. */
export function CallsPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const timeZone = useBusinessTimeZone();
  const { view, update } = useCallsView(timeZone);
  const [importing, setImporting] = useState(false);
  const [logging, setLogging] = useState(false);
  const can = (p: string) => session.permissions.includes(p as never);
  return (
    <>
      <PageHeader title={t('nav.calls')}>
        {can('contacts.log') ? (
          <Button
            startIcon={<AddIcCallIcon />}
            variant="outlined"
            onClick={() => setLogging(true)}
            data-testid="log-contact-open"
          >
            {t('calls.actions.log')}
          </Button>
        ) : null}
        {can('contacts.import') ? (
          <Button
            startIcon={<UploadFileIcon />}
            variant="contained"
            onClick={() => setImporting(true)}
            data-testid="import-open"
          >
            {t('calls.actions.import')}
          </Button>
        ) : null}
      </PageHeader>
      <Tabs value={view.tab} onChange={(_e, tab) => update({ tab })} sx={{ mb: 2 }}>
        {TABS.map((tab) => (
          <Tab key={tab} value={tab} label={t(`calls.tabs.${tab}`)} data-testid={`tab-${tab}`} />
        ))}
      </Tabs>
      {view.tab === 'dashboard' ? (
        <>
          <DashboardControls view={view} timeZone={timeZone} update={update} />
          <DashboardView view={view} />
        </>
      ) : (
        <StaffingView channel={view.forecastChannel} onChannel={(c) => update({ forecastChannel: c })} />
      )}
      <ImportDialog open={importing} onClose={() => setImporting(false)} timeZone={timeZone} />
      <LogContactDialog open={logging} onClose={() => setLogging(false)} />
    </>
  );
}
