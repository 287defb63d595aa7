import CloseIcon from '@mui/icons-material/Close';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Drawer,
  IconButton,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import { useQueryClient, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceCaseDetail } from '../../../../shared/contract/cases';
import type { SessionInfo } from '../../../../shared/contract/session';
import { isActiveStatus } from '../../../../shared/domain/cases';
import { ApiError, call, invalidatePrefix } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { navigate } from '../../lib/router';
import { NotesThread } from '../../components/NotesThread';
import { useToast } from '../../components/Toasts';
import { Section, TransactionsTable } from '../frozen/CaseSections';
import { useMinuteClock } from '../frozen/columns';
import { caseSlaText } from './columns';
import { ComplaintSection } from './ComplaintSection';
import { FraudSection } from './FraudSection';
import { ClosureSection } from './ClosureSection';
import { IdentitySection } from './IdentitySection';
import { NoteDialog } from './NoteDialog';
import { useBackCloses } from '../../components/SideDrawer';
import { caseQueries } from './queries';

type Verdict = 'approve' | 'reject';

function FreezeRequestSection({ d }: { d: ServiceCaseDetail }) {
  const { t } = useTranslation();
  const r = d.freezeRequest;
  if (!r) return null;
  const facts: [string, string | null][] = [
    [t('cases.detail.orderReference'), r.orderReference],
    [t('cases.detail.authority'), r.authority],
    [t('cases.detail.documentReference'), r.documentReference],
    [t('cases.detail.reason'), r.reason],
  ];
  return (
    <Section title={t('cases.detail.freezeRequest')} testId="case-freeze-request">
      {facts
        .filter(([, v]) => v)
        .map(([label, v]) => (
          <Typography key={label} variant="body2">
            <b>{label}</b>: {v}
          </Typography>
        ))}
      {r.freezeCaseId ? (
        <Button
          sx={{ mt: 1 }}
          onClick={() => navigate('/frozen', { id: r.freezeCaseId })}
          data-testid="open-freeze-case"
        >
          {t('cases.detail.openFreezeCase', { caseNo: r.freezeCaseNo })}
        </Button>
      ) : null}
    </Section>
  );
}

