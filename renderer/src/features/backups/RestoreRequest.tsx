import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo, RestoreRequest } from '../../../../shared/contract/backups';
import type { SessionInfo } from '../../../../shared/contract/session';
import { useFeedback, useToast } from '../../components/Toasts';
import { useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';

/** The first administrator's half of a restore: the backup, and why. */
export function RestoreRequestDialog({ backup, onClose }: { backup: BackupInfo; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const feedback = useFeedback();
  const request = useApiMutation('backups:requestRestore');
  const [reason, setReason] = useState('');
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('backups.restoreTitle')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {t('backups.restoreBody', { time: fmt.dateTime(backup.createdAt) })}
        </Typography>
        <TextField
          label={t('backups.restoreReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          fullWidth
          multiline
          minRows={2}
          slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'restore-reason' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button
          variant="contained"
          disabled={request.isPending || reason.trim().length < 5}
          data-testid="restore-request"
          onClick={() => request.mutate({ backup: backup.name, reason }, feedback(t('backups.requested'), onClose))}
        >
          {t('backups.requestRestore')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The waiting request: anyone may cancel it, only a different administrator may approve it. */
export function PendingRestore({ request, session }: { request: RestoreRequest; session: SessionInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const feedback = useFeedback();
  const approve = useApiMutation('backups:approveRestore');
  const cancel = useApiMutation('backups:cancelRestore');
  const own = request.requestedBy.id === session.operatorId;
  return (
    <Alert
      severity="warning"
      data-testid="restore-pending"
      action={
        <Stack direction="row" spacing={1}>
          <Button
            color="inherit"
            size="small"
            data-testid="restore-cancel"
            onClick={() => cancel.mutate({ requestId: request.id }, feedback(t('backups.cancelled')))}
          >
            {t('backups.cancel')}
          </Button>
          <Button
            color="inherit"
            size="small"
            variant="outlined"
            disabled={approve.isPending || own}
            data-testid="restore-approve"
            onClick={() =>
              approve.mutate(
                { requestId: request.id },
                {
                  // Every session ends with the restore: the sign-in page follows this message.
                  onSuccess: (r) =>
                    toast(
                      r.chain.intact
                        ? t('backups.restored', { name: r.restored, count: r.chain.checked })
                        : t('backups.restoredBroken', {
                            name: r.restored,
                            problem: t(`audit.problems.${r.chain.problem}`),
                          }),
                      r.chain.intact ? 'success' : 'error',
                    ),
                  onError: (e) => toast(t(`errors.${e.code}`), 'error'),
                },
              )
            }
          >
            {t('backups.approve')}
          </Button>
        </Stack>
      }
    >
      {t('backups.pending', {
        who: request.requestedBy.name,
        time: fmt.dateTime(request.requestedAt),
        name: request.backup,
        reason: request.reason,
      })}
      {own ? ` ${t('backups.ownRequest')}` : null}
    </Alert>
  );
}
