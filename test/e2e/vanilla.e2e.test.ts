// The plain TypeScript dashboard (examples/vanilla, built by `npm run build:examples`):
// the shared scenario, then what a keyboard user and a screen reader rely on.
import { describe, expect, it } from 'vitest';
import { openDashboard } from './dashboardHarness.js';
import { expectLoaded, runDashboardScenario } from './dashboardScenario.js';
import { runKeyboardScenario } from './keyboardScenario.js';

describe('the plain TypeScript dashboard', () => {
  it('runs the shared scenario', () => runDashboardScenario('vanilla'));

  it('works from the keyboard, with a visible focus that follows the work', () => runKeyboardScenario('vanilla'));

  it('labels every control', async () => {
    const { page, consoleErrors } = await openDashboard('vanilla');
    await expectLoaded(page);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button')]
        .filter((control) => {
          const labelled = control.getAttribute('aria-label') || (control as HTMLInputElement).labels?.length || control.textContent?.trim();
          return !labelled;
        })
        .map((control) => control.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
