import { Alert, Button, Snackbar } from '@mui/material';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Severity = 'success' | 'info' | 'warning' | 'error';
interface Toast {
  id: number;
  message: string;
  severity: Severity;
}

const ToastContext = createContext<(message: string, severity?: Severity) => void>(() => {});

/** How long a money action waits before it is sent, so it can still be undone. */
export const UNDO_SECONDS = 5;
interface Pending {
  id: number;
  what: string;
  run: () => void;
}
const PendingContext = createContext<(what: string, run: () => void) => void>(() => {});

/** Results and errors of actions, shown briefly at the bottom of the window. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [queue, setQueue] = useState<Toast[]>([]);
  const show = useCallback((message: string, severity: Severity = 'success') => {
    setQueue((q) => [...q, { id: Date.now() + Math.random(), message, severity }]);
  }, []);
  const [pending, setPending] = useState<Pending | null>(null);
  const later = useCallback((what: string, run: () => void) => setPending({ id: Date.now(), what, run }), []);
  const current = queue[0];
  return (
    <ToastContext.Provider value={show}>
      <PendingContext.Provider value={later}>{children}</PendingContext.Provider>
      {pending ? (
        <PendingAction
          key={pending.id}
          pending={pending}
          onDone={(undone) => {
            setPending(null);
            if (undone) show(undone, 'info');
          }}
        />
      ) : null}
      <Snackbar
        key={current?.id}
        open={!!current}
        autoHideDuration={current?.severity === 'error' ? 8000 : 4000}
        onClose={(_e, reason) => reason !== 'clickaway' && setQueue((q) => q.slice(1))}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {current ? (
          <Alert
            role={current.severity === 'error' ? 'alert' : 'status'}
            data-testid="toast"
            severity={current.severity}
            variant="filled"
            onClose={() => setQueue((q) => q.slice(1))}
          >
            {current.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </ToastContext.Provider>
  );
}

/** The countdown of one delayed action, with Undo; it runs when the countdown ends. */
function PendingAction({ pending, onDone }: { pending: Pending; onDone: (undone: string | null) => void }) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(UNDO_SECONDS);
  const settled = useRef(false);
  useEffect(() => {
    const timer = setInterval(() => setLeft((n) => n - 1), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left > 0 || settled.current) return;
    settled.current = true;
    pending.run();
    onDone(null);
  }, [left, pending, onDone]);
  return (
    <Snackbar open anchorOrigin={{ vertical: 'top', horizontal: 'center' }} sx={{ mt: 6 }}>
      <Alert
        severity="warning"
        variant="filled"
        data-testid="pending-action"
        action={
          <Button
            color="inherit"
            size="small"
            data-testid="pending-undo"
            onClick={() => {
              settled.current = true;
              onDone(t('common.undone'));
            }}
          >
            {t('common.undo')}
          </Button>
        }
      >
        {t('common.pending', { what: pending.what, seconds: Math.max(left, 0) })}
      </Alert>
    </Snackbar>
  );
}

/**
 * Runs a money action after a short countdown the operator can undo (a payout: nothing is sent
 * to main until the countdown ends). Closing the window inside the countdown sends nothing.
 */
export function useDelayedAction() {
  return useContext(PendingContext);
}

export function useToast() {
  return useContext(ToastContext);
}

/**
 * The usual outcome of an action: a success toast (then `done`), or the error translated by code.
 * Pass the result to a mutation: `mutate(input, feedback(t('settings.saved'), close))`.
 */
export function useFeedback() {
  const toast = useToast();
  const { t } = useTranslation();
  return (success: string, done?: () => void) => ({
    onSuccess: () => {
      toast(success);
      done?.();
    },
    onError: (e: { code: string }) => toast(t(`errors.${e.code}`), 'error'),
  });
}
