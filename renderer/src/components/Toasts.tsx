import { Alert, Snackbar } from '@mui/material';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Severity = 'success' | 'info' | 'warning' | 'error';
interface Toast {
  id: number;
  message: string;
  severity: Severity;
}

const ToastContext = createContext<(message: string, severity?: Severity) => void>(() => {});

/** Results and errors of actions, shown briefly at the bottom of the window. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [queue, setQueue] = useState<Toast[]>([]);
  const show = useCallback((message: string, severity: Severity = 'success') => {
    setQueue((q) => [...q, { id: Date.now() + Math.random(), message, severity }]);
  }, []);
  const current = queue[0];
  return (
    <ToastContext.Provider value={show}>
      {children}
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
