// The React dashboard (examples/react, built by `npm run build:examples`):
// the shared scenario, then what only a keyboard user would notice.
import { describe, expect, test } from 'vitest';
import { openDashboard } from './dashboardHarness.js';
import { runKeyboardScenario } from './keyboardScenario.js';
import { expectLoaded, runDashboardScenario } from './dashboardScenario.js';

describe('the React dashboard', () => {
  test('passes the shared scenario', async () => {
    await runDashboardScenario('react');
  });

  test('logs events$ from the first load on', async () => {
    const { page, consoleErrors } = await openDashboard('react');
    await expectLoaded(page);
    // The log subscribes in a layout effect, before useLoad's effect sends the first list.
    const oldest = page.locator('ol[data-event-log][aria-label="Events"] > li').last();
    await expect.poll(() => oldest.textContent()).toMatch(/#1 load the groups: started/);
    expect(consoleErrors).toEqual([]);
  });

  test('works from the keyboard, with a visible focus and focus that follows the work', async () => {
    await runKeyboardScenario('react');
  });
});
