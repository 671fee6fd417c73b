// What a new user was misled by, checked on each of the five built dashboards
// in Chromium against the DOM contract they share (roles, labels, data
// attributes): failed loads that say so and recover, a create form that
// refuses a taken name and keeps what was typed, focus that stays where the
// user works, a confirmation before invalidating tokens, toasts that go away
// and never cover the event log, plain words, the same look in the five, and
// an axe-core scan with no violation.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../../examples/server/dashboardServer.js';
import { openDashboard } from './dashboardHarness.js';
import { expectLoaded, groupItem, runScenario } from './dashboardScenario.js';
import { accessibleName, API, countRequests, failRequests, focusedName, holdRequests, intersects, overflowProblems, runAxe } from './uxSupport.js';

/** Long enough for the transport's retries of a read and a slow CI machine; each wait ends as soon as it is met. */
const SETTLE_MS = 15_000;
/** Longer than the toasts' own 5 s and 10 s, so a toast that should go has time to. */
const TOAST_GONE_MS = 20_000;

/** The texts the dashboards must never show: library and developer internals. */
const INTERNALS = [/injected/i, /expected \{/, /SAVING/, /events\$/, /addLocation|removeLocation|invalidateTokens|mintToken|getConfiguration|updateConfiguration/, /\[object /, /GroupsError/];

async function visibleText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

/** What the dashboard itself says: everything but the server panel, a developer's tool that names operations as the API does. */
async function dashboardText(page: Page): Promise<string> {
  const parts = await Promise.all(['header', 'main .main', 'section:has(> ol[data-event-log])'].map((selector) => page.locator(selector).innerText()));
  return parts.join('\n');
}

function expectPlain(text: string): void {
  for (const internal of INTERNALS) expect(text, `the page shows ${internal}`).not.toMatch(internal);
}

describe.each(DASHBOARDS)('the %s dashboard never misleads', (dashboard) => {
  it('says a first load of the groups failed, with the reason and "Try again"; the locations come back with the list', async () => {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);
    const list = await failRequests(page, 'GET', API.groups);
    const locations = await failRequests(page, 'GET', API.locations);
    await page.reload();

    const problem = page.locator('[data-list-problem]');
    await problem.waitFor({ timeout: SETTLE_MS });
    expect(await problem.textContent()).toMatch(/Couldn't load the groups: the server failed \(500\)/);
    expect(await problem.getAttribute('role')).toBe('alert');
    await page.locator('[data-list-status]').filter({ hasText: /^\s*error\s*$/ }).waitFor();
    expect(await visibleText(page)).not.toMatch(/No groups/i);
    await page.locator('[data-create-blocked]').filter({ hasText: "Couldn't load the locations" }).waitFor({ timeout: SETTLE_MS });

    // The server is back: "Try again" loads the list, and the locations are read again with it.
    list.stop();
    locations.stop();
    await problem.getByRole('button', { name: 'Try again' }).click();
    await expectLoaded(page);
    await problem.waitFor({ state: 'detached' });
    await page.locator('[data-create-blocked]').waitFor({ state: 'hidden', timeout: SETTLE_MS });
    expect(await page.getByLabel('Location', { exact: true }).locator('option').count()).toBeGreaterThan(1);
    expect(consoleErrors).toEqual([]);
  });

  it('says why Create waits while the locations failed, and reads them again on "Refresh"', async () => {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);
    const locations = await failRequests(page, 'GET', API.locations);
    await page.reload();
    await expectLoaded(page);

    const create = page.getByRole('button', { name: 'Create group' });
    await page.getByLabel('Group name', { exact: true }).fill('waits');
    const why = page.locator('[data-create-blocked]').filter({ hasText: "Couldn't load the locations: the server failed (500)" });
    await why.waitFor({ timeout: SETTLE_MS });
    expect(await create.isDisabled()).toBe(true);
    // The reason is visible and tied to the button.
    const describedBy = await create.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/Couldn't load the locations/);
    expect(await page.locator(`[id="${describedBy}"]`).isVisible()).toBe(true);
    expect(await page.getByLabel('Location', { exact: true }).textContent()).toMatch(/Locations unavailable/);

    locations.stop();
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await why.waitFor({ state: 'hidden', timeout: SETTLE_MS });
    await expect.poll(() => create.isEnabled()).toBe(true);
    expect(await create.getAttribute('aria-describedby')).toBeNull();
    expect(consoleErrors).toEqual([]);
  });

  it('refuses a taken name as it is typed, keeps the form when a create fails, and puts the focus back in the name', async () => {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);
    const name = page.getByLabel('Group name', { exact: true });
    const location = page.getByLabel('Location', { exact: true });
    const create = page.getByRole('button', { name: 'Create group' });

    await name.fill('default');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    const hint = page.locator(`[id="${await name.getAttribute('aria-describedby')}"]`);
    expect(await hint.textContent()).toMatch(/“default” exists already/);
    expect(await create.isDisabled()).toBe(true);

    const failing = await failRequests(page, 'POST', API.groups);
    await name.fill('keeps-values');
    await location.selectOption('fra');
    await create.click();
    // Ready for the next at once: empty, focused.
    await expect.poll(() => focusedName(page)).toBe('Group name');
    await page.locator('[data-toast]').filter({ hasText: "Couldn't create the group keeps-values: the server failed (500)" }).waitFor({ timeout: SETTLE_MS });
    await expect.poll(() => name.inputValue()).toBe('keeps-values');
    expect(await location.inputValue()).toBe('fra');
    await groupItem(page, 'keeps-values').waitFor({ state: 'detached', timeout: SETTLE_MS });
    expect(failing.hits()).toBe(1);

    failing.stop();
    await expect.poll(() => create.isEnabled()).toBe(true);
    await create.click();
    await groupItem(page, 'keeps-values').and(page.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });
    await groupItem(page, 'keeps-values').locator('[data-location="fra"][data-primary]').waitFor();
    expect(await name.inputValue()).toBe('');
    expect(consoleErrors).toEqual([]);
  });

  it('keeps the focus where the user works, names the group in every control, and skips to the groups', async () => {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);

    // The first Tab reaches the skip link, shown; Enter takes the focus to the groups.
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Skip to the groups');
    const skip = page.getByRole('link', { name: 'Skip to the groups' });
    const skipBox = await skip.boundingBox();
    expect(skipBox !== null && skipBox.y >= 0 && skipBox.width > 0).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('Groups');

    // Every remove button is a target of at least 24 × 24 px.
    const removes = page.locator('[data-location] button');
    expect(await removes.count()).toBeGreaterThan(0);
    for (const box of await Promise.all((await removes.all()).map((button) => button.boundingBox()))) {
      expect(box?.width).toBeGreaterThanOrEqual(24);
      expect(box?.height).toBeGreaterThanOrEqual(24);
    }

    // Every control of a group names the group.
    const eu = groupItem(page, 'eu');
    for (const control of ['Location to add to eu', 'Add location to eu', 'Remove location ams from eu', 'Delete eu', 'Mint token for eu', 'Invalidate tokens of eu']) {
      expect(await eu.getByRole(control.startsWith('Location') ? 'combobox' : 'button', { name: control, exact: true }).count(), control).toBe(1);
    }
    for (const card of await page.locator('ul[aria-label="Groups"] > li[data-group]').all()) {
      const group = (await card.getAttribute('data-group')) ?? '';
      for (const control of await card.locator('button:visible, select:visible, input:visible').all()) {
        expect(await accessibleName(control)).toContain(group);
      }
    }

    // A removal moves the focus to the next remove button, then to the group's add-location select.
    const apac = groupItem(page, 'apac');
    await apac.getByRole('button', { name: 'Remove location syd from apac' }).click();
    expect(await focusedName(page)).toBe('Remove location aws-ap-south-1 from apac');
    await apac.getByRole('button', { name: 'Remove location aws-ap-south-1 from apac' }).click();
    await expect.poll(() => focusedName(page)).toBe('Location to add to apac');
    await apac.and(page.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });
    expect(await focusedName(page)).toBe('Location to add to apac');

    // A toast does not take the focus.
    const failing = await failRequests(page, 'POST', API.location('eu', 'lhr'));
    await eu.getByLabel('Location to add to eu').selectOption('lhr');
    await eu.getByRole('button', { name: 'Add location to eu' }).click();
    await page.locator('[data-toast]').first().waitFor({ timeout: SETTLE_MS });
    expect(await focusedName(page)).toBe('Add location to eu');
    failing.stop();
    expect(consoleErrors).toEqual([]);
  });

  it('asks before invalidating tokens and says when it is done; toasts go, failures stay where they are shown, none covers the event log', async () => {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);
    const rotations = countRequests(page, 'POST', API.rotate('default'));
    const eu = groupItem(page, 'eu');
    const fallback = groupItem(page, 'default');
    const log = page.locator('section:has(> ol[data-event-log])');

    // Cancel: nothing sent, the focus back on the button.
    await fallback.getByRole('button', { name: 'Invalidate tokens of default' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Invalidate the tokens of “default”?');
    expect(await focusedName(page)).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe('Invalidate tokens of default');
    expect(rotations()).toBe(0);

    // A create that fails is told until dismissed (its card went with the rollback).
    const creates = await failRequests(page, 'POST', API.groups);
    await page.getByLabel('Group name', { exact: true }).fill('sticky');
    await page.getByRole('button', { name: 'Create group' }).click();
    const stays = page.locator('[data-toast]').filter({ hasText: "Couldn't create the group sticky" });
    await stays.waitFor({ timeout: SETTLE_MS });
    creates.stop();

    // A failed location is shown in its card: its toast goes by itself, the card keeps it.
    const adds = await failRequests(page, 'POST', API.location('eu', 'lhr'));
    await eu.getByLabel('Location to add to eu').selectOption('lhr');
    await eu.getByRole('button', { name: 'Add location to eu' }).click();
    const inCard = page.locator('[data-toast]').filter({ hasText: "Couldn't add the location to eu: the server failed (500)" });
    await inCard.waitFor({ timeout: SETTLE_MS });
    await eu.locator('[data-error]').filter({ hasText: "Couldn't add the location: the server failed (500)" }).waitFor({ timeout: SETTLE_MS });
    adds.stop();

    // Confirm: sent, and said once done.
    await fallback.getByRole('button', { name: 'Invalidate tokens of default' }).click();
    await dialog.getByRole('button', { name: 'Confirm invalidate' }).click();
    const done = page.locator('[data-toast][role="status"]').filter({ hasText: 'Tokens of default invalidated' });
    await done.waitFor({ timeout: SETTLE_MS });
    expect(rotations()).toBe(1);

    // Three toasts at once, none over the event log: on a wide window, and on a phone at every scroll position.
    const expectClearOfLog = async (): Promise<void> => {
      const logBox = await log.boundingBox();
      expect(logBox).not.toBeNull();
      for (const toast of await page.locator('[data-toast]').all()) {
        const box = await toast.boundingBox();
        if (box !== null && logBox !== null) expect(intersects(box, logBox), `${await toast.textContent()} covers the event log`).toBe(false);
      }
    };
    expect(await page.locator('[data-toast]').count()).toBe(3);
    await expectClearOfLog();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const top of [0, 0.25, 0.5, 0.75, 1]) {
      await page.evaluate((fraction) => window.scrollTo(0, fraction * (document.documentElement.scrollHeight - innerHeight)), top);
      await expectClearOfLog();
    }
    await log.scrollIntoViewIfNeeded();
    await expectClearOfLog();

    // The success and the failure its card still shows go by themselves; the other failure stays until dismissed.
    await done.waitFor({ state: 'detached', timeout: TOAST_GONE_MS });
    await inCard.waitFor({ state: 'detached', timeout: TOAST_GONE_MS });
    expect(await eu.locator('[data-error]').textContent()).toBe("Couldn't add the location: the server failed (500)");
    expect(await stays.count()).toBe(1);
    await stays.getByRole('button', { name: 'Dismiss message' }).click();
    await stays.waitFor({ state: 'detached' });
    // Its button went with it: the focus moved on to the groups, not to the top of the page.
    expect(await focusedName(page)).toBe('Groups');
    expect(consoleErrors).toEqual([]);
  });

  it('speaks plainly: in the cards, the toasts, the states and the event log', async () => {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);
    const eu = groupItem(page, 'eu');

    // A change in flight says what it is doing, in words.
    const slow = await holdRequests(page, 'POST', API.location('eu', 'nrt'));
    await eu.getByLabel('Location to add to eu').selectOption('nrt');
    await eu.getByRole('button', { name: 'Add location to eu' }).click();
    await eu.and(page.locator('[data-state="pending"]')).waitFor();
    expect(await eu.locator('[data-state-label]:visible').innerText()).toBe('adding a location…');
    slow.release();
    await eu.and(page.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });

    // A failure says what could not be done and why, with the status for whoever reports it.
    const failing = await failRequests(page, 'POST', API.location('eu', 'lhr'));
    await eu.getByLabel('Location to add to eu').selectOption('lhr');
    await eu.getByRole('button', { name: 'Add location to eu' }).click();
    await expect.poll(() => eu.locator('[data-error]').textContent(), { timeout: SETTLE_MS }).toBe("Couldn't add the location: the server failed (500)");
    await page.locator('[data-toast]').filter({ hasText: "Couldn't add the location to eu: the server failed (500)" }).waitFor();
    failing.stop();

    const events = page.locator('ol[data-event-log] > li');
    await events.filter({ hasText: 'add location nrt to eu: started' }).waitFor();
    await events.filter({ hasText: 'add location nrt to eu: done' }).waitFor();
    await events.filter({ hasText: /add location lhr to eu: .*the server failed \(500\)|add location lhr to eu: no readable answer/ }).first().waitFor({ timeout: SETTLE_MS });
    await events.filter({ hasText: /#1 load the groups: (started|done)/ }).first().waitFor();
    expectPlain(await dashboardText(page));
    expect(consoleErrors).toEqual([]);
  });

  it('looks and behaves like the others: title, refresh, token panel, labels, 24-hour times, nothing too wide at 390 px', async () => {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Turso groups · (React|Vue|Svelte|Angular|plain TypeScript)$/);
    // The header's two lines: what it shows (the organization, the API), and the change feed's status.
    expect(await page.locator('header p:not([role="status"])').textContent()).toBe('Organization demo · the embedded emulator');
    const live = page.locator('header [role="status"][data-feed-status]');
    await live.and(page.locator('[data-feed-status="connected"]')).waitFor({ timeout: SETTLE_MS });
    expect(await live.textContent()).toBe('Live: connected');
    expect(await page.getByRole('button', { name: 'Refresh', exact: true }).count()).toBe(1);
    for (const label of ['Group name', 'Location']) expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
    for (const region of ['Create a group', 'Groups', 'Events']) expect(await page.getByRole('region', { name: region, exact: true }).count()).toBe(1);

    // The token panel: in the group's card, the same words and buttons, focus on "Copy token".
    const eu = groupItem(page, 'eu');
    await eu.getByRole('button', { name: 'Mint token for eu' }).click();
    const panel = eu.getByRole('group', { name: 'New token for eu' });
    await panel.locator('[data-token]').waitFor({ timeout: SETTLE_MS });
    expect(await panel.locator('p').first().textContent()).toBe('Shown once: copy it now. It is kept nowhere once dismissed.');
    expect(await panel.getByRole('button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')))).toEqual(['Copy token for eu', 'Dismiss token for eu']);
    await expect.poll(() => focusedName(page)).toBe('Copy token for eu');

    // Every time shown reads on the 24-hour clock.
    await page.locator('ol[data-event-log] time').first().waitFor();
    const times = await page.locator('time').allTextContents();
    expect(times.length).toBeGreaterThan(1);
    for (const time of times) expect(time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(await visibleText(page)).not.toMatch(/\d (AM|PM)\b/);

    // A phone: nothing wider than the window, no select that cuts its text.
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      const problems = await overflowProblems(page);
      expect(problems, `at ${width} px`).toEqual([]);
    }
    expect(consoleErrors).toEqual([]);
  });

  it('shows "checking with the server" while a change whose answer was lost is checked, and logs every step in words', async () => {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);
    const eu = groupItem(page, 'eu');
    const events = page.locator('ol[data-event-log] > li');
    const stateLabel = eu.locator('[data-state-label]:visible');

    // The server never got it: checked, found missing, taken back, and told.
    const lost = await failRequests(page, 'POST', API.location('eu', 'lhr'));
    const reread = await holdRequests(page, 'GET', API.group('eu'));
    await eu.getByLabel('Location to add to eu').selectOption('lhr');
    await eu.getByRole('button', { name: 'Add location to eu' }).click();
    await eu.and(page.locator('[data-state="unconfirmed"]')).waitFor({ timeout: SETTLE_MS });
    expect(await stateLabel.innerText()).toBe('checking with the server…');
    expect(await eu.locator('[data-location="lhr"]').count()).toBe(1);
    await events.filter({ hasText: 'add location lhr to eu: no readable answer, checking with the server…' }).waitFor();
    expect(await page.locator('[data-toast]').count()).toBe(0);
    lost.stop();
    reread.release();
    await eu.and(page.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });
    await events.filter({ hasText: 'add location lhr to eu: the server does not have the change, so it is taken back' }).waitFor();
    await eu.locator('[data-location="lhr"]').waitFor({ state: 'detached' });
    expect(await eu.locator('[data-error]').textContent()).toBe("Couldn't add the location: the server failed (500)");
    await page.locator('[data-toast]').filter({ hasText: "Couldn't add the location to eu: the server failed (500)" }).waitFor();

    // The server made it, the answer was lost: checked, found there, kept, and nothing to alarm anyone.
    await page.locator('[data-toast]').getByRole('button', { name: 'Dismiss message' }).click();
    const made = await failRequests(page, 'POST', API.location('eu', 'nrt'), { afterServer: true });
    await eu.getByLabel('Location to add to eu').selectOption('nrt');
    await eu.getByRole('button', { name: 'Add location to eu' }).click();
    await events.filter({ hasText: 'add location nrt to eu: the server has the change' }).waitFor({ timeout: SETTLE_MS });
    await eu.and(page.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });
    expect(await eu.locator('[data-location="nrt"]').count()).toBe(1);
    expect(await page.locator('[data-toast]').count()).toBe(0);
    made.stop();

    // A read the transport retries says so, with the wait and the try.
    await failRequests(page, 'GET', API.groups, { times: 1 });
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await events.filter({ hasText: /load the groups: retrying in \d+\.\d s \(attempt 2\): the server failed \(500\)/ }).waitFor({ timeout: SETTLE_MS });
    await page.locator('[data-list-status]').filter({ hasText: /^\s*success\s*$/ }).waitFor();
    expectPlain(await dashboardText(page));
    expect(consoleErrors).toEqual([]);
  });

  it('has no accessibility violation axe-core can find, after the main flow', async () => {
    const session = await openDashboard(dashboard);
    await runScenario(session);
    const report = await runAxe(session.page);
    expect(report.violations).toEqual([]);
    // It did look: the rules behind this page's fixes ran and passed.
    expect(report.passed).toEqual(expect.arrayContaining(['color-contrast', 'label', 'button-name', 'region', 'scrollable-region-focusable', 'target-size']));
  });
});
