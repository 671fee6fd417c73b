// `npm run build:examples`: builds every dashboard into examples/<name>/dist,
// which `npm run test:e2e` serves.
import { buildDashboard } from './buildDashboard.js';
import { DASHBOARDS } from './dashboardServer.js';

for (const dashboard of DASHBOARDS) {
  const started = performance.now();
  await buildDashboard(dashboard);
  console.log(`built examples/${dashboard}/dist in ${Math.round(performance.now() - started)} ms`);
}
