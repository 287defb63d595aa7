import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormHelperText,
  Stack,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile } from '../../../../shared/contract/customer360';
import { IDENTITY_CHECKS, type IdentityCheck } from '../../../../shared/domain/catalog';
import { CLOSURE_COOLING_OFF_DAYS } from '../../../../shared/domain/closure';
import { identityVerified } from '../../../../shared/domain/freeze';
import { ApiError, useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { NoteField, noteTooLong } from '../../components/NoteField';
import { useToast } from '../../components/Toasts';

/** A customer's request to close their active account: the identity checks done and why. */
export function ClosureDialog({ profile, onClose }: { profile: CustomerProfile | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const mutation = useApiMutation('closure:open');
  const [checks, setChecks] = useState<IdentityCheck[]>([]);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key, setKey] = useState('');
  useEffect(() => {
    if (!profile) return;
    setChecks([]);
    setReason('');
    setErrors({});
    setKey(crypto.randomUUID());
  }, [profile]);
  if (!profile) return null;

  const submit = async () => {
    const next: Record<string, string> = {};
    if (!identityVerified(checks)) next.checks = t('errors.IDENTITY_CHECKS_INCOMPLETE');
    if (!reason.trim()) next.reason = t('cases.closure.reasonRequired');
    setErrors(next);
    if (Object.keys(next).length || noteTooLong(reason)) return;
    try {
      const c = await mutation.mutateAsync({
        accountId: profile.accountId,
        checks,
        reason: reason.trim(),
        idempotencyKey: key,
      });
      toast(t('cases.closure.opened', { caseNo: c.caseNo, time: fmt.dateTime(c.slaDueAt) }), 'success');
      onClose();
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('cases.closure.title', { accountNo: profile.accountNo })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }} data-testid="closure-form">
          <Alert severity="info">{t('cases.closure.intro', { days: CLOSURE_COOLING_OFF_DAYS })}</Alert>
          <Typography variant="subtitle2">{t('cases.closure.checks')}</Typography>
          <Stack>
            {IDENTITY_CHECKS.map((c) => (
              <FormControlLabel
                key={c}
                label={t(`catalog.identityCheck.${c}`)}
                control={
                  <Checkbox
                    checked={checks.includes(c)}
                    onChange={(e) => setChecks(e.target.checked ? [...checks, c] : checks.filter((x) => x !== c))}
                    data-testid={`closure-check-${c}`}
                  />
                }
              />
            ))}
            <FormHelperText error={!!errors.checks}>{errors.checks ?? t('cases.closure.checksHint')}</FormHelperText>
          </Stack>
          <NoteField
            required
            multiline
            minRows={2}
            label={t('cases.closure.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={!!errors.reason}
            helperText={errors.reason}
            slotProps={{ htmlInput: { 'data-testid': 'closure-reason' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cases.closure.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={mutation.isPending} data-testid="closure-submit">
          {t('cases.closure.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
