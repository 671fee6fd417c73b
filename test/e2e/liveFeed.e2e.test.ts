// Two people on one dashboard server, each in a browser of their own: what
// one creates shows on the other's screen within a second, pushed by the
// server's change feed, without the second page asking for the list again.
// Every dashboard shows, in a status line, whether its feed is connected.
import { describe, expect, it, onTestFinished } from 'vitest';
import { API_PATH, DASHBOARDS, startDashboardServer } from '../../examples/server/dashboardServer.js';
import { openPage } from './dashboardHarness.js';
import { expectLoaded, groupItem } from './dashboardScenario.js';

const LIST_PATH = /\/v1\/organizations\/[^/]+\/groups$/;

describe.each(DASHBOARDS)('the %s dashboard on a change feed', (dashboard) => {
  it('shows a group created in another browser within a second, with no list request of its own', async () => {
    const server = await startDashboardServer({ dashboard });
    onTestFinished(() => server.close());
    const alice = await openPage(server.url, `${dashboard}-live-alice`);
    // Every request Bob's page makes, from its first: one list only, its first load's.
    const bob = await openPage('about:blank', `${dashboard}-live-bob`);
    const requests: string[] = [];
    bob.page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith(`${API_PATH}/`)) requests.push(`${request.method()} ${url.pathname}`);
    });
    await bob.page.goto(server.url);
    for (const { page } of [alice, bob]) {
      await expectLoaded(page);
      const live = page.getByRole('status').and(page.locator('.live'));
      await live.and(page.locator('[data-feed-status="connected"]')).waitFor({ timeout: 5_000 });
      expect(await live.textContent()).toBe('Live: connected');
    }

    const lists = (): string[] => requests.filter((request) => request.startsWith('GET ') && LIST_PATH.test(request));
    expect(lists()).toHaveLength(1);

    await alice.page.getByLabel('Group name', { exact: true }).fill('live-e2e');
    await alice.page.getByLabel('Location', { exact: true }).selectOption('ams');
    await alice.page.getByRole('button', { name: 'Create group' }).click();
    const clicked = Date.now();
    await groupItem(bob.page, 'live-e2e').waitFor({ timeout: 1_000 });
    const shownAfterMs = Date.now() - clicked;
    await groupItem(bob.page, 'live-e2e').locator('[data-location="ams"][data-primary]').waitFor({ timeout: 1_000 });

    expect(shownAfterMs).toBeLessThan(1_000);
    expect(lists()).toHaveLength(1);
    expect(bob.consoleErrors).toEqual([]);
    expect(alice.consoleErrors).toEqual([]);
  });
});
