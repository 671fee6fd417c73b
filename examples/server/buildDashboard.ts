// Builds a dashboard with Vite's own API and the example's vite.config.ts, as
// `vite build` in its folder would.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { DashboardName } from './dashboardServer.js';

export function configOf(dashboard: DashboardName): string {
  return fileURLToPath(new URL(`../${dashboard}/vite.config.ts`, import.meta.url));
}

/** Whether the example's folder (with its vite.config.ts) is there to build. */
export function hasDashboard(dashboard: DashboardName): boolean {
  return existsSync(configOf(dashboard));
}

/** Builds `examples/<dashboard>` into its `dist`; Vite's own warnings and errors are printed. */
export async function buildDashboard(dashboard: DashboardName, logLevel: 'info' | 'warn' = 'warn'): Promise<void> {
  if (!hasDashboard(dashboard)) throw new Error(`there is no examples/${dashboard}/vite.config.ts to build`);
  await build({ configFile: configOf(dashboard), logLevel, mode: 'production' });
}
