/** Mounts the app: one engine worker, one store, one React root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createEngineClient } from './bridge/engineClient';
import { createEnginePort } from './bridge/enginePort';
import { createAppStore } from './store/createAppStore';
import './app/app.css';

const store = createAppStore(createEnginePort(createEngineClient()));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
