import { Alert, Button } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, onApiError } from '../../lib/api';
import { useToast } from '../../components/Toasts';
import { retryDelayMs } from '../../../../shared/domain/retry';

type State =
  { kind: 'up' } | { kind: 'down'; attempt: number; retryAt: number } | { kind: 'checking'; attempt: number };

/**
 * Team mode: when a call comes back DATABASE_UNAVAILABLE the console says so above every page and
 * probes the database with backoff (retryDelayMs). When it answers again every query is reloaded,
 * since the events sent while it was away were missed. Nothing is retried on the operator's
 * behalf: a refused write did nothing, and the form that sent it still holds what was typed.
 */
export function DatabaseBanner() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [state, setState] = useState<State>({ kind: 'up' });
  const [now, setNow] = useState(() => Date.now());
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(
    () =>
      onApiError((e) => {
        if (e.code === 'DATABASE_UNAVAILABLE' && stateRef.current.kind === 'up')
          setState({ kind: 'down', attempt: 0, retryAt: Date.now() + retryDelayMs(0) });
      }),
    [],
  );

  const probe = useCallback(
    async (attempt: number) => {
      setState({ kind: 'checking', attempt });
      try {
        await call('app:info', {});
        setState({ kind: 'up' });
        await qc.invalidateQueries();
        toast(t('connection.back'), 'success');
      } catch {
        setState({ kind: 'down', attempt: attempt + 1, retryAt: Date.now() + retryDelayMs(attempt + 1) });
      }
    },
    [qc, t, toast],
  );

  useEffect(() => {
    if (state.kind !== 'down') return;
    const tick = setInterval(() => setNow(Date.now()), 500);
    const due = setTimeout(() => void probe(state.attempt), Math.max(0, state.retryAt - Date.now()));
    return () => {
      clearInterval(tick);
      clearTimeout(due);
    };
  }, [state, probe]);

  if (state.kind === 'up') return null;
  const seconds = state.kind === 'down' ? Math.max(1, Math.ceil((state.retryAt - now) / 1000)) : 0;
  return (
    <Alert
      severity="error"
      role="alert"
      data-testid="database-unavailable"
      sx={{ borderRadius: 0, zIndex: (theme) => theme.zIndex.appBar + 2, position: 'fixed', top: 0, left: 0, right: 0 }}
      action={
        <Button
          color="inherit"
          size="small"
          disabled={state.kind === 'checking'}
          onClick={() => void probe(state.attempt)}
          data-testid="database-retry"
        >
          {t('connection.retryNow')}
        </Button>
      }
    >
      {t('connection.down')}{' '}
      {state.kind === 'checking' ? t('connection.checking') : t('connection.retrying', { seconds })}
    </Alert>
  );
}
