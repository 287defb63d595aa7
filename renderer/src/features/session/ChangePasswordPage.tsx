import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../lib/api';
import { sharedQueries } from '../../lib/queries';

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== confirm) return setError(t('changePassword.mismatch'));
    try {
      await call('session:changePassword', { currentPassword: current, newPassword: next });
      await qc.invalidateQueries({ queryKey: sharedQueries.session().queryKey });
    } catch (err) {
      setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    }
  };

  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper component="form" onSubmit={submit} sx={{ p: 4, width: 420 }}>
        <Typography variant="h5" gutterBottom>
          {t('changePassword.title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {t('changePassword.body')}
        </Typography>
        <Stack spacing={2}>
          <TextField
            type="password"
            label={t('changePassword.current')}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
          <TextField
            type="password"
            label={t('changePassword.next')}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
          />
          <TextField
            type="password"
            label={t('changePassword.confirm')}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            required
          />
          {error ? <Alert severity="error">{error}</Alert> : null}
          <Button type="submit" variant="contained">
            {t('changePassword.submit')}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}