/** One service case: its facts, links, notes thread, and the actions its state and the operator's role allow. */
export function ServiceCaseDrawer({
  id,
  session,
  onClose: close,
}: {
  id: number;
  session: SessionInfo;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // Open while mounted; Back closes it before it leaves the queue, as every side drawer does.
  const onClose = useBackCloses(true, close);
  const fmt = useFormat();
  const toast = useToast();
  const qc = useQueryClient();
  const now = useMinuteClock();
  const detail = useQuery(caseQueries.detail(id));
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);
  const d = detail.data;
  const me = session.operatorId;

  const act = async (work: () => Promise<ServiceCaseDetail>, done: string) => {
    setBusy(true);
    try {
      qc.setQueryData(['cases:get', { id }], await work());
      toast(done);
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
      void invalidatePrefix(qc, 'cases:get');
    } finally {
      setBusy(false);
    }
  };
  const ref = d ? { id: d.id, expectedVersion: d.version } : null;
  const active = !!d && isActiveStatus(d.status);
  const mayApprove =
    !!d &&
    d.status === 'awaiting_approval' &&
    session.permissions.includes('cases.approve') &&
    d.makerId !== me &&
    d.openedBy !== me;

  return (
    <Drawer
      anchor="right"
      open
      onClose={onClose}
      sx={{ zIndex: (theme) => theme.zIndex.modal }}
      slotProps={{ paper: { sx: { width: { xs: '100%', md: 720 }, p: 3 } } }}
    >
      {!d ? (
        detail.error ? (
          <Alert severity="error">{t(`errors.${detail.error.code}`)}</Alert>
        ) : (
          <CircularProgress />
        )
      ) : (
        <Box data-testid="service-case" data-case-id={d.id} data-version={d.version}>
          <Stack direction="row" alignItems="center" spacing={1}>
            <Typography variant="h6" sx={{ flexGrow: 1 }}>
              {t('cases.detail.title', { caseNo: d.caseNo })}
            </Typography>
            <IconButton onClick={onClose} aria-label={t('cases.detail.close')} data-testid="drawer-close">
              <CloseIcon />
            </IconButton>
          </Stack>
          <Stack direction="row" spacing={1} sx={{ my: 1, flexWrap: 'wrap', rowGap: 1 }}>
            <Chip label={t(`cases.kinds.${d.kind}`)} variant="outlined" />
            <Chip label={t(`cases.statuses.${d.status}`)} color="primary" data-testid="service-case-status" />
            <Chip label={`${t('cases.columns.slaDue')}: ${caseSlaText(d, now, t)}`} variant="outlined" />
            <Chip
              label={`${t('cases.detail.owner')}: ${d.ownerName ?? t('cases.detail.ownerNone')}`}
              variant="outlined"
              data-testid="service-case-owner"
            />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {t('cases.detail.openedBy', { name: d.openedByName, time: fmt.dateTime(d.openedAt) })}
          </Typography>
          {d.status === 'awaiting_approval' ? (
            <Alert severity="warning" sx={{ my: 1 }}>
              {t('cases.detail.awaiting', { name: d.makerName ?? d.openedByName })}
            </Alert>
          ) : null}
          {d.decidedAt && d.checkerName ? (
            <Alert
              severity={d.status === 'rejected' ? 'info' : 'success'}
              sx={{ my: 1 }}
              data-testid="service-case-decided"
            >
              {t('cases.detail.decided', {
                status: t(`cases.statuses.${d.status}`),
                name: d.checkerName,
                time: fmt.dateTime(d.decidedAt),
                note: d.decisionNote ?? '',
              })}
            </Alert>
          ) : null}
          <Stack direction="row" spacing={1} sx={{ my: 1.5, flexWrap: 'wrap', rowGap: 1 }}>
            {active && d.ownerId !== me ? (
              <Button
                variant="outlined"
                disabled={busy}
                onClick={() => ref && act(() => call('cases:claim', ref), t('cases.detail.claimed'))}
                data-testid="service-case-claim"
              >
                {t('cases.detail.claim')}
              </Button>
            ) : null}
            {active && d.ownerId === me ? (
              <Button
                variant="outlined"
                disabled={busy}
                onClick={() => ref && act(() => call('cases:release', ref), t('cases.detail.released'))}
              >
                {t('cases.detail.release')}
              </Button>
            ) : null}
            {mayApprove ? (
              <>
                <Button
                  variant="contained"
                  disabled={busy}
                  onClick={() => setVerdict('approve')}
                  data-testid="case-approve"
                >
                  {t('cases.detail.approve')}
                </Button>
                <Button color="error" disabled={busy} onClick={() => setVerdict('reject')} data-testid="case-reject">
                  {t('cases.detail.reject')}
                </Button>
              </>
            ) : null}
            <Button onClick={() => navigate('/customers', { id: d.customerId })}>{t('cases.detail.customer')}</Button>
          </Stack>
          <Typography sx={{ whiteSpace: 'pre-wrap' }} data-testid="service-case-summary">
            {d.summary}
          </Typography>
          <FreezeRequestSection d={d} />
          <ComplaintSection d={d} onChange={(next) => qc.setQueryData(['cases:get', { id }], next)} />
          <FraudSection d={d} onChange={(next) => qc.setQueryData(['cases:get', { id }], next)} />
          <ClosureSection d={d} onChange={(next) => qc.setQueryData(['cases:get', { id }], next)} />
          <IdentitySection d={d} onChange={(next) => qc.setQueryData(['cases:get', { id }], next)} />
          <Section title={t('cases.detail.transactions')}>
            <TransactionsTable rows={d.transactions} testId="service-case-transactions" />
          </Section>
          <Section title={t('cases.detail.contacts')}>
            {d.contacts.length ? (
              <List dense>
                {d.contacts.map((k) => (
                  <ListItem key={k.id} disableGutters>
                    <ListItemText
                      primary={`${fmt.dateTime(k.startedAt)} · ${t(`catalog.contactChannel.${k.channel}`)} · ${t(`catalog.contactCategory.${k.category}`)}`}
                      secondary={k.note}
                    />
                  </ListItem>
                ))}
              </List>
            ) : (
              <Typography color="text.secondary">{t('cases.detail.none')}</Typography>
            )}
          </Section>
          <Box sx={{ mt: 2.5 }}>
            <NotesThread entityType="service_case" entityId={d.id} />
          </Box>
        </Box>
      )}
      {verdict && ref ? (
        <NoteDialog
          title={t(`cases.detail.${verdict}`)}
          label={t('cases.detail.note')}
          onClose={() => setVerdict(null)}
          onConfirm={(note) => {
            setVerdict(null);
            const key = crypto.randomUUID();
            void act(
              () =>
                call(verdict === 'approve' ? 'cases:approve' : 'cases:reject', { ...ref, note, idempotencyKey: key }),
              t(verdict === 'approve' ? 'cases.detail.approved' : 'cases.detail.rejected'),
            );
          }}
        />
      ) : null}
    </Drawer>
  );
}
