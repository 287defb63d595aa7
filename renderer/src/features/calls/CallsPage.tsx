import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box, Button, Tab, Tabs, Typography } from '@mui/material';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract/session';
import { useBusinessTimeZone } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toasts';
import { DashboardControls } from './DashboardControls';
import { DashboardView } from './DashboardView';
import { ServiceCaseFigures } from '../cases/ServiceCaseFigures';
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
  const [dropped, setDropped] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const toast = useToast();
  const can = (p: string) => session.permissions.includes(p as never);
  const carriesFiles = (e: DragEvent) => can('contacts.import') && e.dataTransfer.types.includes('Files');
  // Dropping a CSV anywhere on the page opens the import with that file, as choosing it would.
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    if (files.length !== 1) return toast(t('calls.import.dropOne'), 'error');
    const [file] = files;
    if (!/\.(csv|txt)$/i.test(file.name) && !/^text\//.test(file.type)) {
      return toast(t('calls.import.dropNotCsv', { name: file.name }), 'error');
    }
    setDropped(file);
    setImporting(true);
  };
  return (
    <Box
      data-testid="calls-drop-zone"
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
      sx={{ position: 'relative', minHeight: '100%' }}
    >
      {dragging ? (
        <Box
          data-testid="calls-drop-hint"
          sx={{
            position: 'absolute',
            inset: 0,
            zIndex: (theme) => theme.zIndex.appBar - 1,
            border: 2,
            borderStyle: 'dashed',
            borderColor: 'primary.main',
            borderRadius: 2,
            bgcolor: 'action.hover',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            pointerEvents: 'none',
          }}
        >
          <Typography variant="h6">{t('calls.import.dropHere')}</Typography>
        </Box>
      ) : null}
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
          <ServiceCaseFigures session={session} />
          <DashboardView view={view} />
        </>
      ) : (
        <StaffingView channel={view.forecastChannel} onChannel={(c) => update({ forecastChannel: c })} />
      )}
      <ImportDialog
        open={importing}
        onClose={() => {
          setImporting(false);
          setDropped(null);
        }}
        timeZone={timeZone}
        file={dropped}
      />
      <LogContactDialog open={logging} onClose={() => setLogging(false)} />
    </Box>
  );
}
