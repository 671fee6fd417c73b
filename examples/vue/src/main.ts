// The Vue dashboard: one GroupsStore for the app's life, provided next to
// createApp, and components that read it through turso-groups-store/vue.
import { createApp } from 'vue';
import { GROUPS_STORE_KEY } from 'turso-groups-store/vue';
import { createDashboardApi, createDashboardStore } from '../../shared/createDashboardStore.js';
import { describeApi, loadDashboardConfig } from '../../shared/dashboardConfig.js';
import { LocationsFeed } from '../../shared/locationsFeed.js';
import { DevtoolsToggle } from '../../shared/devtoolsToggle.js';
import { LiveStatus } from '../../shared/liveStatus.js';
import { Toasts } from '../../shared/toasts.js';
import '../../shared/dashboard.css';
import '../../shared/groupCards.css';
import App from './App.vue';

const root = document.querySelector<HTMLElement>('#app');

loadDashboardConfig().then(
  (config) => {
    const store = createDashboardStore(config);
    const api = createDashboardApi(config);
    // The locations and the toasts live as long as the app, beside the store.
    const locations = new LocationsFeed((signal) => api.listLocations({ signal }), store);
    const toasts = new Toasts();
    const stopToasts = toasts.watch(store);
    const devtools = new DevtoolsToggle(store);
    const app = createApp(App, { mode: config.mode, org: config.org, otherOrgs: config.otherOrgs ?? [], api: describeApi(config), locations, toasts, devtools, live: new LiveStatus(store) });
    app.provide(GROUPS_STORE_KEY, store);
    // Unmounting the app ends the store's requests, polling and cross-tab channel.
    app.onUnmount(() => {
      devtools.dispose();
      stopToasts();
      toasts.dispose();
      store.dispose();
    });
    app.mount('#app');
  },
  (error: unknown) => {
    if (root) root.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  },
);
