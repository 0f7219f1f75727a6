import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createAppApi, type RawBridge } from './api/bridge';
import { connect } from './api/connect';
import { createServices } from './services';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/fields.css';
import './styles/progress.css';
import './styles/surfaces.css';
import './styles/shell.css';
import './styles/transfers.css';
import './styles/send.css';
import './styles/account.css';
import './styles/receive.css';
import './styles/history.css';

declare global {
  interface Window {
    bridge: RawBridge;
  }
}

const services = createServices(createAppApi(window.bridge));
connect(services);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App services={services} />
    </StrictMode>,
  );
}
