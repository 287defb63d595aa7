import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initApi } from './app/api';
import { initI18n } from './app/i18n';
import { createTransport } from './app/transport';

initApi(createTransport());
initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
