// The store every dashboard uses, built the way an app would build it: the
// transport talks to the dashboard's own server, which adds the token, so the
// browser never holds one.
import { createFetchTransport, createGroupsApi, createGroupsStore, type GroupsApi, type GroupsStore } from 'turso-groups-store';
import { localStoragePersister } from 'turso-groups-store/persist';
import { changeFeed } from 'turso-groups-store/changes';
import type { DashboardConfig } from './dashboardConfig.js';

function transportFor(config: DashboardConfig) {
  return createFetchTransport({ baseURL: config.apiBase });
}

/**
 * Which API the groups come from, for the storage key: the page talks to the
 * same path in both modes, so the path cannot tell the emulator's groups from
 * a real organization's.
 */
export function persistBase(config: DashboardConfig): string {
  return config.mode === 'emulator' ? 'emulator' : config.upstream ?? config.apiBase;
}

/**
 * The dashboard's store: listens to the server's change feed (when it has
 * one), polls every 15 s while shown (every 90 s while the feed is
 * connected), treats data younger than 5 s as fresh on focus, keeps the tabs
 * of one organization in sync, and
 * keeps the groups and what is held offline in localStorage, so a reload
 * shows the groups at once and sends what was held.
 */
export function createDashboardStore(config: DashboardConfig): GroupsStore {
  return createGroupsStore({
    org: config.org,
    transport: transportFor(config),
    refetchInterval: 15_000,
    staleTime: 5_000,
    crossTab: true,
    persist: { storage: localStoragePersister(), base: persistBase(config) },
    // The server's change feed: other people's changes show as they happen, and polling slows to a safety net.
    ...(config.changes === undefined ? {} : { changes: changeFeed({ url: config.changes }) }),
  });
}

/** A plain API client on the same server, for what the store does not hold: `listLocations`. */
export function createDashboardApi(config: DashboardConfig): GroupsApi {
  return createGroupsApi({ org: config.org, transport: transportFor(config) });
}
