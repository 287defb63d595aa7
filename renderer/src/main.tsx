import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initApi } from './lib/api';
import { initI18n } from './lib/i18n';
import { createTransport } from './lib/transport';

initApi(createTransport());
initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
