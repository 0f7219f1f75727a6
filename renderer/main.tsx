import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createAppApi, type RawBridge } from './api/bridge';
import { createTransfersStore } from './stores/transfers-store';

declare global {
  interface Window {
    bridge: RawBridge;
  }
}

const api = createAppApi(window.bridge);
const store = createTransfersStore();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={api} store={store} />
    </StrictMode>,
  );
}
