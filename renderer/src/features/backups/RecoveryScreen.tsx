import { Alert, Box, Button, Container, Paper, Stack, TextField, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo, RecoveryStatus } from '../../../../shared/contract/backups';
import { LanguageMenu } from '../../components/LanguageMenu';
import { apiQuery, useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';

/**
 * Shown instead of the console when its database failed the integrity check at start: what
 * happened, and the verified backups to restore from. Nothing of the console is served meanwhile.
 */
export function RecoveryScreen({ status }: { status: RecoveryStatus }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    document.getElementById('root')?.setAttribute('data-app-state', 'recovery');
  }, []);
  // Once restored, the host starts the console on the restored file: reload when it answers so.
  const healthy = useQuery(apiQuery('recovery:status', {}, { enabled: done !== null, refetchInterval: 500 }));
  useEffect(() => {
    if (healthy.data?.state === 'ok') location.reload();
  }, [healthy.data?.state]);
  return (
    <Container maxWidth="md" sx={{ py: 6 }} data-testid="recovery-screen">
      <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
        <LanguageMenu color="primary" />
      </Box>
      <Paper variant="outlined" sx={{ p: 4 }}>
        <Typography variant="h5" gutterBottom>
          {t('backups.recovery.title')}
        </Typography>
        <Typography sx={{ mb: 1 }}>{t('backups.recovery.body')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
          {t('backups.recovery.file', { file: status.databaseFile ?? '' })}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2, wordBreak: 'break-all' }}>
          {t('backups.recovery.problem', { problem: status.problem ?? '' })}
        </Typography>
        {done ? (
          <Alert severity="success" data-testid="recovery-restored">
            {t('backups.recovery.restored', { name: done })}
          </Alert>
        ) : status.backups.length === 0 ? (
          <Alert severity="warning" data-testid="recovery-no-backups">
            {t('backups.recovery.none')}
          </Alert>
        ) : (
          <>
            <Typography variant="subtitle1">{t('backups.recovery.backups')}</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              {t('backups.recovery.signIn')}
            </Typography>
            <Stack spacing={2}>
              {status.backups.map((b) => (
                <RecoveryChoice key={b.name} backup={b} onRestored={() => setDone(b.name)} />
              ))}
            </Stack>
          </>
        )}
      </Paper>
    </Container>
  );
}

function RecoveryChoice({ backup, onRestored }: { backup: BackupInfo; onRestored: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const restore = useApiMutation('recovery:restore');
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="recovery-backup" data-name={backup.name}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Box>
          <Typography>{fmt.dateTime(backup.createdAt)}</Typography>
          <Typography variant="body2" color="text.secondary">
            {backup.name} · {fmt.number(backup.events)} {t('backups.events')}
          </Typography>
        </Box>
        {open ? null : (
          <Button variant="outlined" onClick={() => setOpen(true)} data-testid="recovery-choose">
            {t('backups.recovery.restore')}
          </Button>
        )}
      </Stack>
      {open ? (
        <Stack
          component="form"
          direction="row"
          spacing={1}
          sx={{ mt: 2, flexWrap: 'wrap', rowGap: 1 }}
          onSubmit={(e) => {
            e.preventDefault();
            restore.mutate({ backup: backup.name, username, password }, { onSuccess: onRestored });
          }}
        >
          <TextField
            size="small"
            label={t('backups.recovery.username')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            slotProps={{ htmlInput: { name: 'username', maxLength: 100 } }}
          />
          <TextField
            size="small"
            type="password"
            label={t('backups.recovery.password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            slotProps={{ htmlInput: { name: 'password', maxLength: 200 } }}
          />
          <Button type="submit" variant="contained" disabled={restore.isPending || !username || !password}>
            {restore.isPending ? t('backups.recovery.restoring') : t('backups.recovery.restore')}
          </Button>
        </Stack>
      ) : null}
      {restore.error ? (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="recovery-error">
          {t(`errors.${restore.error.code}`)}
        </Alert>
      ) : null}
    </Paper>
  );
}
