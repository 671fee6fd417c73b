import { DestroyRef, inject, makeEnvironmentProviders, type EnvironmentProviders } from '@angular/core';
import { injectGroupsStore, provideGroupsStore } from 'turso-groups-store/angular';
import { createDashboardApi, createDashboardStore } from '../../shared/createDashboardStore.js';
import { describeApi, type DashboardConfig } from '../../shared/dashboardConfig.js';
import { LocationsFeed } from '../../shared/locationsFeed.js';
import { Toasts } from '../../shared/toasts.js';
import { DASHBOARD } from './dashboardContext.js';

/**
 * Everything the dashboard's components inject, for the application's
 * injector: the store (disposed with the app), the page's messages watching
 * it, the locations, and the server's configuration.
 */
export function provideDashboard(config: DashboardConfig): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideGroupsStore(() => createDashboardStore(config)),
    { provide: DASHBOARD, useValue: { mode: config.mode, org: config.org, otherOrgs: config.otherOrgs ?? [], api: describeApi(config) } },
    {
      provide: Toasts,
      useFactory: (): Toasts => {
        const toasts = new Toasts();
        const stop = toasts.watch(injectGroupsStore());
        inject(DestroyRef).onDestroy(() => {
          stop();
          toasts.dispose();
        });
        return toasts;
      },
    },
    {
      provide: LocationsFeed,
      useFactory: (): LocationsFeed => {
        const api = createDashboardApi(config);
        return new LocationsFeed((signal) => api.listLocations({ signal }), injectGroupsStore());
      },
    },
  ]);
}
