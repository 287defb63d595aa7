import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Divider,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NotesThread } from '../../components/NotesThread';
import { SideDrawer } from '../../components/SideDrawer';
import type { RefundDetail } from '../../../../shared/contract/refunds';
import type { SessionInfo } from '../../../../shared/contract/session';
import { useFormat } from '../../lib/format';
import { usePaymentMethodLabel } from './columns';
import { PayoutConfirm } from './RefundConfirms';
import { NoteDialog } from './RefundDialogs';
import { FreezeWarning } from './FreezeWarning';
import { useDelayedAction } from '../../components/Toasts';
import type { useRefundActions } from './useRefundActions';
import { refundQueries } from './queries';

/** Above this 90-day refund rate, or with repeated requests for one transaction, the panel warns. */
const HIGH_RATE = 0.3;

type Actions = ReturnType<typeof useRefundActions>;

export function RefundDetailDrawer(props: {
  id: number | null;
  session: SessionInfo;
  actions: Actions;
  /** `acknowledged`: the operator ticked the account's freeze warning (FREEZE_RULES). */
  onApprove: (r: RefundDetail['request'], acknowledged: boolean) => void;
  onReject: (r: RefundDetail['request']) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const detail = useQuery(refundQueries.detail(props.id));
  const loaded = detail.data && detail.data.request.id === props.id ? detail.data : null;
  return (
    <SideDrawer
      open={props.id !== null}
      onClose={props.onClose}
      width={560}
      title={loaded ? t('refunds.detail.title', { refundNo: loaded.request.refundNo }) : ''}
      copyId={loaded?.request.refundNo}
      actions={
        loaded ? <Chip label={t(`catalog.refundStatus.${loaded.request.status}`)} data-testid="detail-status" /> : null
      }
    >
      {loaded ? <DetailBody detail={loaded} {...props} /> : <CircularProgress sx={{ m: 'auto' }} />}
    </SideDrawer>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle2" color="text.secondary" gutterBottom>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function DetailBody(props: {
  detail: RefundDetail;
  session: SessionInfo;
  actions: Actions;
  /** `acknowledged`: the operator ticked the account's freeze warning (FREEZE_RULES). */
  onApprove: (r: RefundDetail['request'], acknowledged: boolean) => void;
  onReject: (r: RefundDetail['request']) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const method = usePaymentMethodLabel();
  const [noteFor, setNoteFor] = useState<'returnToPending' | 'cancel' | null>(null);
  const [paying, setPaying] = useState(false);
  const later = useDelayedAction();
  // The account's freezes (FREEZE_RULES, judged in main): a blocked refund is not offered; a warning needs a tick.
  const freeze = props.detail.freeze;
  const blocked = freeze.effect === 'blocked';
  const [acknowledged, setAcknowledged] = useState(false);
  const mayGo = freeze.effect === 'allowed' || acknowledged;
  const { request: r, transaction: x, history: h } = props.detail;
  const can = (p: SessionInfo['permissions'][number]) => props.session.permissions.includes(p);
  const money = (minor: number) => fmt.money(minor, x.currency);
  const open = r.status === 'pending' || r.status === 'awaiting_second_approval';
  const abuse = h.refundRate90d >= HIGH_RATE || h.sameTransactionRequests > 1;

  return (
    <Box data-testid="refund-detail">
      <Typography color="text.secondary">
        {t(`catalog.refundType.${r.type}`)} · {t(`catalog.refundReason.${r.reason}`)} ·{' '}
        {r.requesterName ?? t('refunds.system')} · {fmt.dateTime(r.requestedAt)}
      </Typography>
      <Typography variant="h5" sx={{ my: 1 }} data-testid="detail-amount">
        {money(r.amountMinor)}
      </Typography>
      {r.note ? <Typography>{t('refunds.detail.requestNote', { note: r.note })}</Typography> : null}

      <Stack direction="row" spacing={1} sx={{ my: 2, flexWrap: 'wrap', rowGap: 1 }}>
        {open && can('refunds.approve') ? (
          <>
            {!blocked ? (
              <Button
                variant="contained"
                disabled={!mayGo}
                onClick={() => props.onApprove(r, acknowledged)}
                data-testid="detail-approve"
              >
                {t('refunds.actions.approve')}
              </Button>
            ) : null}
            <Button color="error" variant="outlined" onClick={() => props.onReject(r)} data-testid="detail-reject">
              {t('refunds.actions.reject')}
            </Button>
          </>
        ) : null}
        {(r.status === 'approved' || r.status === 'failed') && can('refunds.approve') && !blocked ? (
          <Button variant="contained" disabled={!mayGo} onClick={() => setPaying(true)} data-testid="detail-payout">
            {r.status === 'failed' ? t('refunds.actions.retryPayout') : t('refunds.actions.payout')}
          </Button>
        ) : null}
        {r.status === 'failed' && can('refunds.approve') ? (
          <Button variant="outlined" onClick={() => setNoteFor('returnToPending')} data-testid="detail-return">
            {t('refunds.actions.returnToPending')}
          </Button>
        ) : null}
        {open && r.assigneeId !== props.session.operatorId && can('refunds.approve') ? (
          <Button onClick={() => props.actions.claim(r)}>{t('refunds.actions.claim')}</Button>
        ) : null}
        {open && can('refunds.request') && (r.requestedBy === props.session.operatorId || can('refunds.cancelAny')) ? (
          <Button color="inherit" onClick={() => setNoteFor('cancel')} data-testid="detail-cancel">
            {t('refunds.actions.cancel')}
          </Button>
        ) : null}
      </Stack>

      <FreezeWarning verdict={freeze} acknowledged={acknowledged} onAcknowledge={setAcknowledged} />
      {props.detail.payeeWarning ? (
        <Alert severity="error" sx={{ mb: 1 }} data-testid="detail-payee-warning">
          {t('cases.fraud.payeeWarning', {
            payee: props.detail.payeeWarning.payee,
            caseNo: props.detail.payeeWarning.caseNo,
          })}
        </Alert>
      ) : null}
      {x.outsideWindow ? (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {t('refunds.detail.outsideWindow', { days: props.detail.windowDays })}
        </Alert>
      ) : null}
      {r.duplicateOf ? (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {t('refunds.detail.duplicate', { id: r.duplicateOf })}
        </Alert>
      ) : null}
      {r.failureReason ? (
        <Alert severity="error" sx={{ mb: 1 }} data-testid="detail-failure">
          {t('refunds.detail.failure', {
            reason: t(`refunds.payoutFailures.${r.failureReason as 'CARD_CLOSED'}`, { defaultValue: r.failureReason }),
            attempts: r.payoutAttempts,
          })}
        </Alert>
      ) : null}
      {r.rejectReason ? (
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('refunds.detail.rejectReason', { reason: t(`catalog.rejectReason.${r.rejectReason}`) })}
          {r.rejectNote ? ` — ${r.rejectNote}` : ''}
        </Alert>
      ) : null}
      {r.firstApproverName ? (
        <Typography variant="body2">
          {t('refunds.detail.firstApprover', { name: r.firstApproverName })}
          {r.secondApproverName ? ` · ${t('refunds.detail.secondApprover', { name: r.secondApproverName })}` : ''}
        </Typography>
      ) : null}

      <Divider sx={{ my: 2 }} />
      <Section title={t('refunds.detail.transaction')}>
        <Typography>
          {x.txnNo} · {x.merchant ?? ''} · {method(x.paymentMethod)} · {fmt.dateTime(x.createdAt)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('refunds.detail.customer')}: {x.customerNameZh} {x.customerNameEn} · {x.accountNo}
        </Typography>
        <Stack direction="row" spacing={3} sx={{ mt: 1 }}>
          {(
            [
              ['captured', x.amountMinor],
              ['refunded', x.refundedMinor],
              ['pending', x.pendingMinor],
              ['remaining', x.remainingMinor],
            ] as const
          ).map(([k, v]) => (
            <Box key={k}>
              <Typography variant="caption" color="text.secondary">
                {t(`refunds.detail.${k}`)}
              </Typography>
              <Typography data-testid={`detail-${k}`}>{money(v)}</Typography>
            </Box>
          ))}
        </Stack>
      </Section>

      <Section title={t('refunds.detail.timeline')}>
        <List dense disablePadding data-testid="detail-timeline">
          {props.detail.timeline.map((e, i) => (
            <ListItem key={i} disableGutters sx={e.current ? { fontWeight: 600 } : undefined}>
              <ListItemText
                primary={`${t(`refunds.timeline.${e.kind}`, { refundNo: e.refundNo ?? '' })} · ${money(e.amountMinor)}`}
                secondary={fmt.dateTime(e.at)}
                slotProps={{ primary: { fontWeight: e.current ? 600 : 400 } }}
              />
            </ListItem>
          ))}
        </List>
      </Section>

      <Section title={t('refunds.detail.history')}>
        <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
          {h.refundRate90d >= HIGH_RATE ? (
            <Chip color="warning" size="small" label={t('refunds.detail.highRate')} />
          ) : null}
          {h.sameTransactionRequests > 1 ? (
            <Chip color="warning" size="small" label={t('refunds.detail.repeated')} />
          ) : null}
        </Stack>
        <Typography variant="body2" color={abuse ? 'warning.main' : undefined} data-testid="detail-rate">
          {t('refunds.detail.rate', {
            rate: new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 0 }).format(
              h.refundRate90d,
            ),
            refunds: h.refunds90d,
            payments: h.payments90d,
          })}
        </Typography>
        <Typography variant="body2">{t('refunds.detail.sameTxn', { count: h.sameTransactionRequests })}</Typography>
        <List dense disablePadding>
          {h.requests.map((q) => (
            <ListItem key={q.id} disableGutters>
              <ListItemText
                primary={`${q.refundNo} · ${q.txnNo} · ${fmt.money(q.amountMinor, q.currency)} · ${t(`catalog.refundStatus.${q.status}`)}`}
                secondary={fmt.dateTime(q.requestedAt)}
              />
            </ListItem>
          ))}
        </List>
      </Section>

      <Section title={t('refunds.detail.contacts')}>
        {props.detail.contacts.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {t('refunds.detail.noContacts')}
          </Typography>
        ) : (
          <List dense disablePadding>
            {props.detail.contacts.map((c) => (
              <ListItem key={c.id} disableGutters>
                <ListItemText
                  primary={`${t(`catalog.contactChannel.${c.channel}`)} · ${t(`catalog.contactOutcome.${c.outcome}`)}${c.note ? ` · ${c.note}` : ''}`}
                  secondary={fmt.dateTime(c.startedAt)}
                />
              </ListItem>
            ))}
          </List>
        )}
      </Section>

      <Section title={t('refunds.detail.notes')}>
        <NotesThread entityType="refund_request" entityId={r.id} />
      </Section>

      <PayoutConfirm
        row={paying ? r : null}
        session={props.session}
        onClose={() => setPaying(false)}
        onConfirm={(row) => {
          setPaying(false);
          later(
            t('refunds.confirm.payingOut', { refundNo: row.refundNo, amount: money(row.amountMinor) }),
            () => void props.actions.payout(row, acknowledged),
          );
        }}
      />
      <NoteDialog
        open={noteFor !== null}
        title={noteFor === 'cancel' ? t('refunds.actions.cancel') : t('refunds.actions.returnToPending')}
        onClose={() => setNoteFor(null)}
        onConfirm={(note) => {
          if (noteFor === 'cancel') void props.actions.cancel(r, note);
          else void props.actions.returnToPending(r, note);
          setNoteFor(null);
        }}
      />
    </Box>
  );
}
