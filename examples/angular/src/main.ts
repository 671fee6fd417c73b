// The Angular dashboard: one GroupsStore for the application's life, given
// to its injector by provideGroupsStore (disposed with the app), and
// components that read it through turso-groups-store/angular's signals.
// Zoneless: a signal a template reads schedules its change detection.
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { loadDashboardConfig } from '../../shared/dashboardConfig.js';
import { App } from './app.js';
import { provideDashboard } from './provideDashboard.js';

loadDashboardConfig()
  .then((config) => bootstrapApplication(App, { providers: [provideZonelessChangeDetection(), provideDashboard(config)] }))
  .catch((error: unknown) => {
    const root = document.querySelector('groups-dashboard');
    if (root) root.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  });
