// Today's Groups contract in the four built dashboards, in Chromium, against
// the DOM contract they share: a delete-protection switch per group
// (optimistic, then confirmed; a refusal turned back with its reason), Delete
// waiting with its reason while protection is on, an archived group's badge
// and Unarchive (the server panel archives one), and Transfer to the second
// organization `npm start` seeds, in a dialog of two steps. Focus, accessible
// names, axe-core and a phone's width are checked on the page these leave.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { API_PATH, DASHBOARDS } from '../../examples/server/dashboardServer.js';
import type { FaultState } from '../../examples/shared/emulatorControl.js';
import { openDashboard, type DashboardSession } from './dashboardHarness.js';
import { expectLoaded, groupItem } from './dashboardScenario.js';
import { accessibleName, API, focusedName, holdRequests, overflowProblems, runAxe } from './uxSupport.js';

/** Long enough for a reconciled failure (a re-read after it) on a slow machine; each wait ends as soon as it is met. */
const SETTLE_MS = 15_000;

type CardState = 'optimistic' | 'pending' | 'unconfirmed' | 'idle';

function waitForState(item: Locator, state: CardState): Promise<void> {
  return item.and(item.page().locator(`[data-state="${state}"]`)).waitFor({ timeout: SETTLE_MS });
}

function serverPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Server panel' });
}

