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
  unfreezeBlocker,
  type DecisionReason,
  type FreezeDecision,
} from '../../../../shared/domain/freeze';
import { IDENTITY_CHECKS, type IdentityCheck } from '../../../../shared/domain/catalog';
import { localInputToIso } from '../../../../shared/domain/time';
import { ApiError, call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useToast } from '../../components/Toasts';
import { NoteField } from '../../components/NoteField';

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

  const submit = async () => {
    setError(null);
    setBusy(true);
    const base = { id: detail.id, expectedVersion: detail.version, note, idempotencyKey };
    try {
      const out =
        mode.kind === 'decide'
          ? await call('frozen:decide', {
              ...base,
              decision: mode.decision,
              reasonCode: reasonCode as DecisionReason,
              ...(reviewAt ? { reviewAt: localInputToIso(reviewAt, fmt.timeZone) } : {}),
            })
          : await call(mode.kind === 'approve' ? 'frozen:approve' : 'frozen:reject', base);
      toast(t('frozen.decide.done', { status: t(`catalog.caseStatus.${out.status}`) }));
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
            <TextField
              type="datetime-local"
              label={t('frozen.decide.reviewAt')}
              value={reviewAt}
              required
              onChange={(e) => setReviewAt(e.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'decision-review-at' } }}
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
 * What main would refuse, said before submit: a judicial freeze, missing identity checks (named),
 * or a balance still on an account being closed. Null when the decision may go ahead.
 */
function useDecisionBlocker(detail: FreezeCaseDetail, mode: DecisionMode): string | null {
  const { t } = useTranslation();
  const unfreezing =
    (mode.kind === 'decide' && mode.decision === 'unfreeze') ||
    (mode.kind === 'approve' && detail.decision === 'unfreeze');
  const closing =
    (mode.kind === 'decide' && mode.decision === 'close') || (mode.kind === 'approve' && detail.decision === 'close');
  if (closing && detail.account.balanceMinor > 0) return t('errors.BALANCE_NOT_ZERO');
  if (!unfreezing) return null;
  const done = detail.checks.map((c) => c.kind);
  const code = unfreezeBlocker({
    reason: detail.reason,
    status: mode.kind === 'approve' ? 'in_review' : detail.status,
    checks: done,
  });
  if (code !== 'IDENTITY_CHECKS_INCOMPLETE') return code ? t(`errors.${code}`) : null;
  const label = (c: IdentityCheck) => t(`catalog.identityCheck.${c}`);
  const missing: string[] = REQUIRED_CHECKS.filter((c) => !done.includes(c)).map(label);
  const extras = IDENTITY_CHECKS.filter((c) => !REQUIRED_CHECKS.includes(c));
  if (extras.filter((c) => done.includes(c)).length < EXTRA_CHECKS_NEEDED) {
    missing.push(t('frozen.decide.oneMoreOf', { checks: extras.map(label).join(t('frozen.decide.or')) }));
  }
  return t('frozen.decide.missingChecks', { checks: missing.join(t('frozen.decide.and')) });
}
