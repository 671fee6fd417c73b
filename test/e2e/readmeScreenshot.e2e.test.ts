// The dashboard mid-flight, as the README shows it: the shared scenario, then
// a create shown before the server confirms it, a pending change, and a
// rolled-back failure beside its group and in the toast, all on screen at
// once. The screenshot goes to a temporary folder; it replaces the README's
// only when asked:
//   npm run build:examples && README_SCREENSHOT=react npx vitest run --project e2e readmeScreenshot
import { describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../../examples/server/dashboardServer.js';
import { openDashboard } from './dashboardHarness.js';
import { groupItem, runScenario } from './dashboardScenario.js';
import { readmeImage } from './readmeImage.js';

// 172 KB: each card carries Transfer and the delete-protection switch, the header the change feed's
// "Live: connected" line and the Devtools button (160.1 KB measured, with room for the clock and the log).
const image = readmeImage('README_SCREENSHOT', 'dashboard.png', 172 * 1024);
const { dashboard } = image;

describe('the README screenshot', () => {
  it(`shows optimistic, pending and rolled-back states at once on the ${dashboard} dashboard`, async () => {
    expect(DASHBOARDS).toContain(dashboard);
    const session = await openDashboard(dashboard!);
    const { page } = session;
    await page.setViewportSize({ width: 1180, height: 800 });
    await runScenario(session);
    const panel = page.getByRole('region', { name: 'Server panel' });

    // A failure, rolled back, beside its group and in the toast.
    await panel.getByLabel('Operation', { exact: true }).selectOption('addLocation');
    await panel.getByLabel('Failure', { exact: true }).selectOption('500');
    await panel.getByLabel('Next N requests').fill('1');
    await panel.getByRole('button', { name: 'Inject failure' }).click();
    const eu = groupItem(page, 'eu');
    await eu.getByLabel('Location to add to eu').selectOption('lhr');
    await eu.getByRole('button', { name: 'Add location to eu' }).click();
    await eu.locator('[data-error]').waitFor();

    // Then slow answers: a create shown before the server confirms it, and a pending change.
    await panel.getByLabel('Latency (ms)').fill('8000');
    await panel.getByRole('button', { name: 'Set latency' }).click();
    await page.waitForTimeout(300);
    await page.getByLabel('Group name', { exact: true }).fill('staging');
    await page.getByLabel('Location', { exact: true }).selectOption('ams');
    await page.getByRole('button', { name: 'Create group' }).click();
    const apac = groupItem(page, 'apac');
    await apac.getByLabel('Location to add to apac').selectOption('ams');
    await apac.getByRole('button', { name: 'Add location to apac' }).click();
    await groupItem(page, 'staging').and(page.locator('[data-state="optimistic"]')).waitFor();
    await apac.and(page.locator('[data-state="pending"]')).waitFor();
    await eu.locator('[data-error]').waitFor();
    await page.locator('[data-toast]').filter({ hasText: "Couldn't add the location to eu" }).waitFor();
    // The scenario's own messages would crowd the picture: only eu's failure stays.
    const others = page.locator('[data-toast]').filter({ hasNotText: "Couldn't add the location to eu" });
    while ((await others.count()) > 0) await others.first().getByRole('button', { name: 'Dismiss message' }).click();
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));

    await image.save(page);
  });
});
