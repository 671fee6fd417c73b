// The React dashboard: one GroupsStore for the page's life, handed to the
// components by <GroupsStoreProvider>, which read it through
// turso-groups-store/react. Everything renders under StrictMode.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GroupsStoreProvider } from 'turso-groups-store/react';
import { createDashboardApi, createDashboardStore } from '../../shared/createDashboardStore.js';
import { loadDashboardConfig } from '../../shared/dashboardConfig.js';
import '../../shared/dashboard.css';
import './react-dashboard.css';
import { App } from './App.js';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

loadDashboardConfig().then(
  (config) => {
    // Made here, next to createRoot, rather than by the provider's `create`:
    // with `crossTab` a store opens its BroadcastChannel as it is made, and
    // StrictMode calls a component's state initializer twice in development,
    // which would leave the dropped store's channel open.
    const store = createDashboardStore(config);
    const api = createDashboardApi(config);
    const listLocations = (signal: AbortSignal) => api.listLocations({ signal });
    createRoot(container).render(
      <StrictMode>
        <GroupsStoreProvider store={store}>
          <App mode={config.mode} org={config.org} listLocations={listLocations} />
        </GroupsStoreProvider>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    container.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  },
);
