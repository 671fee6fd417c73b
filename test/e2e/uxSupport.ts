// Helpers for the dashboards' UX checks (dashboardUx.e2e.test.ts): failures
// made in the browser's network layer, accessible names and focus read from
// the page, boxes compared, and axe-core run inside the page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page, Request, Route } from 'playwright-core';

/** The API's paths as the page asks for them (the dashboard server's `/api/turso` prefix). */
export const API = {
  locations: /\/api\/turso\/v1\/locations$/,
  groups: /\/api\/turso\/v1\/organizations\/[^/]+\/groups$/,
  group: (name: string) => new RegExp(`/api/turso/v1/organizations/[^/]+/groups/${name}$`),
  location: (group: string, location: string) => new RegExp(`/api/turso/v1/organizations/[^/]+/groups/${group}/locations/${location}$`),
  rotate: (group: string) => new RegExp(`/api/turso/v1/organizations/[^/]+/groups/${group}/auth/rotate$`),
  configuration: (group: string) => new RegExp(`/api/turso/v1/organizations/[^/]+/groups/${group}/configuration$`),
  unarchive: (group: string) => new RegExp(`/api/turso/v1/organizations/[^/]+/groups/${group}/unarchive$`),
  transfer: (group: string) => new RegExp(`/api/turso/v1/organizations/[^/]+/groups/${group}/transfer$`),
} as const;

export interface Interception {
  /** How many matching requests were answered by the interception (not passed on). */
  readonly hits: () => number;
  /** Passes every later request on to the server. */
  stop(): void;
  /** Lets held requests (and later ones) on to the server (for `hold`). */
  release(): void;
}

function matches(request: Request, method: string, path: RegExp): boolean {
  return request.method() === method && path.test(new URL(request.url()).pathname);
}

export interface FailOptions {
  /** The status answered. @default 500 */
  readonly status?: number;
  /** How many requests fail before the rest go on. @default every one until `stop()` */
  readonly times?: number;
  /**
   * Sends the request on to the server first, then answers the page with the
   * failure: the server made the change, the page cannot know it.
   * @default false
   */
  readonly afterServer?: boolean;
}

/**
 * Answers `method` requests to `path` with a status and an error body, as a
 * failing server would, until `stop()` (or `times` of them). Other requests
 * go on as usual.
 */
export async function failRequests(page: Page, method: string, path: RegExp, options: FailOptions = {}): Promise<Interception> {
  const { status = 500, times = Number.POSITIVE_INFINITY, afterServer = false } = options;
  let active = true;
  let hits = 0;
  await page.route(
    (url) => path.test(url.pathname),
    async (route: Route) => {
      if (!active || hits >= times || !matches(route.request(), method, path)) return route.fallback();
      hits += 1;
      if (afterServer) await route.fetch();
      return route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ error: 'internal failure' }) });
    },
  );
  return { hits: () => hits, stop: () => (active = false), release: () => (active = false) };
}

/**
 * Holds every `method` request to `path` until `release()`, then lets them
 * on to the server: a slow server, without a fixed latency to race.
 */
export async function holdRequests(page: Page, method: string, path: RegExp): Promise<Interception> {
  let held = true;
  let hits = 0;
  let open!: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  await page.route(
    (url) => path.test(url.pathname),
    async (route: Route) => {
      if (!held || !matches(route.request(), method, path)) return route.fallback();
      hits += 1;
      await released;
      return route.fallback();
    },
  );
  const release = (): void => {
    held = false;
    open();
  };
  return { hits: () => hits, stop: release, release };
}

/** Counts the requests the page sends that match. */
export function countRequests(page: Page, method: string, path: RegExp): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (matches(request, method, path)) count += 1;
  });
  return () => count;
}

/**
 * An element's accessible name, near enough for the dashboards' controls:
 * aria-labelledby, aria-label, its <label>, else its text.
 */
export function accessibleName(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const byIds = element.getAttribute('aria-labelledby');
    if (byIds) return byIds.split(/\s+/).map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
    const label = element.getAttribute('aria-label');
    if (label) return label;
    const labels = (element as HTMLInputElement).labels;
    if (labels && labels.length > 0) return [...labels].map((one) => one.textContent?.trim() ?? '').join(' ');
    return element.textContent?.trim() ?? '';
  });
}

/** The accessible name of the focused element ('' on the body). */
export async function focusedName(page: Page): Promise<string> {
  const tag = await page.evaluate(() => document.activeElement?.tagName ?? 'BODY');
  if (tag === 'BODY') return '';
  return accessibleName(page.locator(':focus'));
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * What is too wide for the window, as it is now: the page scrolling
 * sideways, any element past either edge or scrolling sideways itself, and
 * any select narrower than its chosen option needs (its text is cut then).
 * Closed dialogs, hidden elements and the skip link are left out.
 */
export function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const limit = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > limit) found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${limit}`);
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.closest('dialog:not([open]), [hidden], .visually-hidden, .skip-link')) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      if (rect.right > limit + 0.5 || rect.left < -0.5) found.push(`${element.tagName.toLowerCase()} "${element.textContent?.slice(0, 40)}" spans ${Math.round(rect.left)}–${Math.round(rect.right)}`);
      const overflowX = getComputedStyle(element).overflowX;
      if (overflowX !== 'visible' && element.scrollWidth > element.clientWidth + 1) found.push(`${element.tagName.toLowerCase()} "${element.textContent?.slice(0, 40)}" scrolls sideways`);
    }
    // A select as wide as its chosen option needs, and no wider than it is: else its text is cut.
    for (const select of document.querySelectorAll('select')) {
      const option = select.selectedOptions[0];
      if (option === undefined || select.getClientRects().length === 0) continue;
      const probe = select.cloneNode(false) as HTMLSelectElement;
      probe.append(option.cloneNode(true));
      probe.style.cssText = 'position:absolute;visibility:hidden;width:auto;max-width:none;min-width:0';
      select.parentElement?.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      if (needed > select.getBoundingClientRect().width + 0.5) found.push(`select "${select.getAttribute('aria-label') ?? select.id}" cuts "${option.text}" (${Math.round(needed)} > ${Math.round(select.getBoundingClientRect().width)})`);
    }
    return found;
  });
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Where the page finds axe-core: on its own origin, so its Content-Security-Policy (`script-src 'self'`) lets it run. */
const AXE_PATH = '/__axe-core.js';

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

export interface AxeReport {
  readonly violations: AxeViolation[];
  /** The rules that found nothing wrong: a scan that checked nothing would pass too. */
  readonly passed: string[];
}

/**
 * Runs axe-core in the page with its default rules (WCAG A and AA, best
 * practices) and WCAG 2.2's target size (off by default), and returns the
 * violations, each with the HTML of the nodes at fault, and the rules that passed.
 */
export async function runAxe(page: Page): Promise<AxeReport> {
  const origin = new URL(page.url()).origin;
  await page.route(`${origin}${AXE_PATH}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: AXE_SOURCE }));
  await page.addScriptTag({ url: `${origin}${AXE_PATH}` });
  return page.evaluate(async () => {
    interface Result {
      readonly violations: { id: string; impact: string | null; help: string; nodes: { html: string }[] }[];
      readonly passes: { id: string }[];
    }
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<Result> } }).axe;
    const result = await axe.run(document, { rules: { 'target-size': { enabled: true } } });
    return {
      violations: result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => node.html) })),
      passed: result.passes.map((rule) => rule.id),
    };
  });
}
