// The Svelte dashboard: one GroupsStore for the page's life, handed to the
// components through context, read with turso-groups-store/svelte.
import { mount } from 'svelte';
import { createDashboardApi, createDashboardStore } from '../../shared/createDashboardStore.js';
import { describeApi, loadDashboardConfig } from '../../shared/dashboardConfig.js';
import { LocationsFeed } from '../../shared/locationsFeed.js';
import { DevtoolsToggle } from '../../shared/devtoolsToggle.js';
import { LiveStatus } from '../../shared/liveStatus.js';
import { Toasts } from '../../shared/toasts.js';
import '../../shared/dashboard.css';
import '../../shared/groupCards.css';
import App from './App.svelte';
import { dashboardContext } from './dashboard.js';

const root = document.querySelector<HTMLElement>('#app');

loadDashboardConfig().then(
  (config) => {
    const store = createDashboardStore(config);
    const api = createDashboardApi(config);
    // The locations and the toasts live as long as the page, beside the store.
    const locations = new LocationsFeed((signal) => api.listLocations({ signal }), store);
    const toasts = new Toasts();
    const stopToasts = toasts.watch(store);
    const devtools = new DevtoolsToggle(store);
    if (root) root.textContent = '';
    mount(App, { target: root ?? document.body, props: { mode: config.mode, org: config.org, api: describeApi(config), devtools, live: new LiveStatus(store) }, context: dashboardContext(store, locations, toasts, { org: config.org, otherOrgs: config.otherOrgs ?? [] }) });
    // Leaving the page for good ends the store's requests, polling and
    // cross-tab channel. A page put in the back/forward cache (`persisted`)
    // may be shown again as it was: its store must still be alive then.
    addEventListener('pagehide', (event) => {
      if (event.persisted) return;
      devtools.dispose();
      stopToasts();
      toasts.dispose();
      store.dispose();
    });
  },
  (error: unknown) => {
    if (root) root.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  },
);
