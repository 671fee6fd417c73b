// The devtools panel mid-flight, as the README shows it: the React dashboard
// with the panel open over a rolled-back failure, a create and a location
// held on their way (sent, not answered), and a second location waiting
// behind the first with its Cancel. The screenshot goes to a temporary
// folder; it replaces the README's only when asked:
//   npm run build:examples && DEVTOOLS_SCREENSHOT=react npx vitest run --project e2e devtoolsScreenshot
import { describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../../examples/server/dashboardServer.js';
import { openDashboard } from './dashboardHarness.js';
import { expectLoaded, groupItem } from './dashboardScenario.js';
import { readmeImage } from './readmeImage.js';
import { API, failRequests, holdRequests } from './uxSupport.js';

// 200 KB: the dashboard's upper half and the panel's dense text (175 KB measured).
const image = readmeImage('DEVTOOLS_SCREENSHOT', 'devtools.png', 200 * 1024);
const { dashboard } = image;

describe('the README devtools screenshot', () => {
  it(`shows the panel with pending, queued and rolled-back mutations on the ${dashboard} dashboard`, async () => {
    expect(DASHBOARDS).toContain(dashboard);
    const { page, consoleErrors } = await openDashboard(dashboard);
    await page.setViewportSize({ width: 1180, height: 1000 });
    await expectLoaded(page);
    await page.getByRole('button', { name: 'Devtools' }).click();
    const panel = page.getByRole('complementary', { name: 'Groups store devtools' });
    await panel.waitFor();
    // Minimized while the cards are used (it covers the window's lower half), still listening.
    await panel.getByRole('button', { name: 'Minimize' }).click();

    // A failure, rolled back: beside its group, and in the panel's timeline.
    const failing = await failRequests(page, 'POST', API.location('eu', 'lhr'), { times: 1 });
    const eu = groupItem(page, 'eu');
    await eu.getByLabel('Location to add to eu').selectOption('lhr');
    await eu.getByRole('button', { name: 'Add location to eu' }).click();
    await eu.locator('[data-error]').waitFor();
    failing.stop();

    // Held on their way: a create and a location, and a second location queued behind the first.
    await holdRequests(page, 'POST', API.groups);
    await holdRequests(page, 'POST', API.location('apac', 'ams'));
    await page.getByLabel('Group name', { exact: true }).fill('staging');
    await page.getByLabel('Location', { exact: true }).selectOption('ams');
    await page.getByRole('button', { name: 'Create group' }).click();
    const apac = groupItem(page, 'apac');
    await apac.getByLabel('Location to add to apac').selectOption('ams');
    await apac.getByRole('button', { name: 'Add location to apac' }).click();
    await apac.getByLabel('Location to add to apac').selectOption('fra');
    await apac.getByRole('button', { name: 'Add location to apac' }).click();
    await expect.poll(() => panel.locator('[data-part="mutations"] li').count()).toBe(3);
    // The page's own messages would crowd the picture: only eu's failure is kept, in its card.
    const toasts = page.locator('[data-toast]');
    while ((await toasts.count()) > 0) await toasts.first().getByRole('button', { name: 'Dismiss message' }).click();
    await panel.getByRole('button', { name: 'Expand' }).click();
    await panel.getByRole('button', { name: /^Cancel #\d+, addLocation on apac$/ }).waitFor();
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));

    await image.save(page);
    expect(consoleErrors).toEqual([]);
  });
});
