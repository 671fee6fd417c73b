// Builds a dashboard with Vite's own API and the example's vite.config.ts, as
// `vite build` in its folder would; the Angular one with Angular's own build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { ANGULAR_WORKSPACE, buildAngularDashboard } from './buildAngularDashboard.js';
import type { DashboardName } from './dashboardServer.js';

/** The example's build configuration: its vite.config.ts, or the Angular workspace's angular.json. */
export function configOf(dashboard: DashboardName): string {
  if (dashboard === 'angular') return ANGULAR_WORKSPACE;
  return fileURLToPath(new URL(`../${dashboard}/vite.config.ts`, import.meta.url));
}

/** Whether the example's folder (with its build configuration) is there to build. */
export function hasDashboard(dashboard: DashboardName): boolean {
  return existsSync(configOf(dashboard));
}

/**
 * Builds `examples/<dashboard>` into its `dist`; the build's own warnings and
 * errors are printed. Always a production build: Vite takes `NODE_ENV` from
 * the environment when it is set, and a shell's `NODE_ENV=development` (or a
 * test runner's `test`) would otherwise ship React's development build, whose
 * StrictMode mounts every effect twice (the first list load then shows as
 * cancelled in the event log).
 */
export async function buildDashboard(dashboard: DashboardName, logLevel: 'info' | 'warn' = 'warn'): Promise<void> {
  if (!hasDashboard(dashboard)) throw new Error(`there is no ${configOf(dashboard)} to build`);
  if (dashboard === 'angular') return buildAngularDashboard(logLevel);
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: configOf(dashboard), logLevel, mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
}
