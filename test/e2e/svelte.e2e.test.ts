// The Svelte dashboard (examples/svelte, built by `npm run build:examples`): the
// shared scenario, then what only a keyboard user would notice.
import { describe, test } from 'vitest';
import { runDashboardScenario } from './dashboardScenario.js';
import { runKeyboardScenario } from './keyboardScenario.js';

describe('the Svelte dashboard', () => {
  test('passes the shared scenario', async () => {
    await runDashboardScenario('svelte');
  });

  test('works from the keyboard, with a visible focus and focus that follows the work', async () => {
    await runKeyboardScenario('svelte');
  });
});
