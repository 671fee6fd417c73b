// Every dashboard's "Devtools" switch (examples/shared/devtoolsToggle.ts):
// it mounts the store's devtools panel and removes it, the panel shows a
// mutation while it is held on its way and drops it when answered, and the
// page with the panel open passes the same axe-core scan as without it.
import { describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../../examples/server/dashboardServer.js';
import { openDashboard } from './dashboardHarness.js';
import { expectLoaded, groupItem } from './dashboardScenario.js';
import { API, holdRequests, runAxe } from './uxSupport.js';

for (const dashboard of DASHBOARDS) {
  describe(`the ${dashboard} dashboard's devtools`, () => {
    it('opens from the header, shows a held mutation live with Cancel for the one behind it, passes axe, and closes leaving nothing', async () => {
      const { page, consoleErrors } = await openDashboard(dashboard);
      await expectLoaded(page);
      const toggle = page.getByRole('button', { name: 'Devtools' });
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      expect(await page.locator('groups-devtools').count()).toBe(0);

      await toggle.click();
      const panel = page.getByRole('complementary', { name: 'Groups store devtools' });
      await panel.waitFor();
      // The button is redrawn at the framework's next render, which may come after the panel is in.
      await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
      await panel.locator('[data-part="groups"] tr[data-group="default"]').waitFor();

      // Held on its way: the first add is sent, the second waits behind it and can be taken back.
      const held = await holdRequests(page, 'POST', API.location('default', 'fra'));
      const item = groupItem(page, 'default');
      await item.getByLabel('Location to add to default').selectOption('fra');
      await item.getByRole('button', { name: 'Add location to default' }).click();
      await item.getByLabel('Location to add to default').selectOption('ams');
      await item.getByRole('button', { name: 'Add location to default' }).click();
      const mutations = panel.locator('[data-part="mutations"] li');
      const texts = async (): Promise<string[]> => (await mutations.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      await expect.poll(texts).toEqual([
        expect.stringMatching(/^#\d+ addLocation default location fra sent: waiting for the answer$/),
        expect.stringMatching(/^#\d+ addLocation default location ams not sent: waits for the group’s earlier mutations Cancel$/),
      ]);
      const report = await runAxe(page);
      expect(report.violations).toEqual([]);
      expect(report.passed).toEqual(expect.arrayContaining(['color-contrast', 'label', 'button-name', 'region', 'target-size']));

      await panel.getByRole('button', { name: /^Cancel #\d+, addLocation on default$/ }).click();
      await expect.poll(() => mutations.count()).toBe(1);
      held.release();
      await expect.poll(() => panel.locator('[data-part="mutations"]').innerText()).toBe('No pending mutations.');
      await item.locator('[data-location="fra"]').waitFor();
      expect(await item.locator('[data-location="ams"]').count()).toBe(0);

      await toggle.click();
      await panel.waitFor({ state: 'detached' });
      await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
      expect(await page.locator('groups-devtools').count()).toBe(0);
      expect(consoleErrors).toEqual([]);
    });
  });
}
