// Opens a built dashboard in Debian's Chromium (never a downloaded browser):
// its server started here, the page's console and errors collected, and a
// screenshot kept when the test fails.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { onTestFinished, type TestContext } from 'vitest';
import type { PlatformEmulator } from 'turso-groups-store/emulator';
import { API_PATH, distOf, startDashboardServer, type DashboardName, type DashboardServerOptions } from '../../examples/server/dashboardServer.js';

export type { DashboardName } from '../../examples/server/dashboardServer.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const SCREENSHOTS = join(import.meta.dirname, '__screenshots__');

export interface DashboardSession {
  readonly page: Page;
  /** The page's URL, `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** Console errors and uncaught page errors, as text, in order. */
  readonly consoleErrors: string[];
  /** Console warnings, as text, in order. */
  readonly consoleWarnings: string[];
  /** Every response body and header the page received, as text (for checks that a secret never reaches it). */
  readonly received: string[];
  /** Closes the browser and the server this session started; safe to call twice. */
  close(): Promise<void>;
  /** The emulator behind the dashboard server, in emulator mode (see `DashboardServer.emulator`). */
  readonly emulator?: PlatformEmulator | undefined;
}

// Chromium logs every answered 4xx/5xx, and an answer cut off mid-body (the
// server panel's dropped connection), as a console error before the app sees
// it: the scenarios provoke those on purpose, on the API. What the app itself
// reports stays, and so does any other resource that fails to load (a
// missing favicon's 404).
const NETWORK_LOG = /^Failed to load resource: (?:the server responded with a status of \d+|net::ERR_INCOMPLETE_CHUNKED_ENCODING)/;

function isProvokedOnTheApi(message: ConsoleMessage): boolean {
  if (!NETWORK_LOG.test(message.text())) return false;
  try {
    return new URL(message.location().url).pathname.startsWith(`${API_PATH}/`);
  } catch {
    return false;
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a fresh browser. Inside a test, the session closes when the
 * test finishes, after a screenshot to `test/e2e/__screenshots__/<label>-<test>.png`
 * if it failed.
 */
export async function openPage(url: string, label: string, onClose: () => Promise<void> = async () => {}): Promise<DashboardSession> {
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await onClose();
    throw error;
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  const received: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !isProvokedOnTheApi(message)) consoleErrors.push(message.text());
    if (message.type() === 'warning') consoleWarnings.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`));
  page.on('response', (response) => {
    received.push(JSON.stringify(response.headers()));
    // A body may be gone (a redirect, a dropped connection): nothing was received then.
    response.text().then(
      (text) => received.push(text),
      () => {},
    );
  });
  let closed: Promise<void> | undefined;
  const session: DashboardSession = {
    page,
    url,
    consoleErrors,
    consoleWarnings,
    received,
    close: () => (closed ??= browser.close().finally(onClose)),
  };
  registerCleanup(session, label);
  try {
    await page.goto(url);
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

function registerCleanup(session: DashboardSession, label: string): void {
  try {
    onTestFinished(async (context: TestContext) => {
      if (context.task.result?.state === 'fail') await screenshot(session.page, label, context.task.name);
      await session.close();
    });
  } catch {
    // Not inside a test (a script): the caller closes.
  }
}

async function screenshot(page: Page, label: string, test: string): Promise<void> {
  try {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const name = `${label}-${test}`.replace(/[^\w.-]+/g, '-').slice(0, 120);
    const path = join(SCREENSHOTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    console.error(`screenshot of the failed test: ${path}`);
  } catch (error) {
    console.error('no screenshot of the failed test:', error);
  }
}

/**
 * Serves `examples/<dashboard>/dist` (built beforehand by
 * `npm run build:examples`; nothing is built here) and opens it in Chromium.
 */
export async function openDashboard(dashboard: DashboardName, options: Omit<DashboardServerOptions, 'dashboard'> = {}): Promise<DashboardSession> {
  if (!existsSync(join(distOf(dashboard), 'index.html'))) {
    throw new Error(`examples/${dashboard}/dist is missing: run \`npm run build:examples\` before \`npm run test:e2e\``);
  }
  const server = await startDashboardServer({ ...options, dashboard });
  // openPage closes the server with the browser, or at once when it cannot open.
  return { ...(await openPage(server.url, dashboard, () => server.close())), emulator: server.emulator };
}
