import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FreezeCaseDetail } from '../../../../shared/contract/frozen';
import {
  DECISION_REASONS,
  EXTRA_CHECKS_NEEDED,
  REQUIRED_CHECKS,
  needsSecondApproval,
  type DecisionReason,
  type FreezeDecision,
} from '../../../../shared/domain/freeze';
import { IDENTITY_CHECKS, type IdentityCheck } from '../../../../shared/domain/catalog';
import { localInputToIso } from '../../../../shared/domain/time';
import { ApiError, call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ConfirmFacts } from '../../components/ConfirmDialog';
import { UNDO_SECONDS, useDelayedAction, useToast } from '../../components/Toasts';
import { NoteField } from '../../components/NoteField';
import { WallClockField } from '../../components/WallClockField';

export type DecisionMode = { kind: 'decide'; decision: FreezeDecision } | { kind: 'approve' } | { kind: 'reject' };

/** A decision, an approval or a rejection: always a reason and a note; keep-frozen adds a review date. */
export function DecisionDialog({
  detail,
  mode,
  onClose,
}: {
  detail: FreezeCaseDetail;
  mode: DecisionMode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const later = useDelayedAction();
  // No reason is preselected: the operator says why, every time.
  const [reasonCode, setReasonCode] = useState<DecisionReason | ''>('');
  const [note, setNote] = useState('');
  const [reviewAt, setReviewAt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per dialog: a double click or a retry after a lost reply acts once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const title =
    mode.kind === 'decide'
      ? t('frozen.decide.title', { decision: t(`catalog.freezeDecision.${mode.decision}`), caseNo: detail.caseNo })
      : t(mode.kind === 'approve' ? 'frozen.decide.approveTitle' : 'frozen.decide.rejectTitle', {
          caseNo: detail.caseNo,
        });

  const base = { id: detail.id, expectedVersion: detail.version, note, idempotencyKey };
  const send = () =>
    mode.kind === 'decide'
      ? call('frozen:decide', {
          ...base,
          decision: mode.decision,
          reasonCode: reasonCode as DecisionReason,
          ...(reviewAt ? { reviewAt: localInputToIso(reviewAt, fmt.timeZone) } : {}),
        })
      : call(mode.kind === 'approve' ? 'frozen:approve' : 'frozen:reject', base);
  const done = (status: FreezeCaseDetail['status']) =>
    toast(t('frozen.decide.done', { status: t(`catalog.caseStatus.${status}`) }));
  const payout = (mode.kind === 'decide' ? mode.decision : detail.decision) === 'payout' && mode.kind !== 'reject';
  const money = fmt.money(detail.account.balanceMinor, detail.account.currency);

  const submit = async () => {
    setError(null);
    // Approving a payout moves the money: it is sent after a countdown the supervisor can undo.
    if (payout && mode.kind === 'approve') {
      if (!note.trim()) return setError(t('frozen.decide.noteRequired'));
      onClose();
      const card = detail.account.verifiedCard ?? '';
      later(t('frozen.detail.payingOut', { amount: money, card }), () =>
        send().then(
          (out) => done(out.status),
          (err) => toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error'),
        ),
      );
      return;
    }
    setBusy(true);
    try {
      done((await send()).status);
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION' && err.fields?.note) {
        setError(t('frozen.decide.noteRequired'));
      } else setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    } finally {
      setBusy(false);
    }
  };

  const fourEyes = mode.kind === 'decide' && needsSecondApproval(mode.decision, detail.risk);
  const blocker = useDecisionBlocker(detail, mode);
  const ready =
    !blocker &&
    (mode.kind !== 'decide' || reasonCode !== '') &&
    (mode.kind !== 'decide' || mode.decision !== 'keep_frozen' || reviewAt !== '');
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth data-testid="decision-dialog">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {error ? (
            <Alert severity="error" data-testid="decision-error">
              {error}
            </Alert>
          ) : null}
          {blocker ? (
            <Alert severity="warning" data-testid="decision-blocker">
              {blocker}
            </Alert>
          ) : null}
          {fourEyes ? <Alert severity="info">{t('frozen.decide.fourEyes')}</Alert> : null}
          {payout ? (
            <ConfirmFacts
              facts={[
                { label: t('frozen.detail.payoutAmount'), value: money, testId: 'confirm-total' },
                { label: t('frozen.detail.payoutCard'), value: detail.account.verifiedCard ?? '—' },
                { label: t('frozen.detail.payoutCustomer'), value: `${detail.customerName} · ${detail.accountNo}` },
              ]}
            />
          ) : null}
          {payout && mode.kind === 'approve' ? (
            <Alert severity="warning" data-testid="payout-undo">
              {t('frozen.detail.payoutUndo', { seconds: UNDO_SECONDS })}
            </Alert>
          ) : null}
          {mode.kind === 'decide' ? (
            <TextField
              select
              label={t('frozen.decide.reasonCode')}
              value={reasonCode}
              onChange={(e) => setReasonCode(e.target.value as DecisionReason)}
              helperText={reasonCode === '' ? t('frozen.decide.pickReason') : ' '}
              required
              data-testid="decision-reason"
            >
              {DECISION_REASONS.map((r) => (
                <MenuItem key={r} value={r} data-testid={`decision-reason-${r}`}>
                  {t(`catalog.decisionReason.${r}`)}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
          {mode.kind === 'decide' && mode.decision === 'keep_frozen' ? (
            <WallClockField
              kind="datetime"
              label={t('frozen.decide.reviewAt')}
              value={reviewAt}
              required
              onChange={setReviewAt}
              testId="decision-review-at"
            />
          ) : null}
          <NoteField
            label={t('frozen.decide.note')}
            multiline
            minRows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'decision-note' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} data-testid="decision-cancel">
          {t('frozen.decide.cancel')}
        </Button>
        <Button variant="contained" onClick={submit} disabled={busy || !ready} data-testid="decision-submit">
          {t('frozen.decide.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * What main would refuse, said before submit: main's own verdict for this action
 * (FreezeCaseDetail.actions), with the missing identity checks named. Null when it may go ahead.
 */
function useDecisionBlocker(detail: FreezeCaseDetail, mode: DecisionMode): string | null {
  const { t } = useTranslation();
  const code = detail.actions[mode.kind === 'decide' ? mode.decision : mode.kind];
  if (code !== 'IDENTITY_CHECKS_INCOMPLETE') return code ? t(`errors.${code}`) : null;
  const done = detail.checks.map((c) => c.kind);
  const label = (c: IdentityCheck) => t(`catalog.identityCheck.${c}`);
  const missing: string[] = REQUIRED_CHECKS.filter((c) => !done.includes(c)).map(label);
  const extras = IDENTITY_CHECKS.filter((c) => !REQUIRED_CHECKS.includes(c));
  if (extras.filter((c) => done.includes(c)).length < EXTRA_CHECKS_NEEDED) {
    missing.push(t('frozen.decide.oneMoreOf', { checks: extras.map(label).join(t('frozen.decide.or')) }));
  }
  return t('frozen.decide.missingChecks', { checks: missing.join(t('frozen.decide.and')) });
}
