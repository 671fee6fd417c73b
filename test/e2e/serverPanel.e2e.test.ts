// What the four dashboards say about the server behind them, in Chromium:
// the server panel shows the emulator's own fault plan (a reload does not
// reset it, firing failures count down), one click on a dropped connection
// fails once and visibly, the main flow logs no console error or warning,
// and the page names the API it talks to as it is.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createPlatformEmulator } from 'turso-groups-store/emulator';
import { listen } from 'turso-groups-store/emulator/node';
import { API_PATH, CONTROL_PATH, DASHBOARDS } from '../../examples/server/dashboardServer.js';
import type { FaultState } from '../../examples/shared/emulatorControl.js';
import { openDashboard, type DashboardSession } from './dashboardHarness.js';
import { expectLoaded, groupItem, runScenario } from './dashboardScenario.js';

/** Long enough for the panel's poll (every 2 s while failures are armed) and a settled command. */
const UPDATED_MS = 10_000;

function serverPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Server panel' });
}

/** The fault plan as the server counts it, asked from outside the page. */
async function serverFaults(session: DashboardSession): Promise<FaultState> {
  return (await (await fetch(new URL(CONTROL_PATH, session.url))).json()) as FaultState;
}

/** What the panel shows as in force: its latency and each armed failure, read from its DOM contract. */
async function shownFaults(page: Page): Promise<FaultState | 'not read'> {
  const state = serverPanel(page).locator('[data-fault-state="read"]');
  if ((await state.count()) === 0) return 'not read';
  const latencyMs = Number(await state.locator('[data-latency-ms]').getAttribute('data-latency-ms'));
  const failures = await state.locator('li[data-fault]').evaluateAll((items) =>
    items.map((item) => ({
      operation: item.getAttribute('data-operation'),
      kind: item.getAttribute('data-kind'),
      remaining: Number(item.getAttribute('data-remaining')),
      text: item.textContent?.trim(),
    })),
  );
  return { latencyMs, failures } as unknown as FaultState;
}

async function arm(page: Page, operation: string, kind: string, count: number): Promise<void> {
  const panel = serverPanel(page);
  await panel.getByLabel('Operation', { exact: true }).selectOption(operation);
  await panel.getByLabel('Failure', { exact: true }).selectOption(kind);
  await panel.getByLabel('Next N requests').fill(String(count));
  await panel.getByRole('button', { name: 'Inject failure' }).click();
}

/** Adds `location` to `group` through its row, as a person would. */
async function addLocation(page: Page, group: string, location: string): Promise<void> {
  const item = groupItem(page, group);
  // The row's controls by either name they have had: the select named for the group, or the button.
  await item.getByRole('combobox', { name: new RegExp(`^(?:Location to add to|Add location to) ${group}$`) }).selectOption(location);
  await item.getByRole('button', { name: new RegExp(`^Add location(?: to ${group})?$`) }).click();
}

