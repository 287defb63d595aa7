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
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FreezeCaseDetail } from '../../../../shared/contract/frozen';
import {
  DECISION_REASONS,
  needsSecondApproval,
  type DecisionReason,
  type FreezeDecision,
} from '../../../../shared/domain/freeze';
import { localInputToIso } from '../../../../shared/domain/time';
import { ApiError, call, invalidatePrefix } from '../../app/api';
import { useFormat } from '../../app/format';
import { useToast } from '../../components/Toasts';

const DEFAULT_REASON: Record<FreezeDecision, DecisionReason> = {
  unfreeze: 'identity_verified',
  keep_frozen: 'identity_verified',
  close: 'identity_verified',
  escalate: 'needs_specialist',
  payout: 'customer_requested_closure',
};

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
  const qc = useQueryClient();
  const [reasonCode, setReasonCode] = useState<DecisionReason>(
    mode.kind === 'decide' ? DEFAULT_REASON[mode.decision] : 'identity_verified',
  );
  const [note, setNote] = useState('');
  const [reviewAt, setReviewAt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per dialog: a double click or a retry after a lost reply acts once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const title =
    mode.kind === 'decide'
      ? t('frozen.decide.title', { decision: t(`frozen.decisions.${mode.decision}`), caseNo: detail.caseNo })
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
              reasonCode,
              ...(reviewAt ? { reviewAt: localInputToIso(reviewAt, fmt.timeZone) } : {}),
            })
          : await call(mode.kind === 'approve' ? 'frozen:approve' : 'frozen:reject', base);
      toast(t('frozen.decide.done', { status: t(`frozen.statuses.${out.status}`) }));
      void invalidatePrefix(qc, 'frozen:');
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION' && err.fields?.note) {
        setError(t('frozen.decide.noteRequired'));
      } else setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
      // The case moved on under us: reload the panel so the operator sees what changed.
      if (err instanceof ApiError && err.code === 'CASE_CHANGED') void invalidatePrefix(qc, 'frozen:');
    } finally {
      setBusy(false);
    }
  };

  const fourEyes = mode.kind === 'decide' && needsSecondApproval(mode.decision, detail.risk);
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
          {fourEyes ? <Alert severity="info">{t('frozen.decide.fourEyes')}</Alert> : null}
          {mode.kind === 'decide' ? (
            <TextField
              select
              label={t('frozen.decide.reasonCode')}
              value={reasonCode}
              onChange={(e) => setReasonCode(e.target.value as DecisionReason)}
              data-testid="decision-reason"
            >
              {DECISION_REASONS.map((r) => (
                <MenuItem key={r} value={r}>
                  {t(`frozen.decisionReasons.${r}`)}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
          {mode.kind === 'decide' && mode.decision === 'keep_frozen' ? (
            <TextField
              type="datetime-local"
              label={t('frozen.decide.reviewAt')}
              value={reviewAt}
              onChange={(e) => setReviewAt(e.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'decision-review-at' } }}
            />
          ) : null}
          <TextField
            label={t('frozen.decide.note')}
            multiline
            minRows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'decision-note' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} data-testid="decision-cancel">
          {t('frozen.decide.cancel')}
        </Button>
        <Button variant="contained" onClick={submit} disabled={busy} data-testid="decision-submit">
          {t('frozen.decide.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
