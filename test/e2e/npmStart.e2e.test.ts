// `npm start` as a user runs it: a child process that builds the dashboard,
// prints a URL, and serves it; the shared scenario in Chromium against that
// URL. Then the same command on a "real" organization (an emulator on
// loopback standing in for api.turso.tech): the token must reach neither the
// terminal nor the page.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createPlatformEmulator } from 'turso-groups-store/emulator';
import { listen } from 'turso-groups-store/emulator/node';
import { openPage } from './dashboardHarness.js';
import { expectLoaded, groupItem, runScenario } from './dashboardScenario.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const URL_LINE = /http:\/\/127\.0\.0\.1:\d+\//;

interface Started {
  readonly url: string;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
}

/** Stops the child and everything it started (npm, tsx, node): it leads its own process group. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** `npm start` with `env` added, in its own process group, stopped when the test finishes. */
function spawnNpmStart(env: Record<string, string>): ChildProcess {
  // Nothing of the parent's Turso settings leaks into the child: the tests say which mode they want.
  const { TURSO_ORG: _org, TURSO_API_TOKEN: _token, TURSO_API_URL: _url, DASHBOARD: _dashboard, ...inherited } = process.env;
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...inherited, PORT: '0', ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Registered before the page's own cleanup, so it runs after it: the page (and a failure's screenshot) first, then the server.
  onTestFinished(() => stop(child));
  return child;
}

/** Runs `npm start` with `env` added, and resolves with its exit code and all it printed once it exits. */
async function npmStartExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawnNpmStart(env);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

/** Runs `npm start` with `env` added, and resolves once it prints the URL. */
async function npmStart(env: Record<string, string>): Promise<Started> {
  const child = spawnNpmStart(env);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL in 90 s:\n${output}`)), 90_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`));
    });
  });
  return { url, output: () => output };
}

describe('npm start', () => {
  it('serves the default dashboard on the emulator, and it passes the shared scenario', async () => {
    // From a developer's shell: the dashboard is still React's production build.
    const started = await npmStart({ NODE_ENV: 'development' });
    expect(started.output()).toContain('The react dashboard, on the embedded emulator');
    const html = await (await fetch(started.url)).text();
    const scripts = [...html.matchAll(/<script[^>]* src="([^"]+)"/g)].map((match) => new URL(match[1]!, started.url));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect((await (await fetch(script)).text()).includes('jsxDEV'), `${script.pathname} is React's development build`).toBe(false);
    const session = await openPage(started.url, 'npm-start');
    await expectLoaded(session.page);
    // One first load, done: no StrictMode double mount cancelling it (a development build's).
    expect(await session.page.locator('ol[data-event-log] > li').allTextContents()).toEqual([expect.stringMatching(/#1 load the groups: done$/), expect.stringMatching(/#1 load the groups: started$/)]);
    await runScenario(session);
  });

  it('serves a real organization through the proxy, and the page never sees the token', async () => {
    const token = `platform-token-${crypto.randomUUID()}`;
    const upstream = await listen(createPlatformEmulator({ org: 'acme', token, groups: [{ name: 'default', locations: ['lhr'] }] }));
    onTestFinished(() => upstream.close());
    const started = await npmStart({ DASHBOARD: 'vanilla', TURSO_ORG: 'acme', TURSO_API_TOKEN: token, TURSO_API_URL: upstream.url });
    expect(started.output()).toContain('organization "acme"');

    const config = await (await fetch(new URL('/dashboard-config.json', started.url))).text();
    expect(JSON.parse(config)).toEqual({ mode: 'proxy', org: 'acme', apiBase: '/api/turso', changes: '/api/turso/changes', upstream: upstream.url });
    // No emulator to steer: no control endpoint.
    expect((await fetch(new URL('/__emulator/faults', started.url))).status).toBe(404);

    const session = await openPage(started.url, 'npm-start-real');
    const { page } = session;
    await expectLoaded(page);
    expect(await page.getByRole('region', { name: 'Server panel' }).count()).toBe(0);
    // Writes go through the proxy too.
    await page.getByLabel('Group name', { exact: true }).fill('through-proxy');
    await page.getByLabel('Location', { exact: true }).selectOption('lhr');
    await page.getByRole('button', { name: 'Create group' }).click();
    await groupItem(page, 'through-proxy').and(page.locator('[data-state="idle"]')).waitFor();
    await page.getByRole('button', { name: 'Mint token for default' }).click();
    await page.locator('[data-token]').waitFor();

    // The page and every asset it was served, as text; every answer it received, headers and bodies.
    const html = await (await fetch(started.url)).text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => new URL(match[1]!, started.url));
    const served = await Promise.all(assets.map(async (asset) => (await fetch(asset)).text()));
    expect(assets.length).toBeGreaterThan(0);
    // The check sees the API's answers (so it would see a token in them). Not "network idle":
    // the page keeps its change feed open for as long as it is shown.
    await expect.poll(() => session.received.some((text) => text.includes('through-proxy'))).toBe(true);
    const seen = [config, html, ...served, ...session.received, await page.content(), started.output()];
    expect(seen.filter((text) => text.includes(token))).toEqual([]);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(token);
    expect(session.consoleErrors).toEqual([]);
  });

  it('checks the organization and the token once, and stops without a URL, naming the variable at fault', async () => {
    const token = `platform-token-${crypto.randomUUID()}`;
    const upstream = await listen(createPlatformEmulator({ org: 'acme', token, groups: [{ name: 'default', locations: ['lhr'] }] }));
    onTestFinished(() => upstream.close());
    const refused = await npmStartExit({ DASHBOARD: 'vanilla', TURSO_ORG: 'acme', TURSO_API_TOKEN: `${token}-revoked`, TURSO_API_URL: upstream.url });
    const unknown = await npmStartExit({ DASHBOARD: 'vanilla', TURSO_ORG: 'acme-typo', TURSO_API_TOKEN: token, TURSO_API_URL: upstream.url });
    expect(refused.output).toContain('TURSO_API_TOKEN was refused (401)');
    expect(unknown.output).toContain('TURSO_ORG "acme-typo" was not found or the token cannot see it (403)');
    for (const { code, output } of [refused, unknown]) {
      expect(code).not.toBe(0);
      expect(output).not.toMatch(URL_LINE);
      expect(output).not.toContain('Building');
      expect(output).not.toContain(token);
    }
  });
});
