import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeeVersionDetail } from '../../../../shared/contract/fees';
import { isoToLocalInput, localInputToIso } from '../../../../shared/domain/time';
import { useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useToast } from '../../components/Toasts';
import { WallClockField } from '../../components/WallClockField';

/** Approval picks the effective-from instant (business time zone, to the second); it must lie ahead. */
export function ApproveDialog({ version, onClose }: { version: FeeVersionDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const approve = useApiMutation('fees:approve');
  const proposed =
    version.effectiveFrom > new Date().toISOString()
      ? version.effectiveFrom
      : new Date(Date.now() + 3_600_000).toISOString();
  const [when, setWhen] = useState(isoToLocalInput(proposed, fmt.timeZone, true));
  const [note, setNote] = useState('');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" data-testid="approve-dialog">
      <DialogTitle>{t('fees.approveDialog.title', { no: version.versionNo })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {t('fees.approveDialog.body')}
          </Typography>
          <WallClockField
            kind="datetime"
            seconds
            label={t('fees.approveDialog.when')}
            value={when}
            onChange={setWhen}
            testId="approve-when"
          />
          <TextField
            label={t('fees.approveDialog.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            multiline
            minRows={2}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('fees.dialog.cancel')}</Button>
        <Button
          variant="contained"
          data-testid="approve-confirm"
          disabled={!when || approve.isPending}
          onClick={() =>
            approve.mutate(
              {
                id: version.id,
                expectedVersion: version.version,
                effectiveFrom: localInputToIso(when, fmt.timeZone),
                ...(note.trim() ? { note } : {}),
              },
              {
                onSuccess: () => {
                  toast(t('fees.approved'));
                  onClose();
                },
                onError: (e) => toast(t(`errors.${e.code}`), 'error'),
              },
            )
          }
        >
          {t('fees.approve')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function RejectDialog({ version, onClose }: { version: FeeVersionDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const reject = useApiMutation('fees:reject');
  const [note, setNote] = useState('');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" data-testid="reject-dialog">
      <DialogTitle>{t('fees.rejectDialog.title', { no: version.versionNo })}</DialogTitle>
      <DialogContent>
        <TextField
          sx={{ mt: 1 }}
          fullWidth
          required
          label={t('fees.rejectDialog.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          multiline
          minRows={3}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('fees.dialog.cancel')}</Button>
        <Button
          color="error"
          variant="contained"
          disabled={!note.trim() || reject.isPending}
          onClick={() =>
            reject.mutate(
              { id: version.id, expectedVersion: version.version, note },
              {
                onSuccess: () => {
                  toast(t('fees.rejected'));
                  onClose();
                },
                onError: (e) => toast(t(`errors.${e.code}`), 'error'),
              },
            )
          }
        >
          {t('fees.reject')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
