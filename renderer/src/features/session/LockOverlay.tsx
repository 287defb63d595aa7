import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useQueryClient, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../lib/api';
import { sharedQueries } from '../../lib/queries';

/** A modal over the (still mounted) console: unlocking returns to exactly where the operator was. */
export function LockOverlay({ onUnlocked }: { onUnlocked: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const settings = useQuery(sharedQueries.settings());
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('session:unlock', { password });
      setPassword('');
      onUnlocked();
      await qc.invalidateQueries({ queryKey: sharedQueries.session().queryKey });
    } catch (err) {
      setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    }
  };
  const signOut = async () => {
    await call('session:signOut', {});
    qc.clear();
    location.reload();
  };

  return (
    <Dialog open slotProps={{ backdrop: { sx: { backdropFilter: 'blur(6px)' } } }} data-testid="lock-overlay">
      <form onSubmit={unlock}>
        <DialogTitle>{t('lock.title')}</DialogTitle>
        <DialogContent>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t('lock.body', { minutes: settings.data?.idleLockMinutes ?? 15 })}
          </Typography>
          <TextField
            label={t('signIn.password')}
            type="password"
            fullWidth
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {error ? (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={signOut}>{t('lock.signOut')}</Button>
          <Button type="submit" variant="contained">
            {t('lock.unlock')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
