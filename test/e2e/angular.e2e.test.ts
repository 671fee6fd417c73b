// The Angular dashboard (examples/angular, built with Angular's own build by
// `npm run build:examples`): the shared scenario, then what only a keyboard
// user would notice.
import { describe, expect, test } from 'vitest';
import { openDashboard } from './dashboardHarness.js';
import { expectLoaded, runDashboardScenario } from './dashboardScenario.js';
import { runKeyboardScenario } from './keyboardScenario.js';

describe('the Angular dashboard', () => {
  test('passes the shared scenario', async () => {
    await runDashboardScenario('angular');
  });

  test('logs events$ from the first load on', async () => {
    const { page, consoleErrors } = await openDashboard('angular');
    await expectLoaded(page);
    // The log subscribes as it is made; injectLoad starts the first list after the first render.
    const oldest = page.locator('ol[data-event-log][aria-label="Events"] > li').last();
    await expect.poll(() => oldest.textContent()).toMatch(/#1 load the groups: started/);
    expect(consoleErrors).toEqual([]);
  });

  test('works from the keyboard, with a visible focus and focus that follows the work', async () => {
    await runKeyboardScenario('angular');
  });
});
