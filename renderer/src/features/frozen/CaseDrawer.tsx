import { Alert, Box, Button, Chip, CircularProgress, Menu, MenuItem, Stack, Typography } from '@mui/material';
import { useQueryClient, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FreezeCaseDetail } from '../../../../shared/contract/frozen';
import type { SessionInfo } from '../../../../shared/contract/session';
import type { IdentityCheck } from '../../../../shared/domain/catalog';
import { FREEZE_DECISIONS } from '../../../../shared/domain/freeze';
import type { CaseAction, CaseBlocker } from '../../../../shared/domain/freeze-actions';
import { ApiError, call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { navigate } from '../../lib/router';
import { NotesThread } from '../../components/NotesThread';
import { IdentityChecklist } from '../../components/IdentityChecklist';
import { SideDrawer } from '../../components/SideDrawer';
import { LogContactDialog } from '../calls/LogContactDialog';
import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import { useToast } from '../../components/Toasts';
import {
  AccountFacts,
  EvidenceText,
  FreezeRuleFacts,
  HistoryLists,
  ruleLabel,
  Section,
  TransactionsTable,
} from './CaseSections';
import { slaText, useMinuteClock } from './columns';
import { DecisionDialog, type DecisionMode } from './DecisionDialog';
import { sharedQueries } from '../../lib/queries';
import { frozenQueries } from './queries';

/**
 * Blockers the operator can clear from this panel (tick the checks; pay the balance out) or
 * should see as a fact (no card): the action is still offered, and its dialog names what is
 * missing and will not submit. Any other refusal hides the action: main sends what its rules
 * allow (FreezeCaseDetail.actions).
 */
const SHOWN_DISABLED: readonly CaseBlocker[] = ['IDENTITY_CHECKS_INCOMPLETE', 'BALANCE_NOT_ZERO', 'NO_VERIFIED_CARD'];
const offered = (d: FreezeCaseDetail, a: CaseAction) => d.actions[a] === null || SHOWN_DISABLED.includes(d.actions[a]);

/** The case panel: account, evidence, history, identity checks, notes, and every action on the case. */
export function CaseDrawer({ id, session, onClose }: { id: number; session: SessionInfo; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const qc = useQueryClient();
  const now = useMinuteClock();
  const detail = useQuery(frozenQueries.case(id));
  const operators = useQuery(sharedQueries.operatorDirectory());
  const [mode, setMode] = useState<DecisionMode | null>(null);
  const [assignAnchor, setAssignAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);
  const d = detail.data;
  const [logging, setLogging] = useState(false);
  const notes = useQuery(sharedQueries.notes('freeze_case', id));

  /** Runs one write and shows its result at once (a refused stale write reloads the case: app/events.ts). */
  const act = async (work: () => Promise<FreezeCaseDetail>, done?: string) => {
    setBusy(true);
    try {
      const next = await work();
      qc.setQueryData(frozenQueries.case(id).queryKey, next);
      if (done) toast(done);
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const ref = d ? { id: d.id, expectedVersion: d.version } : null;
  // The maker's note is the note their decision wrote (same instant); else their latest note on the case.
  const byMaker = (notes.data ?? []).filter((n) => n.operatorId === d?.makerId);
  const makerNote = byMaker.find((n) => n.createdAt === d?.decidedAt) ?? byMaker[0] ?? null;
  const mine = d?.ownerId === session.operatorId;
  const toggle = (kind: IdentityCheck, passed: boolean) =>
    ref && act(() => call('frozen:check', { ...ref, kind, passed }));

  return (
    <SideDrawer
      open
      onClose={onClose}
      width={760}
      title={t('frozen.detail.title', { caseNo: d?.caseNo ?? '' })}
      copyId={d?.caseNo}
    >
      {!d ? (
        detail.error ? (
          <Alert severity="error">{t(`errors.${detail.error.code}`)}</Alert>
        ) : (
          <CircularProgress />
        )
      ) : (
        <Box data-testid="case-detail" data-case-id={d.id} data-version={d.version}>
          <Stack direction="row" spacing={1} sx={{ my: 1, flexWrap: 'wrap', rowGap: 1 }}>
            <Chip label={t(`catalog.caseStatus.${d.status}`)} color="primary" data-testid="case-status" />
            <Chip
              label={`${t('frozen.risk')}: ${t(`catalog.risk.${d.risk}`)}`}
              color={d.risk === 'high' ? 'error' : d.risk === 'medium' ? 'warning' : 'default'}
            />
            <Chip label={t(`catalog.freezeReason.${d.reason}`)} variant="outlined" />
            <Chip label={`${t('frozen.slaDue')}: ${slaText(d, now, t)}`} variant="outlined" />
            <Chip
              label={`${t('frozen.owner')}: ${d.ownerName ?? t('frozen.detail.ownerNone')}`}
              variant="outlined"
              data-testid="case-owner"
            />
          </Stack>
          {d.status === 'awaiting_second_approval' && d.decision ? (
            <Alert severity="warning" sx={{ my: 1 }} data-testid="pending-decision">
              {t('frozen.detail.decision', {
                decision: t(`catalog.freezeDecision.${d.decision}`),
                name: d.makerName ?? '—',
              })}
              {d.decisionReason ? (
                <div>
                  {t('frozen.detail.decisionReason', { reason: t(`catalog.decisionReason.${d.decisionReason}`) })}
                </div>
              ) : null}
              {makerNote ? (
                <div data-testid="pending-decision-note" style={{ whiteSpace: 'pre-wrap' }}>
                  {t('frozen.detail.decisionNote', { note: makerNote.body })}
                </div>
              ) : null}
            </Alert>
          ) : null}
          {d.status === 'kept_frozen' && d.reviewAt ? (
            <Alert severity="info" sx={{ my: 1 }}>
              {t('frozen.detail.reviewAt', { time: fmt.dateTime(d.reviewAt) })}
            </Alert>
          ) : null}
          {(d.status === 'unfrozen' || d.status === 'closed') && d.makerName ? (
            <Alert severity="success" sx={{ my: 1 }}>
              {t('frozen.detail.decidedBy', {
                maker: d.makerName,
                checker: d.checkerName ? t('frozen.detail.checkerPart', { name: d.checkerName }) : '',
              })}
            </Alert>
          ) : null}

          <Stack direction="row" spacing={1} sx={{ my: 1.5, flexWrap: 'wrap', rowGap: 1 }}>
            {d.actions.claim === null && !mine ? (
              <Button
                variant="contained"
                disabled={busy}
                data-testid="case-claim"
                onClick={() => ref && act(() => call('frozen:claim', ref), t('frozen.detail.claimed'))}
              >
                {t('frozen.detail.claim')}
              </Button>
            ) : null}
            {d.actions.release === null && d.ownerId !== null ? (
              <Button disabled={busy} onClick={() => ref && act(() => call('frozen:release', ref))}>
                {t('frozen.detail.release')}
              </Button>
            ) : null}
            {d.actions.assign === null ? (
              <Button disabled={busy} onClick={(e) => setAssignAnchor(e.currentTarget)}>
                {t('frozen.detail.assign')}
              </Button>
            ) : null}
            {FREEZE_DECISIONS.filter((decision) => decision !== 'payout' && offered(d, decision)).map((decision) => (
              <Button
                key={decision}
                variant="outlined"
                color={decision === 'close' ? 'error' : 'primary'}
                disabled={busy}
                data-testid={`decide-${decision}`}
                onClick={() => setMode({ kind: 'decide', decision })}
              >
                {t(`catalog.freezeDecision.${decision}`)}
              </Button>
            ))}
            {d.actions.approve === null ? (
              <Button
                variant="contained"
                color="success"
                data-testid="case-approve"
                onClick={() => setMode({ kind: 'approve' })}
              >
                {t('frozen.detail.approve')}
              </Button>
            ) : null}
            {d.actions.reject === null ? (
              <Button
                variant="outlined"
                color="error"
                data-testid="case-reject"
                onClick={() => setMode({ kind: 'reject' })}
              >
                {t('frozen.detail.reject')}
              </Button>
            ) : null}
          </Stack>
          {d.actions.approve === 'MAKER_CANNOT_APPROVE' ? (
            <Typography variant="body2" color="text.secondary" data-testid="awaiting-other-supervisor">
              {t('errors.MAKER_CANNOT_APPROVE')}
            </Typography>
          ) : null}
          <Menu anchorEl={assignAnchor} open={!!assignAnchor} onClose={() => setAssignAnchor(null)}>
            {(operators.data ?? []).map((o) => (
              <MenuItem
                key={o.id}
                onClick={() => {
                  setAssignAnchor(null);
                  if (ref) void act(() => call('frozen:assign', { ...ref, ownerId: o.id }), t('frozen.detail.saved'));
                }}
              >
                {o.displayName}
              </MenuItem>
            ))}
          </Menu>

          <Section title={t('frozen.detail.checks')} testId="identity-checks">
            <Typography variant="body2" color="text.secondary">
              {t('frozen.detail.checksHelp')}
            </Typography>
            <IdentityChecklist
              marks={d.checks}
              disabled={busy || d.actions.check !== null}
              onToggle={(kind, passed) => void toggle(kind, passed)}
            />
          </Section>

          <Section title={t('frozen.detail.account')}>
            <AccountFacts d={d} />
            <FreezeRuleFacts d={d} />
            {d.account.balanceMinor > 0 && offered(d, 'payout') ? (
              <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 1 }}>
                <Button
                  size="small"
                  variant="outlined"
                  disabled={busy}
                  data-testid="case-payout"
                  onClick={() => setMode({ kind: 'decide', decision: 'payout' })}
                >
                  {d.account.verifiedCard
                    ? t('frozen.detail.payout', { card: d.account.verifiedCard })
                    : t('frozen.detail.noCard')}
                </Button>
                {d.actions.payout ? (
                  <Typography variant="caption" color="text.secondary" data-testid="payout-blocked">
                    {t(`errors.${d.actions.payout}`)}
                  </Typography>
                ) : null}
              </Stack>
            ) : null}
          </Section>

          <Section title={t('frozen.detail.evidence')} testId="case-evidence">
            <Typography variant="body2" color="text.secondary">
              {t('frozen.detail.rule')}: {ruleLabel(t, d.evidenceRule)}
            </Typography>
            <EvidenceText d={d} />
            <Typography variant="body2" sx={{ mt: 1 }}>
              {t('frozen.detail.triggering')}
            </Typography>
            <TransactionsTable rows={d.evidenceTransactions} testId="evidence-transactions" />
          </Section>

          <Section title={t('frozen.detail.recent')}>
            <TransactionsTable rows={d.recentTransactions} testId="recent-transactions" />
          </Section>
          <HistoryLists d={d} onOpenCase={(caseId) => navigate('/frozen', { id: caseId })} />
          {session.permissions.includes('contacts.log') ? (
            <Button size="small" startIcon={<AddIcCallIcon />} onClick={() => setLogging(true)} data-testid="log-call">
              {t('frozen.detail.logCall')}
            </Button>
          ) : null}
          <LogContactDialog
            open={logging}
            onClose={() => setLogging(false)}
            defaults={{ accountId: d.accountId, caseId: d.id, channel: 'phone', category: 'frozen_account' }}
          />
          <Box sx={{ mt: 2.5 }}>
            <NotesThread entityType="freeze_case" entityId={d.id} />
          </Box>
          {mode ? <DecisionDialog detail={d} mode={mode} onClose={() => setMode(null)} /> : null}
        </Box>
      )}
    </SideDrawer>
  );
}
