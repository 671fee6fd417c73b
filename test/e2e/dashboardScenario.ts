// The one end-to-end scenario every dashboard passes, written against the
// DOM contract shared by the four (roles, labels, data attributes), so it
// cannot tell which framework rendered the page.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FaultState } from '../../examples/shared/emulatorControl.js';
import { openDashboard, type DashboardName, type DashboardSession } from './dashboardHarness.js';

export const SCENARIO_GROUP = 'e2e-group';
/** Enough for a glance at the optimistic state before the server confirms. */
export const SCENARIO_LATENCY_MS = 400;
const SETTLE_MS = 8_000;

export function groupItem(page: Page, name: string): Locator {
  return page.locator(`ul[aria-label="Groups"] > li[data-group="${name}"]`);
}

async function faults(session: DashboardSession): Promise<FaultState> {
  const response = await fetch(new URL('/__emulator/faults', session.url));
  return (await response.json()) as FaultState;
}

async function waitForState(item: Locator, state: 'optimistic' | 'pending' | 'unconfirmed' | 'idle', timeout = SETTLE_MS): Promise<void> {
  await item.and(item.page().locator(`[data-state="${state}"]`)).waitFor({ timeout });
}

/**
 * Records, in the page, each state a group's row goes through from now on
 * (its `data-state` and its locations, each time either changes), so a state
 * that lasts only while a request is on its way is seen however slowly the
 * test itself runs; `read()` gives the sequence so far, `clear()` starts anew.
 */
async function watchGroup(page: Page, name: string): Promise<{ read(): Promise<{ states: string[]; locations: string[] }>; clear(): Promise<void> }> {
  await page.evaluate((group) => {
    const seen = { states: [] as string[], locations: [] as string[] };
    (window as unknown as Record<string, unknown>)[`__watch:${group}`] = seen;
    const look = (): void => {
      const row = document.querySelector(`ul[aria-label="Groups"] > li[data-group="${group}"]`);
      const state = row?.getAttribute('data-state') ?? 'absent';
      const locations = row ? [...row.querySelectorAll('[data-location]')].map((item) => item.getAttribute('data-location')).join(',') : '';
      if (seen.states.at(-1) !== state) seen.states.push(state);
      if (seen.locations.at(-1) !== locations) seen.locations.push(locations);
    };
    look();
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-location'] });
  }, name);
  return {
    read: () => page.evaluate((group) => structuredClone((window as unknown as Record<string, { states: string[]; locations: string[] }>)[`__watch:${group}`]), name) as Promise<{ states: string[]; locations: string[] }>,
    clear: () =>
      page.evaluate((group) => {
        const seen = (window as unknown as Record<string, { states: string[]; locations: string[] }>)[`__watch:${group}`];
        if (seen) seen.states.splice(0, seen.states.length - 1), seen.locations.splice(0, seen.locations.length - 1);
      }, name),
  };
}

/** Load: the list loads, `default` is there, nothing in flight. */
export async function expectLoaded(page: Page): Promise<void> {
  await page.locator('[data-list-status]').filter({ hasText: /^\s*success\s*$/ }).waitFor({ timeout: SETTLE_MS });
  await waitForState(groupItem(page, 'default'), 'idle');
  await expect.poll(() => groupItem(page, 'default').locator('[data-location][data-primary]').count()).toBe(1);
}

