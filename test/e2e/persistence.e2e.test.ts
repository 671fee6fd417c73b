// The dashboards persist (localStorage): a reload shows the groups before any
// request answers, a create made offline survives a reload and reaches the
// server exactly once with two tabs open, a corrupted entry or a full storage
// leaves the page working, and neither the token nor a JWT is ever stored.
// On the React dashboard (examples/react, built by `npm run build:examples`),
// and the first on the Angular one too.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, onTestFinished, test } from 'vitest';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { listen } from '../../src/emulator/node.js';
import { API_PATH } from '../../examples/server/dashboardServer.js';
import { openDashboard, type DashboardSession } from './dashboardHarness.js';
import { expectLoaded, groupItem } from './dashboardScenario.js';

const KEY = 'turso-groups-store:demo@emulator';
const SETTLE_MS = 8_000;

const listStatus = (page: Page): Promise<string | null> => page.locator('[data-list-status]').textContent().then((text) => text?.trim() ?? null);

async function setLatency(session: DashboardSession, ms: number): Promise<void> {
  const response = await fetch(new URL('/__emulator/faults', session.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'latency', ms }) });
  expect(response.status).toBe(200);
}

/** Everything the page's storage holds, localStorage and every IndexedDB database, as text. */
function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const { name } of await indexedDB.databases()) {
      if (name === undefined) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of db.objectStoreNames) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        parts.push(JSON.stringify(values));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

/**
 * While the browser is offline, the page and its configuration still come
 * from the server (as a service worker's cache would serve them), so a tab
 * can reload; the API does not answer.
 */
async function servePageOffline(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith(API_PATH)) return route.abort('internetdisconnected');
    const response = await fetch(url);
    return route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
  });
}

/** The creates of `name` that left this page for the server. */
function watchCreates(page: Page, name: string): string[] {
  const creates: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/groups') && request.postData()?.includes(`"${name}"`)) creates.push(request.url());
  });
  return creates;
}

/** Two tabs of the dashboard in one browser, both loaded; `name`'s creates counted as they leave either. */
async function twoTabs(name: string): Promise<{ session: DashboardSession; one: Page; two: Page; context: BrowserContext; creates: string[][] }> {
  const session = await openDashboard('react');
  const one = session.page;
  const context = one.context();
  const two = await context.newPage();
  await two.goto(session.url);
  await expectLoaded(one);
  await expectLoaded(two);
  return { session, one, two, context, creates: [watchCreates(one, name), watchCreates(two, name)] };
}

/** Takes the browser offline (the pages still served) and creates `name` in tab `page`, held. */
async function createOffline(context: BrowserContext, page: Page, name: string): Promise<void> {
  await servePageOffline(context);
  await context.setOffline(true);
  await page.getByLabel('Group name', { exact: true }).fill(name);
  await page.getByLabel('Location', { exact: true }).selectOption('lhr');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(`${key}:held`) ?? '', KEY)).toContain(name);
}

