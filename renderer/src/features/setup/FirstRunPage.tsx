import { Alert, Box, Button, Divider, Paper, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../lib/api';
import { LanguageMenu } from '../../components/LanguageMenu';

/**
 * An empty database's first screen: create the first administrator with a password of one's
 * own, or load the demo dataset as a deliberate choice. Then the usual sign-in follows.
 */
export function FirstRunPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await qc.resetQueries();
    } catch (err) {
      setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    } finally {
      setBusy(false);
    }
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) return setError(t('firstRun.mismatch'));
    void run(async () => {
      await call('setup:createAdmin', { username, displayName, password });
      await call('session:signIn', { username, password });
    });
  };

  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'background.default', p: 2 }}>
      <Box sx={{ position: 'fixed', top: 8, right: 8 }}>
        <LanguageMenu />
      </Box>
      <Paper component="form" onSubmit={create} sx={{ p: 4, width: 440 }} elevation={3} data-testid="first-run">
        <Typography variant="h5" gutterBottom>
          {t('firstRun.title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {t('firstRun.intro')}
        </Typography>
        <Stack spacing={2}>
          <TextField
            label={t('firstRun.username')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            name="username"
          />
          <TextField
            label={t('firstRun.displayName')}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            required
            name="displayName"
          />
          <TextField
            label={t('firstRun.password')}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            name="password"
            helperText={t('firstRun.passwordHint')}
            autoComplete="new-password"
          />
          <TextField
            label={t('firstRun.repeat')}
            type="password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            required
            name="repeat"
            autoComplete="new-password"
          />
          {error ? (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          ) : null}
          <Button type="submit" variant="contained" size="large" disabled={busy} data-testid="first-run-create">
            {t('firstRun.create')}
          </Button>
        </Stack>
        <Divider sx={{ my: 3 }} />
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('firstRun.demoIntro')}
        </Typography>
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() => void run(() => call('setup:loadDemo', {}))}
          data-testid="first-run-demo"
        >
          {t('firstRun.demo')}
        </Button>
      </Paper>
    </Box>
  );
}
