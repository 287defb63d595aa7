import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { Box, CircularProgress } from '@mui/material';
import { useEffect, useState } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ToastProvider } from '../components/Toasts';
import { DatabaseBanner } from '../features/connection/DatabaseBanner';
import { ChangePasswordPage } from '../features/session/ChangePasswordPage';
import { LockOverlay } from '../features/session/LockOverlay';
import { FirstRunPage } from '../features/setup/FirstRunPage';
import { RecoveryScreen } from '../features/backups/RecoveryScreen';
import { backupQueries } from '../features/backups/queries';
import { SignInPage } from '../features/session/SignInPage';
import { useIdleLock } from '../features/session/useIdleLock';
import { onApiError } from '../lib/api';
import { sharedQueries } from '../lib/queries';
import { useMainEvents } from './events';
import { Shell } from './Shell';
import { AppThemeProvider } from './theme';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 } },
});

/** An empty database opens on the first-run screen; otherwise sign-in. */
function SignInOrFirstRun() {
  const setup = useQuery(sharedQueries.setupStatus());
  if (setup.isPending) return null;
  return setup.data?.firstRun ? <FirstRunPage /> : <SignInPage />;
}

function SessionGate() {
  useMainEvents();
  const session = useQuery(sharedQueries.session());
  const qc = useQueryClient();
  const [lockedByServer, setLockedByServer] = useState(false);
  useEffect(
    () =>
      onApiError((e) => {
        if (e.code === 'SESSION_LOCKED') setLockedByServer(true);
        if (e.code === 'UNAUTHENTICATED') void qc.invalidateQueries({ queryKey: sharedQueries.session().queryKey });
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
  if (!session.data) return <SignInOrFirstRun />;
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

/**
 * A host whose database failed its check at start serves only the recovery screen; a healthy one
 * (or one too old to know the channel) goes on to sign-in.
 */
function RecoveryGate() {
  const recovery = useQuery(backupQueries.recovery());
  if (recovery.isPending) return null;
  if (recovery.data?.state === 'corrupt') return <RecoveryScreen status={recovery.data} />;
  return <SessionGate />;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AppThemeProvider>
        <ToastProvider>
          <ErrorBoundary>
            <DatabaseBanner />
            <RecoveryGate />
          </ErrorBoundary>
        </ToastProvider>
      </AppThemeProvider>
    </QueryClientProvider>
  );
}