/** The emulator as the server holds it, asked from outside the page (the server adds the token). */
async function emulated<T>(session: DashboardSession, path: string): Promise<T> {
  const response = await fetch(new URL(`${API_PATH}/v1/organizations/${path}`, session.url));
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** The groups of `org` in the emulator itself: the page's API serves its own organization only, as the proxy does. */
function groupNames(session: DashboardSession, org: string): string[] {
  if (session.emulator === undefined) throw new Error('no emulator behind this dashboard');
  return session.emulator.snapshot(org).groups.map((group) => group.name);
}

async function faults(session: DashboardSession): Promise<FaultState> {
  return (await (await fetch(new URL('/__emulator/faults', session.url))).json()) as FaultState;
}

/** Arms the next `count` requests of `operation` to fail with `kind`, through the server panel. */
async function arm(session: DashboardSession, operation: string, kind: string, count = 1): Promise<void> {
  const panel = serverPanel(session.page);
  await panel.getByLabel('Operation', { exact: true }).selectOption(operation);
  await panel.getByLabel('Failure', { exact: true }).selectOption(kind);
  await panel.getByLabel('Next N requests').fill(String(count));
  await panel.getByRole('button', { name: 'Inject failure' }).click();
  await expect.poll(async () => (await faults(session)).failures).toEqual([{ operation, kind, remaining: count }]);
}

/** The text of the element that describes `control` (aria-describedby), or undefined. */
async function description(page: Page, control: Locator): Promise<string | undefined> {
  const id = await control.getAttribute('aria-describedby');
  if (id === null) return undefined;
  const described = page.locator(`[id="${id}"]`);
  expect(await described.isVisible(), 'the reason is on screen').toBe(true);
  return (await described.textContent())?.trim();
}

/** Every visible control in every card names its group. */
async function expectControlsNameTheirGroup(page: Page): Promise<void> {
  for (const card of await page.locator('ul[aria-label="Groups"] > li[data-group]').all()) {
    const group = (await card.getAttribute('data-group')) ?? '';
    for (const control of await card.locator('button:visible, select:visible, input:visible').all()) {
      expect(await accessibleName(control)).toContain(group);
    }
  }
}

describe.each(DASHBOARDS)('the %s dashboard and today\'s contract', (dashboard) => {
  it('turns delete protection on at once, then confirmed; Delete waits with its reason while it is on; a refusal is turned back and said', async () => {
    const session = await openDashboard(dashboard);
    const { page } = session;
    await expectLoaded(page);
    const eu = groupItem(page, 'eu');
    const protection = eu.getByRole('switch', { name: 'Delete protection for eu', exact: true });
    const remove = eu.getByRole('button', { name: 'Delete eu', exact: true });
    expect(await protection.getAttribute('aria-checked')).toBe('false');
    expect(await remove.getAttribute('aria-disabled')).not.toBe('true');
    expect(await description(page, remove)).toBeUndefined();

    // On: shown at once, the card pending, in words; confirmed once the server answers.
    const held = await holdRequests(page, 'PATCH', API.configuration('eu'));
    await protection.click();
    await waitForState(eu, 'pending');
    expect(await protection.getAttribute('aria-checked')).toBe('true');
    expect(await eu.locator('[data-state-label]:visible').innerText()).toBe('changing the delete protection…');
    held.release();
    await waitForState(eu, 'idle');
    expect(await protection.getAttribute('aria-checked')).toBe('true');
    expect(await emulated(session, 'demo/groups/eu/configuration')).toEqual({ delete_protection: true });
    expect(await focusedName(page)).toBe('Delete protection for eu');

    // Delete waits, with its reason beside it and tied to it; it stays focusable, and Enter opens nothing.
    expect(await remove.getAttribute('aria-disabled')).toBe('true');
    expect(await description(page, remove)).toBe('Turn off delete protection to delete eu');
    await remove.focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await focusedName(page)).toBe('Delete eu');
    expect(groupNames(session, 'demo')).toContain('eu');

    // Off again, from the keyboard: Delete works.
    await protection.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => protection.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => emulated(session, 'demo/groups/eu/configuration')).toEqual({ delete_protection: false });
    await waitForState(eu, 'idle');
    expect(await remove.getAttribute('aria-disabled')).not.toBe('true');
    expect(await description(page, remove)).toBeUndefined();
    expect(await eu.locator('[data-delete-blocked]').count()).toBe(0);

    // Refused by the server: on at once, then turned back, with why in the card, the toast and the log.
    await arm(session, 'updateConfiguration', '500');
    const refused = await holdRequests(page, 'PATCH', API.configuration('eu'));
    await protection.click();
    await waitForState(eu, 'pending');
    expect(await protection.getAttribute('aria-checked')).toBe('true');
    refused.release();
    await eu.locator('[data-error]').filter({ hasText: "Couldn't turn on delete protection: the server failed (500)" }).waitFor({ timeout: SETTLE_MS });
    await waitForState(eu, 'idle');
    expect(await protection.getAttribute('aria-checked')).toBe('false');
    expect(await remove.getAttribute('aria-disabled')).not.toBe('true');
    await page.locator('[data-toast]').filter({ hasText: "Couldn't turn on delete protection for eu: the server failed (500)" }).waitFor({ timeout: SETTLE_MS });
    await page.locator('ol[data-event-log] > li').filter({ hasText: /turn on delete protection for eu: (failed: the server failed \(500\)|no readable answer)/ }).first().waitFor();
    expect(await emulated(session, 'demo/groups/eu/configuration')).toEqual({ delete_protection: false });
    expect(session.consoleErrors).toEqual([]);
  });

  it('shows an archived group with its badge and Unarchive; the server panel archives one; Unarchive takes the badge away at once', async () => {
    const session = await openDashboard(dashboard);
    const { page } = session;
    await expectLoaded(page);
    const apac = groupItem(page, 'apac');
    const panel = serverPanel(page);
    expect(await apac.locator('[data-archived]').count()).toBe(0);

    // Archived on the server, as Turso archives an idle group: the page reads the groups and shows it.
    await panel.getByLabel('Group to archive', { exact: true }).selectOption('apac');
    await panel.getByRole('button', { name: 'Archive group' }).click();
    await panel.getByText('apac is archived, as Turso archives an idle group; the groups are read again to show it.').waitFor({ timeout: SETTLE_MS });
    const badge = apac.locator('[data-archived]');
    await badge.waitFor({ timeout: SETTLE_MS });
    expect(await badge.textContent()).toBe('Archived');
    await expect.poll(() => panel.getByLabel('Group to archive', { exact: true }).locator('option').allTextContents()).toEqual(['default', 'eu']);
    expect((await emulated<{ group: { archived: boolean } }>(session, 'demo/groups/apac')).group.archived).toBe(true);

    // Unarchive: the badge goes at once, the card says what it does, the focus moves to the group's name.
    const unarchive = apac.getByRole('button', { name: 'Unarchive apac', exact: true });
    const held = await holdRequests(page, 'POST', API.unarchive('apac'));
    await unarchive.click();
    await waitForState(apac, 'pending');
    expect(await badge.count()).toBe(0);
    expect(await unarchive.count()).toBe(0);
    expect(await apac.locator('[data-state-label]:visible').innerText()).toBe('unarchiving…');
    expect(await focusedName(page)).toBe('apac');
    held.release();
    await waitForState(apac, 'idle');
    await page.locator('[data-toast][role="status"]').filter({ hasText: 'apac unarchived: its databases are active again.' }).waitFor({ timeout: SETTLE_MS });
    expect(await badge.count()).toBe(0);
    expect((await emulated<{ group: { archived: boolean } }>(session, 'demo/groups/apac')).group.archived).toBe(false);

    // A refused unarchive brings the badge back, with why.
    await panel.getByLabel('Group to archive', { exact: true }).selectOption('apac');
    await panel.getByRole('button', { name: 'Archive group' }).click();
    await badge.waitFor({ timeout: SETTLE_MS });
    await arm(session, 'unarchive', '500');
    await unarchive.click();
    await apac.locator('[data-error]').filter({ hasText: "Couldn't unarchive the group: the server failed (500)" }).waitFor({ timeout: SETTLE_MS });
    await badge.waitFor();
    await page.locator('[data-toast]').filter({ hasText: "Couldn't unarchive the group apac: the server failed (500)" }).waitFor({ timeout: SETTLE_MS });
    expect(session.consoleErrors).toEqual([]);
  });

  it('transfers a group to the other organization after choosing and confirming, in a dialog whose focus follows each step; a refusal brings it back', async () => {
    const session = await openDashboard(dashboard);
    const { page } = session;
    await expectLoaded(page);
    const eu = groupItem(page, 'eu');
    const transfer = eu.getByRole('button', { name: 'Transfer eu', exact: true });
    const dialog = page.getByRole('dialog');

    // Step one: where to, the focus on the organization; Escape changes nothing and hands the focus back.
    await transfer.click();
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Transfer the group “eu”');
    expect(await focusedName(page)).toBe('Organization to transfer eu to');
    expect(await dialog.getByLabel('Organization to transfer eu to').locator('option').allTextContents()).toEqual(['staging']);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe('Transfer eu');

    // Step two: the question, both organizations named, the focus on Cancel; Back returns to the choice.
    await transfer.click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    // Drawn once the click's change is rendered: by the click's end in some frameworks, a task later in Angular's.
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe('Transfer “eu” to staging?');
    expect(await dialog.locator('p').first().textContent()).toBe('It leaves demo with its databases and is listed in staging instead: only someone in staging can move it back.');
    await expect.poll(() => focusedName(page)).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => focusedName(page)).toBe('Organization to transfer eu to');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe('Transfer eu');
    expect(groupNames(session, 'demo')).toContain('eu');

    // Refused: gone at once, back with why.
    await arm(session, 'transfer', '500');
    await transfer.click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Confirm transfer' }).click();
    await eu.locator('[data-error]').filter({ hasText: "Couldn't transfer the group: the server failed (500)" }).waitFor({ timeout: SETTLE_MS });
    await page.locator('[data-toast]').filter({ hasText: "Couldn't transfer the group eu to staging: the server failed (500)" }).waitFor({ timeout: SETTLE_MS });
    await waitForState(eu, 'idle');
    expect(groupNames(session, 'staging')).toEqual([]);

    // Confirmed: gone from the list at once, the focus on the list's heading, said once done, and in staging on the server.
    const held = await holdRequests(page, 'POST', API.transfer('eu'));
    await transfer.click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Confirm transfer' }).click();
    await eu.waitFor({ state: 'detached' });
    await expect.poll(() => focusedName(page)).toBe('Groups');
    held.release();
    await page.locator('[data-toast][role="status"]').filter({ hasText: 'eu transferred to staging: it is listed there now, not here.' }).waitFor({ timeout: SETTLE_MS });
    expect(groupNames(session, 'staging')).toEqual(['eu']);
    expect(groupNames(session, 'demo')).not.toContain('eu');
    await page.locator('ol[data-event-log] > li').filter({ hasText: 'transfer eu to staging: done' }).waitFor();
    expect(await eu.count()).toBe(0);
    expect(session.consoleErrors).toEqual([]);
  });

  it('names the group in every new control, has no axe-core violation, and fits a phone, with protection on, an archived group and the transfer dialog open', async () => {
    const session = await openDashboard(dashboard);
    const { page } = session;
    await expectLoaded(page);
    const eu = groupItem(page, 'eu');
    const apac = groupItem(page, 'apac');
    await eu.getByRole('switch', { name: 'Delete protection for eu', exact: true }).click();
    await eu.locator('[data-delete-blocked]').waitFor();
    await expect.poll(() => emulated(session, 'demo/groups/eu/configuration')).toEqual({ delete_protection: true });
    await waitForState(eu, 'idle');
    await serverPanel(page).getByLabel('Group to archive', { exact: true }).selectOption('apac');
    await serverPanel(page).getByRole('button', { name: 'Archive group' }).click();
    await apac.locator('[data-archived]').waitFor({ timeout: SETTLE_MS });

    for (const [group, controls] of [
      ['eu', ['Delete protection for eu', 'Transfer eu', 'Delete eu']],
      ['apac', ['Delete protection for apac', 'Unarchive apac', 'Transfer apac', 'Delete apac']],
    ] as const) {
      for (const control of controls) {
        const role = control.startsWith('Delete protection') ? 'switch' : 'button';
        expect(await groupItem(page, group).getByRole(role, { name: control, exact: true }).count(), control).toBe(1);
      }
    }
    await expectControlsNameTheirGroup(page);
    // The switch, Transfer and Unarchive, each a target of at least 24 × 24 px.
    const targets = await page.locator('[data-group] .group-head button:visible').all();
    expect(targets.length).toBe(3 * 2 + 1);
    for (const target of targets) {
      const box = await target.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(24);
      expect(box?.height).toBeGreaterThanOrEqual(24);
    }

    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      expect(await overflowProblems(page), `at ${width} px`).toEqual([]);
    }
    const report = await runAxe(page);
    expect(report.violations).toEqual([]);
    expect(report.passed).toEqual(expect.arrayContaining(['color-contrast', 'button-name', 'aria-allowed-attr', 'aria-valid-attr-value', 'target-size']));

    // The transfer dialog, open at the question, on a phone too.
    await eu.getByRole('button', { name: 'Transfer eu', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Next' }).click();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      expect(await overflowProblems(page), `at ${width} px, the dialog open`).toEqual([]);
    }
    const withDialog = await runAxe(page);
    expect(withDialog.violations).toEqual([]);
    expect(session.consoleErrors).toEqual([]);
  });
});
