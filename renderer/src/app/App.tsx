import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { Box, CircularProgress } from '@mui/material';
import { useEffect, useState } from 'react';
import type { EventName } from '../../../shared/contract';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ToastProvider } from '../components/Toasts';
import { ChangePasswordPage } from '../features/session/ChangePasswordPage';
import { LockOverlay } from '../features/session/LockOverlay';
import { SignInPage } from '../features/session/SignInPage';
import { useIdleLock } from '../features/session/useIdleLock';
import { invalidatePrefix, onApiError, subscribe, useApiQuery } from './api';
import { Shell } from './Shell';
import { AppThemeProvider } from './theme';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 } },
});

/** Which cached queries each event from main makes stale. */
const INVALIDATES: Record<EventName, string[]> = {
  // Every write appends an audit event, so this also refreshes the Overview's figures.
  'audit:appended': ['audit:', 'overview:'],
  'operators:changed': ['operators:'],
  'settings:changed': ['settings:', 'app:'],
  'customers:changed': ['customers:', 'transactions:'],
  'frozen:changed': ['frozen:'],
  'notes:changed': ['notes:'],
  'views:changed': ['views:'],
  'refunds:changed': ['refunds:', 'transactions:', 'audit:'],
  'contacts:changed': ['calls:', 'contacts:list', 'customers:', 'overview:', 'frozen:'],
  'contacts:importProgress': ['contacts:importStatus'],
  'fees:changed': ['fees:'],
  'cases:changed': ['cases:', 'customers:'],
};

function useMainEvents() {
  const qc = useQueryClient();
  useEffect(() => {
    const offs = (Object.keys(INVALIDATES) as EventName[]).map((event) =>
      subscribe(event, () => INVALIDATES[event].forEach((p) => void invalidatePrefix(qc, p))),
    );
    return () => offs.forEach((off) => off());
  }, [qc]);
}

function SessionGate() {
  useMainEvents();
  const session = useApiQuery('session:current', {});
  const qc = useQueryClient();
  const [lockedByServer, setLockedByServer] = useState(false);
  useEffect(
    () =>
      onApiError((e) => {
        if (e.code === 'SESSION_LOCKED') setLockedByServer(true);
        if (e.code === 'UNAUTHENTICATED') void qc.invalidateQueries({ queryKey: ['session:current'] });
      }),
    [qc],
  );
  const idle = useIdleLock(!!session.data && !session.data.locked);
  const locked = idle.locked || lockedByServer || !!session.data?.locked;

  useEffect(() => {
    document.getElementById('root')?.setAttribute('data-app-state', session.isSuccess ? 'ready' : 'loading');
  }, [session.isSuccess]);

  if (session.isPending) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <CircularProgress />
      </Box>
    );
  }
  if (!session.data) return <SignInPage />;
  if (session.data.mustChangePassword) return <ChangePasswordPage />;
  return (
    <>
      {/* The shell stays mounted under the lock, so nothing being typed is lost. */}
      <Shell session={session.data} />
      {locked ? (
        <LockOverlay
          onUnlocked={() => {
            idle.clear();
            setLockedByServer(false);
          }}
        />
      ) : null}
    </>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AppThemeProvider>
        <ToastProvider>
          <ErrorBoundary>
            <SessionGate />
          </ErrorBoundary>
        </ToastProvider>
      </AppThemeProvider>
    </QueryClientProvider>
  );
}
