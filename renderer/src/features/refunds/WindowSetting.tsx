import { useQuery } from '@tanstack/react-query';
import { Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useApiMutation } from '../../lib/api';
import { useToast } from '../../components/Toasts';
import { refundQueries } from './queries';

/** The refund window, shown to everyone and editable by admins (with a reason, audited). */
export function WindowSetting({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const settings = useQuery(refundQueries.settings());
  const update = useApiMutation('refunds:updateSettings');
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState('');
  const [note, setNote] = useState('');
  const n = Number(days);
  const valid = Number.isInteger(n) && n >= 1 && n <= 3650 && note.trim().length > 0;
  if (!settings.data) return null;
  return (
    <>
      <Chip
        variant="outlined"
        label={t('refunds.window.label', { days: settings.data.windowDays })}
        onClick={
          canEdit
            ? () => {
                setDays(String(settings.data.windowDays));
                setOpen(true);
              }
            : undefined
        }
        data-testid="refund-window"
      />
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="xs" fullWidth>
        <DialogTitle>{t('refunds.window.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField label={t('refunds.window.days')} value={days} onChange={(e) => setDays(e.target.value)} />
            <TextField label={t('refunds.window.reason')} value={note} onChange={(e) => setNote(e.target.value)} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('refunds.form.cancel')}</Button>
          <Button
            variant="contained"
            disabled={!valid || update.isPending}
            onClick={() =>
              update.mutate(
                { windowDays: n, note: note.trim() },
                {
                  onSuccess: () => setOpen(false),
                  onError: (err) => toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error'),
                },
              )
            }
          >
            {t('refunds.window.save')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
