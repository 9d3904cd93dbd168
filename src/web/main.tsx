import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installFocusReturn } from './focus-return';

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');
installFocusReturn();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
