// The React dashboard: one GroupsStore for the page's life, handed to the
// components by <GroupsStoreProvider>, which read it through
// turso-groups-store/react. Everything renders under StrictMode.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GroupsStoreProvider } from 'turso-groups-store/react';
import { createDashboardApi, createDashboardStore } from '../../shared/createDashboardStore.js';
import { describeApi, loadDashboardConfig } from '../../shared/dashboardConfig.js';
import { LocationsFeed } from '../../shared/locationsFeed.js';
import { DevtoolsToggle } from '../../shared/devtoolsToggle.js';
import { LiveStatus } from '../../shared/liveStatus.js';
import { Toasts } from '../../shared/toasts.js';
import '../../shared/dashboard.css';
import '../../shared/groupCards.css';
import './react-dashboard.css';
import { App } from './App.js';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

loadDashboardConfig().then(
  (config) => {
    // Made here, next to createRoot, rather than by the provider's `create`:
    // with `crossTab` a store opens its BroadcastChannel as it is made, and
    // StrictMode calls a component's state initializer twice in development,
    // which would leave the dropped store's channel open. The locations and
    // the toasts live as long as the page, beside it.
    const store = createDashboardStore(config);
    const api = createDashboardApi(config);
    const locations = new LocationsFeed((signal) => api.listLocations({ signal }), store);
    const toasts = new Toasts();
    toasts.watch(store);
    const devtools = new DevtoolsToggle(store);
    const live = new LiveStatus(store);
    createRoot(container).render(
      <StrictMode>
        <GroupsStoreProvider store={store}>
          <App mode={config.mode} organizations={{ org: config.org, otherOrgs: config.otherOrgs ?? [] }} api={describeApi(config)} locations={locations} toasts={toasts} devtools={devtools} live={live} />
        </GroupsStoreProvider>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    container.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  },
);
