// The store every dashboard uses, built the way an app would build it: the
// transport talks to the dashboard's own server, which adds the token, so the
// browser never holds one.
import { createFetchTransport, createGroupsApi, createGroupsStore, type GroupsApi, type GroupsStore } from 'turso-groups-store';
import type { DashboardConfig } from './dashboardConfig.js';

function transportFor(config: DashboardConfig) {
  return createFetchTransport({ baseURL: config.apiBase });
}

/**
 * The dashboard's store: polls every 15 s while shown, treats data younger
 * than 5 s as fresh on focus, and keeps the tabs of one organization in sync.
 */
export function createDashboardStore(config: DashboardConfig): GroupsStore {
  return createGroupsStore({
    org: config.org,
    transport: transportFor(config),
    refetchInterval: 15_000,
    staleTime: 5_000,
    crossTab: true,
  });
}

/** A plain API client on the same server, for what the store does not hold: `listLocations`. */
export function createDashboardApi(config: DashboardConfig): GroupsApi {
  return createGroupsApi({ org: config.org, transport: transportFor(config) });
}
