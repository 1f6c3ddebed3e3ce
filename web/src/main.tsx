import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './app/App.js';
import { RealtimeProvider } from './app/realtime.js';
import { SessionProvider } from './app/session.js';
import { I18nProvider } from './i18n/index.js';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <RealtimeProvider>
          <App />
        </RealtimeProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
