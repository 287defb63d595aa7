import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../lib/api';
import { LanguageMenu } from '../../components/LanguageMenu';
import { sharedQueries } from '../../lib/queries';

const DEMO = [
  { role: 'agent', username: 'agent', password: 'agent123' },
  { role: 'supervisor', username: 'supervisor', password: 'super123' },
  { role: 'admin', username: 'admin', password: 'admin123' },
] as const;

export function SignInPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const info = useQuery(sharedQueries.appInfo());
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('session:signIn', { username, password });
      await qc.resetQueries();
    } catch (err) {
      setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'background.default', p: 2 }}>
      <Box sx={{ position: 'fixed', top: 8, right: 8 }}>
        <LanguageMenu />
      </Box>
      <Paper component="form" onSubmit={submit} sx={{ p: 4, width: 400 }} elevation={3} aria-labelledby="sign-in-title">
        <Typography variant="h5" id="sign-in-title" gutterBottom>
          {t('app.title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {t('signIn.subtitle')}
        </Typography>
        <Stack spacing={2}>
          <TextField
            label={t('signIn.username')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
            required
            name="username"
            autoComplete="username"
          />
          <TextField
            label={t('signIn.password')}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            name="password"
            autoComplete="current-password"
          />
          {error ? (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          ) : null}
          <Button type="submit" variant="contained" size="large" disabled={busy}>
            {t('signIn.submit')}
          </Button>
        </Stack>
        {info.data?.demo ? (
          <Alert severity="info" role="note" sx={{ mt: 3 }} data-testid="demo-credentials">
            <Typography variant="subtitle2">{t('signIn.demoTitle')}</Typography>
            {DEMO.map((d) => (
              <Typography variant="body2" key={d.username} sx={{ fontFamily: 'monospace' }}>
                {t('signIn.demoRow', { role: t(`catalog.role.${d.role}`) })}
                {/* Credentials are literal text, in every language. */}
                <span translate="no">
                  {d.username} / {d.password}
                </span>
              </Typography>
            ))}
          </Alert>
        ) : null}
      </Paper>
    </Box>
  );
}
