import { Alert, AlertTitle, Button } from '@mui/material';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface State {
  error: Error | null;
}

class Boundary extends Component<{ children: ReactNode; fallback: (reset: () => void) => ReactNode }, State> {
  override state: State = { error: null };
  static getDerivedStateFromError(error: Error): State {
    return { error };
  }
  override componentDidCatch(error: Error) {
    console.error('[renderer] page crashed', error);
  }
  override render() {
    return this.state.error ? this.props.fallback(() => this.setState({ error: null })) : this.props.children;
  }
}

/** Keeps one broken page from taking the whole console down. */
export function ErrorBoundary({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Boundary
      fallback={(reset) => (
        <Alert severity="error" action={<Button onClick={reset}>{t('common.retry')}</Button>} sx={{ m: 2 }}>
          <AlertTitle>{t('errorBoundary.title')}</AlertTitle>
          {t('errorBoundary.body')}
        </Alert>
      )}
    >
      {children}
    </Boundary>
  );
}
