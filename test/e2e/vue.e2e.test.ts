// The Vue dashboard (examples/vue, built by `npm run build:examples`): the
// shared scenario, then what only a keyboard user would notice.
import { describe, test } from 'vitest';
import { runDashboardScenario } from './dashboardScenario.js';
import { runKeyboardScenario } from './keyboardScenario.js';

describe('the Vue dashboard', () => {
  test('passes the shared scenario', async () => {
    await runDashboardScenario('vue');
  });

  test('works from the keyboard, with a visible focus and focus that follows the work', async () => {
    await runKeyboardScenario('vue');
  });
});
