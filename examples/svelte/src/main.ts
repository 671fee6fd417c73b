// The Svelte dashboard: one GroupsStore for the page's life, handed to the
// components through context, read with turso-groups-store/svelte.
import { mount } from 'svelte';
import { createDashboardApi, createDashboardStore } from '../../shared/createDashboardStore.js';
import { loadDashboardConfig } from '../../shared/dashboardConfig.js';
import '../../shared/dashboard.css';
import '../../shared/groupCards.css';
import App from './App.svelte';
import { dashboardContext } from './dashboard.js';

const root = document.querySelector<HTMLElement>('#app');

loadDashboardConfig().then(
  (config) => {
    const store = createDashboardStore(config);
    const api = createDashboardApi(config);
    if (root) root.textContent = '';
    mount(App, { target: root ?? document.body, props: { mode: config.mode, org: config.org }, context: dashboardContext(store, () => api.listLocations()) });
    // Leaving the page for good ends the store's requests, polling and
    // cross-tab channel. A page put in the back/forward cache (`persisted`)
    // may be shown again as it was: its store must still be alive then.
    addEventListener('pagehide', (event) => {
      if (!event.persisted) store.dispose();
    });
  },
  (error: unknown) => {
    if (root) root.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  },
);