describe('the React dashboard, persisted', () => {
  // The Angular dashboard uses the same store (createDashboardStore): it persists too.
  test.each(['react', 'angular'] as const)('%s: a reload shows the groups before any request answers, as restored, then the loaded list', async (dashboard) => {
    const session = await openDashboard(dashboard);
    const { page } = session;
    await expectLoaded(page);
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) !== null, KEY)).toBe(true);
    await setLatency(session, 8_000); // every answer is held 8 s
    const lists: number[] = [];
    page.on('requestfinished', (request) => {
      if (request.method() === 'GET' && /\/groups$/.test(new URL(request.url()).pathname)) lists.push(Date.now());
    });
    await page.reload();
    // Before any list answers: the groups, their cards, and the status saying they are restored.
    await groupItem(page, 'default').waitFor({ timeout: SETTLE_MS });
    expect(lists).toEqual([]);
    expect(await page.locator('ul[aria-label="Groups"] > li').count()).toBeGreaterThanOrEqual(3);
    expect(await listStatus(page)).toBe('restored');
    // Then the list lands and confirms them.
    await page.locator('[data-list-status]').filter({ hasText: /^\s*success\s*$/ }).waitFor({ timeout: 20_000 });
    expect(lists.length).toBeGreaterThanOrEqual(1);
    expect(session.consoleErrors).toEqual([]);
  });

  test('a create made offline survives a reload and reaches the server exactly once, with two tabs open', async () => {
    const { session, one, two, context, creates } = await twoTabs('held-eu');
    await createOffline(context, one, 'held-eu');
    await groupItem(one, 'held-eu').getByText('waiting for the network').waitFor({ timeout: SETTLE_MS });

    // The tab reloads while offline: the groups at once (restored, or the other tab's, which it
    // asks for over the tab channel), and the create it held, still waiting; the other tab has none.
    await one.reload();
    await groupItem(one, 'held-eu').getByText('waiting for the network').waitFor({ timeout: SETTLE_MS });
    expect(await groupItem(one, 'default').count()).toBe(1);
    expect(await groupItem(two, 'held-eu').count()).toBe(0);

    // Back online: sent once, by the reloaded tab; the other tab learns of it.
    await context.unroute('**/*');
    await context.setOffline(false);
    await groupItem(one, 'held-eu').and(one.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });
    await groupItem(two, 'held-eu').waitFor({ timeout: 20_000 });
    await two.waitForTimeout(1_000); // time for a second create to go, were one to
    expect(creates.flat()).toHaveLength(1);
    const groups = await one.evaluate(async (path) => (await (await fetch(`${path}/v1/organizations/demo/groups`)).json()) as { groups: Array<{ name: string }> }, API_PATH);
    expect(groups.groups.filter((g) => g.name === 'held-eu')).toHaveLength(1);
    expect(await one.evaluate((key) => localStorage.getItem(`${key}:held`), KEY)).toBeNull();
    expect(session.consoleErrors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  test('two tabs reloading at once restore the same held create: one takes it over, it reaches the server once', async () => {
    const { one, two, context, creates } = await twoTabs('both-eu');
    await createOffline(context, one, 'both-eu');
    await Promise.all([one.reload(), two.reload()]);
    // Exactly one of the two took it over and shows it waiting.
    await expect.poll(async () => (await groupItem(one, 'both-eu').count()) + (await groupItem(two, 'both-eu').count()), { timeout: SETTLE_MS }).toBe(1);

    await context.unroute('**/*');
    await context.setOffline(false);
    await groupItem(one, 'both-eu').and(one.locator('[data-state="idle"]')).waitFor({ timeout: 20_000 });
    await groupItem(two, 'both-eu').and(two.locator('[data-state="idle"]')).waitFor({ timeout: 20_000 });
    await two.waitForTimeout(1_000); // time for a second create to go, were one to
    expect(creates.flat()).toHaveLength(1);
  });

  test('a corrupted entry is ignored and replaced; the page loads and works', async () => {
    const { page, consoleErrors } = await openDashboard('react');
    await expectLoaded(page);
    await page.evaluate((key) => {
      localStorage.setItem(key, '{"app":"turso-groups-store","format":1,"groups":[{"name":');
      localStorage.setItem(`${key}:held`, 'not json at all');
    }, KEY);
    await page.reload();
    await expectLoaded(page);
    await expect.poll(() => page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? 'null') as { groups?: unknown[] } | null)?.groups?.length ?? 0, KEY)).toBeGreaterThanOrEqual(3);
    await page.getByLabel('Group name', { exact: true }).fill('after-corruption');
    await page.getByLabel('Location', { exact: true }).selectOption('lhr');
    await page.getByRole('button', { name: 'Create group' }).click();
    await groupItem(page, 'after-corruption').and(page.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });
    expect(consoleErrors).toEqual([]);
  });

  test('a full storage: the page works without persistence and says so once in the event log', async () => {
    const { page, consoleErrors } = await openDashboard('react');
    await expectLoaded(page);
    // Fill localStorage to its quota, leaving the dashboard's own entry out.
    await page.evaluate((key) => {
      localStorage.removeItem(key);
      const chunk = 'x'.repeat(256 * 1024);
      for (let i = 0; ; i++) {
        try {
          localStorage.setItem(`filler-${i}`, chunk);
        } catch {
          break;
        }
      }
      for (let size = 1024; size >= 1; size = Math.floor(size / 2)) {
        try {
          for (let j = 0; ; j++) localStorage.setItem(`filler-small-${size}-${j}`, 'x'.repeat(size));
        } catch {
          // full at this size: try a smaller one
        }
      }
    }, KEY);
    onTestFinished(() => page.evaluate(() => localStorage.clear()).catch(() => undefined));
    await page.reload();
    await expectLoaded(page);
    const log = page.locator('ol[data-event-log][aria-label="Events"] > li');
    await log.filter({ hasText: 'saving for the next visit stopped' }).waitFor({ timeout: SETTLE_MS });
    await page.getByLabel('Group name', { exact: true }).fill('while-full');
    await page.getByLabel('Location', { exact: true }).selectOption('lhr');
    await page.getByRole('button', { name: 'Create group' }).click();
    await groupItem(page, 'while-full').and(page.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });
    expect(await log.filter({ hasText: 'saving for the next visit stopped' }).count()).toBe(1);
    expect(await log.filter({ hasText: 'QuotaExceededError' }).count()).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  test('neither the platform token nor a minted JWT ever reaches storage', async () => {
    const token = `platform-token-${crypto.randomUUID()}`;
    const upstream = await listen(createPlatformEmulator({ org: 'acme', token, groups: [{ name: 'default', locations: ['lhr'] }] }));
    onTestFinished(() => upstream.close());
    const { page, consoleErrors } = await openDashboard('react', { real: { org: 'acme', token, upstream: upstream.url } });
    await expectLoaded(page);
    await page.getByRole('button', { name: 'Mint token for default' }).click();
    const shown = page.locator('[data-token]');
    await shown.waitFor({ timeout: SETTLE_MS });
    const jwt = (await shown.textContent())?.match(/eyJ[\w-]*\.[\w-]*\.[\w-]*/)?.[0];
    expect(jwt, 'the minted JWT is shown').toBeDefined();
    await page.getByLabel('Group name', { exact: true }).fill('after-mint');
    await page.getByLabel('Location', { exact: true }).selectOption('lhr');
    await page.getByRole('button', { name: 'Create group' }).click();
    await groupItem(page, 'after-mint').and(page.locator('[data-state="idle"]')).waitFor({ timeout: SETTLE_MS });
    // Stored by now: the groups, under this organization and the upstream it came from.
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) ?? '', `turso-groups-store:acme@${new URL(upstream.url).origin}`)).toContain('after-mint');
    const stored = await storedText(page);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(jwt);
    expect(stored).not.toContain('eyJ');
    expect(consoleErrors).toEqual([]);
  });
});
