import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IDENTITY_ACTIONS, type IdentityAction } from '../../../../shared/domain/identity-security';
import { ApiError, useApiMutation } from '../../lib/api';
import { navigate } from '../../lib/router';
import { NoteField, noteTooLong } from '../../components/NoteField';
import { useToast } from '../../components/Toasts';
import { caseQueries } from './queries';

export interface IdentityTarget {
  customerId: number;
  name: string;
  /** The contact being logged, when the case is opened from it. */
  contactId?: number;
}

/** Opens an identity-security case: what the caller needs (and which device), in their words. */
export function IdentityDialog({ target, onClose }: { target: IdentityTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const mutation = useApiMutation('identity:open');
  const state = useQuery(caseQueries.identityState(target?.customerId ?? null));
  const [action, setAction] = useState<IdentityAction>('unlock');
  const [deviceId, setDeviceId] = useState('');
  const [summary, setSummary] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key, setKey] = useState('');
  useEffect(() => {
    if (!target) return;
    setAction('unlock');
    setDeviceId('');
    setSummary('');
    setErrors({});
    setKey(crypto.randomUUID());
  }, [target]);
  if (!target) return null;
  const bound = (state.data?.devices ?? []).filter((d) => d.unboundAt === null);

  const submit = async () => {
    const next: Record<string, string> = {};
    if (!summary.trim()) next.summary = t('cases.identity.summaryRequired');
    if (action === 'device_unbind' && !deviceId) next.device = t('cases.identity.deviceRequired');
    setErrors(next);
    if (Object.keys(next).length || noteTooLong(summary)) return;
    try {
      const c = await mutation.mutateAsync({
        customerId: target.customerId,
        action,
        ...(action === 'device_unbind' ? { deviceId: Number(deviceId) } : {}),
        summary: summary.trim(),
        ...(target.contactId ? { contactId: target.contactId } : {}),
        idempotencyKey: key,
      });
      toast(t('cases.identity.opened', { caseNo: c.caseNo }), 'success');
      onClose();
      navigate('/cases', { id: c.id });
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('cases.identity.title', { name: target.name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }} data-testid="identity-form">
          <TextField
            select
            label={t('cases.identity.action')}
            value={action}
            onChange={(e) => setAction(e.target.value as IdentityAction)}
            data-testid="identity-action"
          >
            {IDENTITY_ACTIONS.map((a) => (
              <MenuItem key={a} value={a} data-testid={`identity-action-${a}`}>
                {t(`cases.identity.actions.${a}`)}
              </MenuItem>
            ))}
          </TextField>
          {action === 'device_unbind' ? (
            <TextField
              select
              label={t('cases.identity.device')}
              value={deviceId}
              onChange={(e) => setDeviceId(e.target.value)}
              error={!!errors.device}
              helperText={errors.device}
              data-testid="identity-device"
            >
              {bound.map((d) => (
                <MenuItem key={d.id} value={String(d.id)} data-testid={`identity-device-${d.id}`}>
                  {`${d.label} · ${t(d.trusted ? 'cases.identity.login.trusted' : 'cases.identity.login.untrusted')}`}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
          <NoteField
            required
            multiline
            minRows={2}
            label={t('cases.identity.summary')}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            error={!!errors.summary}
            helperText={errors.summary}
            slotProps={{ htmlInput: { 'data-testid': 'identity-summary' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cases.identity.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={mutation.isPending} data-testid="identity-submit">
          {t('cases.identity.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
