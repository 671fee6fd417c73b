// `npm run build:examples`: builds every dashboard into examples/<name>/dist,
// which `npm run test:e2e` serves.
import { buildDashboard, hasDashboard } from './buildDashboard.js';
import { DASHBOARDS } from './dashboardServer.js';

// While the examples land one by one, a missing one is skipped with a warning;
// `REQUIRE_ALL_DASHBOARDS=1` makes it an error.
const requireAll = process.env['REQUIRE_ALL_DASHBOARDS'] === '1';
let missing = 0;
for (const dashboard of DASHBOARDS) {
  if (!hasDashboard(dashboard)) {
    missing++;
    console.warn(`warning: examples/${dashboard} does not exist yet: skipped`);
    continue;
  }
  const started = performance.now();
  await buildDashboard(dashboard);
  console.log(`built examples/${dashboard}/dist in ${Math.round(performance.now() - started)} ms`);
}
if (missing > 0 && requireAll) {
  console.error(`${missing} dashboard(s) missing`);
  process.exitCode = 1;
}
