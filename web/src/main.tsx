// First: configures zod before any shared schema is built (see the file).
import './lib/zod-no-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { registerServiceWorker } from './features/push/browserPush';
import { applyTheme, followSystemTheme, readThemePreference } from './lib/theme';
import './index.css';

// Apply the saved theme before the first render so the app never flashes the wrong colours.
applyTheme(readThemePreference());
followSystemTheme();

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing <div id="root">');

// The service worker makes the app installable and shows web pushes (web/public/sw.js).
void registerServiceWorker();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