/** The scenario on a page already open at `session.url`, served in emulator mode. */
export async function runScenario(session: DashboardSession): Promise<void> {
  const { page } = session;
  await expectLoaded(page);
  const panel = page.getByRole('region', { name: 'Server panel' });

  // Latency through the server panel.
  await panel.getByLabel('Latency (ms)').fill(String(SCENARIO_LATENCY_MS));
  await panel.getByRole('button', { name: 'Set latency' }).click();
  await expect.poll(async () => (await faults(session)).latencyMs).toBe(SCENARIO_LATENCY_MS);

  // Create: validated as you type, optimistic before the server confirms, then idle.
  const name = page.getByLabel('Group name', { exact: true });
  const create = page.getByRole('button', { name: 'Create group' });
  await name.fill('Not Valid!');
  await expect.poll(() => create.isDisabled()).toBe(true);
  await name.fill(SCENARIO_GROUP);
  await page.getByLabel('Location', { exact: true }).selectOption('lhr');
  await expect.poll(() => create.isEnabled()).toBe(true);
  const watched = await watchGroup(page, SCENARIO_GROUP);
  await create.click();
  const group = groupItem(page, SCENARIO_GROUP);
  // Shown at once, optimistic, while the create was on its way; the change feed's
  // event may confirm the group before the answer ends the command (pending).
  // Polled until the row has settled: a framework may redraw after the click returns.
  await expect
    .poll(async () => (await watched.read()).states.at(-1), { timeout: SETTLE_MS })
    .toBe('idle');
  await group.locator('[data-location="lhr"][data-primary]').waitFor();
  expect([
    ['absent', 'optimistic', 'idle'],
    ['absent', 'optimistic', 'pending', 'idle'],
  ]).toContainEqual((await watched.read()).states);

  // Add a location: pending while in flight, then there.
  await watched.clear();
  await group.getByLabel(`Location to add to ${SCENARIO_GROUP}`).selectOption('fra');
  await group.getByRole('button', { name: `Add location to ${SCENARIO_GROUP}` }).click();
  // The row is idle before the framework redraws it pending, so wait on the whole
  // recorded sequence, not on the state (which may not have left idle yet).
  await expect.poll(() => watched.read(), { timeout: SETTLE_MS }).toEqual({ states: ['idle', 'pending', 'idle'], locations: ['lhr', 'lhr,fra'] });

  // A 500 on the next addLocation: the location shows, then rolls back, with the error beside the group and in the toast.
  await panel.getByLabel('Operation', { exact: true }).selectOption('addLocation');
  await panel.getByLabel('Failure', { exact: true }).selectOption('500');
  await panel.getByLabel('Next N requests').fill('1');
  await panel.getByRole('button', { name: 'Inject failure' }).click();
  await expect.poll(async () => (await faults(session)).failures).toEqual([{ operation: 'addLocation', kind: '500', remaining: 1 }]);
  await watched.clear();
  await group.getByLabel(`Location to add to ${SCENARIO_GROUP}`).selectOption('ams');
  await group.getByRole('button', { name: `Add location to ${SCENARIO_GROUP}` }).click();
  await expect.poll(async () => (await watched.read()).locations, { timeout: SETTLE_MS }).toEqual(['lhr,fra', 'lhr,fra,ams', 'lhr,fra']);
  await group.locator('[data-error]').filter({ hasText: '500' }).waitFor({ timeout: SETTLE_MS });
  await page.locator('[data-toast]').filter({ hasText: '500' }).waitFor({ timeout: SETTLE_MS });
  await expect.poll(async () => (await faults(session)).failures).toEqual([]);

  // A removal, with its per-location button.
  await watched.clear();
  await group.getByRole('button', { name: `Remove location fra from ${SCENARIO_GROUP}` }).click();
  await expect.poll(() => watched.read(), { timeout: SETTLE_MS }).toEqual({ states: ['idle', 'pending', 'idle'], locations: ['lhr,fra', 'lhr'] });
  expect(await group.getByRole('button', { name: `Remove location lhr from ${SCENARIO_GROUP}` }).count()).toBe(0);

  // A token: shown once, then forgotten, and never kept in storage.
  await page.getByRole('button', { name: 'Mint token for default' }).click();
  const token = page.locator('[data-token]');
  await token.waitFor({ timeout: SETTLE_MS });
  const jwt = (await token.textContent())?.match(/eyJ[\w-]*\.[\w-]*\.[\w-]*/)?.[0];
  expect(jwt, 'the minted JWT is shown').toBeDefined();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored.includes(jwt ?? '')).toBe(false);
  // The Dismiss beside the token (a toast may have one of its own).
  const reveal = token.locator('xpath=ancestor::*[.//button[normalize-space()="Dismiss"]][1]');
  expect(await reveal.getByRole('button', { name: 'Copy token for default' }).count()).toBe(1);
  await reveal.getByRole('button', { name: 'Dismiss token for default', exact: true }).click();
  await token.waitFor({ state: 'detached' });
  expect(await page.content()).not.toContain(jwt);
  // Destructive, so it asks first; then it says when it is done.
  await page.getByRole('button', { name: 'Invalidate tokens of default' }).click();
  const defaultRow = await watchGroup(page, 'default');
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm invalidate' }).click();
  await expect.poll(async () => (await defaultRow.read()).states).toEqual(['idle', 'pending', 'idle']);
  await page.locator('[data-toast]').filter({ hasText: 'Tokens of default invalidated' }).waitFor({ timeout: SETTLE_MS });

  // Delete, with a confirmation that can be cancelled.
  await group.getByRole('button', { name: `Delete ${SCENARIO_GROUP}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await group.count()).toBe(1);
  await group.getByRole('button', { name: `Delete ${SCENARIO_GROUP}` }).click();
  await dialog.getByRole('button', { name: 'Confirm delete' }).click();
  await group.waitFor({ state: 'detached', timeout: SETTLE_MS });

  // The server panel clears, the event log has kept count, and nothing went wrong in the page.
  await panel.getByRole('button', { name: 'Clear faults' }).click();
  await expect.poll(async () => (await faults(session)).latencyMs).toBe(0);
  const events = await page.locator('ol[data-event-log][aria-label="Events"] > li').count();
  expect(events).toBeGreaterThan(0);
  expect(events).toBeLessThanOrEqual(50);
  expect(await page.locator('[data-list-status]').textContent()).toMatch(/success/);
  expect(session.consoleErrors).toEqual([]);
}

/** The shared end-to-end scenario on one built dashboard; each `test/e2e/<dashboard>.e2e.test.ts` calls it. */
export async function runDashboardScenario(dashboard: DashboardName): Promise<void> {
  const session = await openDashboard(dashboard);
  await runScenario(session);
}