for (const dashboard of DASHBOARDS) {
  describe(`the ${dashboard} dashboard`, () => {
    it("shows the server's latency and armed failures, after a reload too, and counts them down as they fire", async () => {
      const session = await openDashboard(dashboard);
      const { page } = session;
      await expectLoaded(page);
      const panel = serverPanel(page);
      await expect.poll(() => shownFaults(page)).toEqual({ latencyMs: 0, failures: [] });

      await panel.getByLabel('Latency (ms)').fill('250');
      await panel.getByRole('button', { name: 'Set latency' }).click();
      await arm(page, 'addLocation', '500', 2);
      const armed = { operation: 'addLocation', kind: '500', remaining: 2, text: 'addLocation · 500 Internal Server Error · 2 left' };
      await expect.poll(() => shownFaults(page)).toEqual({ latencyMs: 250, failures: [armed] });

      // A new page knows nothing of what the last one asked for: all it shows comes from the server.
      await page.reload();
      await expectLoaded(page);
      await expect.poll(() => shownFaults(page)).toEqual({ latencyMs: 250, failures: [armed] });
      expect(await panel.getByLabel('Latency (ms)').inputValue()).toBe('250');

      // Spent by the page's own command: read again once the store reports the answer.
      await addLocation(page, 'default', 'lhr');
      const one = { ...armed, remaining: 1, text: 'addLocation · 500 Internal Server Error · 1 left' };
      await expect.poll(() => shownFaults(page), { timeout: UPDATED_MS }).toEqual({ latencyMs: 250, failures: [one] });
      expect(await serverFaults(session)).toEqual({ latencyMs: 250, failures: [{ operation: 'addLocation', kind: '500', remaining: 1 }] });

      // Spent by a request the page never made (another tab, a script): the panel's poll finds it.
      const outside = await fetch(new URL(`${API_PATH}/v1/organizations/demo/groups/default/locations/lhr`, session.url), { method: 'POST' });
      expect(outside.status).toBe(500);
      await expect.poll(() => shownFaults(page), { timeout: UPDATED_MS }).toEqual({ latencyMs: 250, failures: [] });
      expect(await panel.getByText('No failures armed.').count()).toBe(1);

      await panel.getByRole('button', { name: 'Clear faults' }).click();
      await expect.poll(() => shownFaults(page)).toEqual({ latencyMs: 0, failures: [] });
      expect(session.consoleErrors).toEqual([]);
    });

    it('fails a click on a dropped connection once, and says so', async () => {
      const session = await openDashboard(dashboard);
      const { page } = session;
      await expectLoaded(page);
      // Two armed, one click: a browser that re-sent the request unasked would spend both.
      await arm(page, 'addLocation', 'dropped', 2);
      await expect.poll(async () => (await serverFaults(session)).failures).toEqual([{ operation: 'addLocation', kind: 'dropped', remaining: 2 }]);

      await addLocation(page, 'default', 'lhr');
      // The work was done and its answer lost: the page tells of the failed add once (as
      // an outcome it cannot know yet, where the store checks with the server, else as a failure).
      const told = page.locator('ol[data-event-log] > li:is([data-type="unknown"], [data-type="failure"])');
      await told.first().waitFor({ timeout: UPDATED_MS });
      expect(await told.count()).toBe(1);
      expect(await told.textContent()).toContain('default');
      await expect.poll(async () => (await serverFaults(session)).failures).toEqual([{ operation: 'addLocation', kind: 'dropped', remaining: 1 }]);
      await expect.poll(() => shownFaults(page), { timeout: UPDATED_MS }).toMatchObject({ failures: [{ operation: 'addLocation', kind: 'dropped', remaining: 1 }] });
      // The cut answer's console line is provoked on purpose (the harness lets it pass); nothing else.
      expect(session.consoleErrors).toEqual([]);
    });

    it('runs the main flow with no console error or warning (a missing favicon is one)', async () => {
      const session = await openDashboard(dashboard);
      await runScenario(session);
      expect(session.consoleErrors).toEqual([]);
      expect(session.consoleWarnings).toEqual([]);
    });

    it('names the API it talks to: the embedded emulator, or the host TURSO_API_URL points at', async () => {
      const emulated = await openDashboard(dashboard);
      await expectLoaded(emulated.page);
      expect(await emulated.page.locator('header').innerText()).toContain('the embedded emulator');
      await emulated.close();

      const token = `platform-token-${crypto.randomUUID()}`;
      const upstream = await listen(createPlatformEmulator({ org: 'acme', token, groups: [{ name: 'default', locations: ['lhr'] }] }));
      onTestFinished(() => upstream.close());
      const { page, consoleErrors } = await openDashboard(dashboard, { real: { org: 'acme', token, upstream: upstream.url } });
      await expectLoaded(page);
      const header = await page.locator('header').innerText();
      expect(header).toContain(new URL(upstream.url).host);
      expect(header).not.toContain('Turso Platform API');
      expect(header).not.toContain('emulator');
      expect(await page.content()).not.toContain(token);
      expect(consoleErrors).toEqual([]);
    });
  });
}
