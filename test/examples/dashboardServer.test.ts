// The dashboards' server (examples/server), without a browser: its API mount,
// the server panel's control endpoint, real mode through the proxy, the
// loopback and cross-site guards, and the static files.
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { listen } from '../../src/emulator/node.js';
import { DEMO_POLL_INTERVAL_MS, startDashboardServer, type DashboardServer } from '../../examples/server/dashboardServer.js';
import { changes, openFeed } from '../proxy/feedClient.js';
import { FaultControl } from '../../examples/server/faultControl.js';
import { staticFiles } from '../../examples/server/staticFiles.js';
import { describeApi, readOtherOrgs, type DashboardConfig } from '../../examples/shared/dashboardConfig.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: Parameters<typeof startDashboardServer>[0] = { dashboard: 'vanilla' }): Promise<DashboardServer> {
  const started = await startDashboardServer(options);
  cleanups.push(() => started.close());
  return started;
}

/** A raw request, for the headers fetch will not let a caller set (Host) or a browser would add (Sec-Fetch-Site). */
function raw(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };
const GROUPS = 'api/turso/v1/organizations/demo/groups';

describe('the dashboard server on the emulator', () => {
  it('tells the page its mode and API path, and serves the seeded organization there without CORS', async () => {
    const { url } = await server();
    expect(await (await fetch(`${url}dashboard-config.json`)).json()).toEqual({ mode: 'emulator', org: 'demo', apiBase: '/api/turso', changes: '/api/turso/changes', otherOrgs: ['staging'] });
    const response = await fetch(`${url}${GROUPS}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const { groups } = (await response.json()) as { groups: { name: string; locations: string[]; primary: string }[] };
    expect(groups.map(({ name, locations, primary }) => ({ name, locations, primary }))).toEqual([
      { name: 'default', locations: ['aws-us-east-1'], primary: 'aws-us-east-1' },
      { name: 'eu', locations: ['fra', 'ams'], primary: 'fra' },
      { name: 'apac', locations: ['nrt', 'syd', 'aws-ap-south-1'], primary: 'nrt' },
    ]);
  });

  it('fails the next N requests of one operation, and a later change of latency does not re-arm a spent one', async () => {
    const { url } = await server();
    const control = `${url}__emulator/faults`;
    const post = async (body: unknown) => fetch(control, { method: 'POST', headers: json, body: JSON.stringify(body) });
    const addLocation = async (location: string) => (await fetch(`${url}${GROUPS}/eu/locations/${location}`, { method: 'POST' })).status;

    expect((await (await post({ action: 'fail', operation: 'addLocation', kind: '500', count: 2 })).json())).toEqual({
      latencyMs: 0,
      failures: [{ operation: 'addLocation', kind: '500', remaining: 2 }],
    });
    expect(await addLocation('lhr')).toBe(500);
    await post({ action: 'latency', ms: 10 });
    expect(await (await fetch(control)).json()).toEqual({ latencyMs: 10, failures: [{ operation: 'addLocation', kind: '500', remaining: 1 }] });
    expect(await addLocation('lhr')).toBe(500);
    expect(await addLocation('lhr')).toBe(200);
    expect(await (await post({ action: 'fail', operation: 'list', kind: '429', count: 1 })).json()).toEqual({
      latencyMs: 10,
      failures: [{ operation: 'list', kind: '429', remaining: 1, retryAfter: 1 }],
    });
    const limited = await fetch(`${url}${GROUPS}`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    expect(await (await post({ action: 'reset' })).json()).toEqual({ latencyMs: 0, failures: [] });
  });

  it('refuses what the panel cannot mean', async () => {
    const { url } = await server();
    const control = `${url}__emulator/faults`;
    expect((await fetch(control, { method: 'POST', body: '{"action":"reset"}', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    for (const body of [{}, { action: 'latency', ms: -1 }, { action: 'fail', operation: 'list', kind: '418', count: 1 }, { action: 'fail', operation: 'list', kind: '500', count: 0 }]) {
      expect((await fetch(control, { method: 'POST', headers: json, body: JSON.stringify(body) })).status).toBe(400);
    }
    const refused = await fetch(control, { method: 'POST', headers: json, body: JSON.stringify({ action: 'latency', ms: Number.MAX_SAFE_INTEGER }) });
    expect([refused.status, await refused.json()]).toEqual([400, { error: 'ms must be a whole number from 0 to 60000' }]);
    expect(await (await fetch(control)).json()).toEqual({ latencyMs: 0, failures: [] });
    expect((await fetch(control, { method: 'DELETE' })).status).toBe(405);
  });

  it('has a second organization the same token reaches, where a group can be transferred; the page\'s API is its own organization only, as through the proxy on a real one', async () => {
    const { url } = await server();
    const transfer = await fetch(`${url}${GROUPS}/eu/transfer`, { method: 'POST', headers: json, body: JSON.stringify({ organization: 'staging' }) });
    expect([transfer.status, ((await transfer.json()) as { name: string }).name]).toEqual([200, 'eu']);
    const left = (await (await fetch(`${url}${GROUPS}`)).json()) as { groups: { name: string }[] };
    expect(left.groups.map(({ name }) => name)).toEqual(['default', 'apac']);
    expect((await fetch(`${url}api/turso/v1/organizations/staging/groups`)).status).toBe(404);
    expect((await fetch(`${url}api/turso/v1/organizations/elsewhere/groups`)).status).toBe(404);
  });

  it('serves the proxy\'s change feed: a change made through the API, and one made behind the proxy\'s back (the panel\'s Archive), reach an open page', async () => {
    const { url } = await server();
    const feed = await openFeed(`${url}api/turso`);
    expect([feed.status, feed.headers['content-type']]).toEqual([200, 'text/event-stream; charset=utf-8']);
    await feed.until((frames) => frames.length === 1);
    const added = await fetch(`${url}${GROUPS}/eu/locations/lhr`, { method: 'POST' });
    expect([added.status, added.headers.get('x-groups-feed')?.endsWith(':1')]).toEqual([200, true]);
    // Let the proxy's first poll record the list, then archive on the emulator itself.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await fetch(`${url}__emulator/archive`, { method: 'POST', headers: json, body: '{"group":"apac"}' })).status).toBe(200);
    // Within the demo's poll interval, and a margin for a loaded machine.
    const frames = await feed.until((all) => changes(all).length === 2, DEMO_POLL_INTERVAL_MS + 3_000);
    expect(changes(frames)).toEqual([
      { seq: 1, kind: 'group', name: 'eu', group: expect.objectContaining({ locations: ['fra', 'ams', 'lhr'] }) },
      { seq: 2, kind: 'group', name: 'apac', group: expect.objectContaining({ archived: true }) },
    ]);
  });

  it('archives a group of the page\'s organization on the panel\'s command, and refuses what it cannot mean', async () => {
    const { url } = await server();
    const archive = `${url}__emulator/archive`;
    const post = (body: unknown, headers: Record<string, string> = json) => fetch(archive, { method: 'POST', headers, body: JSON.stringify(body) });
    const archived = await post({ group: 'eu' });
    expect(archived.status).toBe(200);
    expect(((await archived.json()) as { group: { name: string; archived: boolean } }).group).toMatchObject({ name: 'eu', archived: true });
    const eu = (await (await fetch(`${url}${GROUPS}/eu`)).json()) as { group: { archived: boolean } };
    expect(eu.group.archived).toBe(true);
    const apac = (await (await fetch(`${url}${GROUPS}/apac`)).json()) as { group: { archived?: boolean } };
    expect(apac.group.archived).not.toBe(true);

    const missing = await post({ group: 'nowhere' });
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'there is no group “nowhere” in organization demo' }]);
    for (const body of [{}, { group: 'Not Valid' }, 'eu', null]) expect((await post(body)).status, JSON.stringify(body)).toBe(400);
    expect((await post({ group: 'eu' }, { 'content-type': 'text/plain' })).status).toBe(415);
    const get = await fetch(archive);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await raw(archive, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('answers to loopback names only, and refuses other sites', async () => {
    const { url } = await server();
    expect((await raw(`${url}dashboard-config.json`, { host: 'evil.example' })).status).toBe(421);
    expect((await raw(`${url}dashboard-config.json`, { host: 'localhost' })).status).toBe(200);
    expect((await raw(`${url}${GROUPS}`, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await raw(`${url}__emulator/faults`, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await raw(`${url}${GROUPS}`, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});

describe('FaultControl', () => {
  it('changes nothing, here or in the emulator, when the emulator refuses the plan a command makes', async () => {
    const emulator = createPlatformEmulator({ org: 'acme', token: 't' });
    const control = new FaultControl(emulator);
    control.apply({ action: 'fail', operation: 'list', kind: '503', count: 1 });
    // Past readFaultCommand, as a caller of apply could send it: a count the emulator cannot use as `times`.
    expect(() => control.apply({ action: 'fail', operation: 'create', kind: '500', count: 0.5 })).toThrow(
      expect.objectContaining({ code: 'validation', message: expect.stringContaining('plan.failures[1].times') }),
    );
    expect(control.state()).toEqual({ latencyMs: 0, failures: [{ operation: 'list', kind: '503', remaining: 1 }] });
    const list = () => emulator.handle(new Request('http://emulator.invalid/v1/organizations/acme/groups', { headers: { authorization: 'Bearer t' } }));
    expect([(await list()).status, (await list()).status]).toEqual([503, 200]);
  });
});

describe('the dashboard server on a real organization', () => {
  it('forwards to the upstream with the token, which the page never gets, and has no control endpoint', async () => {
    const token = 'platform-token-that-must-stay-here';
    const upstream = await listen(createPlatformEmulator({ org: 'acme', token, groups: [{ name: 'default', locations: ['lhr'] }] }));
    cleanups.push(() => upstream.close());
    const { url, mode } = await server({ dashboard: 'vanilla', real: { org: 'acme', token, upstream: upstream.url } });
    expect(mode).toBe('proxy');
    const config = await (await fetch(`${url}dashboard-config.json`)).text();
    expect(JSON.parse(config)).toEqual({ mode: 'proxy', org: 'acme', apiBase: '/api/turso', changes: '/api/turso/changes', upstream: upstream.url });
    const list = await fetch(`${url}api/turso/v1/organizations/acme/groups`);
    const body = await list.text();
    expect(list.status).toBe(200);
    expect(JSON.parse(body).groups.map((group: { name: string }) => group.name)).toEqual(['default']);
    expect([config, body, JSON.stringify([...list.headers])].some((text) => text.includes(token))).toBe(false);
    expect((await fetch(`${url}__emulator/faults`)).status).toBe(404);
    expect((await fetch(`${url}__emulator/archive`, { method: 'POST', headers: json, body: '{"group":"default"}' })).status).toBe(404);
    expect((await fetch(`${url}api/turso/v1/organizations/other/groups`)).status).toBe(404);
    const feed = await openFeed(`${url}api/turso`);
    expect((await feed.until((frames) => frames.length === 1)).map((frame) => frame.event)).toEqual(['hello']);
  });

  it('tells the page the other organizations it was given, for Transfer to offer', async () => {
    const { url } = await server({ dashboard: 'vanilla', real: { org: 'acme', token: 't', otherOrgs: ['acme-staging'] } });
    expect(await (await fetch(`${url}dashboard-config.json`)).json()).toMatchObject({ mode: 'proxy', org: 'acme', otherOrgs: ['acme-staging'] });
  });
});

describe('readOtherOrgs', () => {
  it('keeps distinct organization names other than the page\'s own, and drops anything else', () => {
    expect(readOtherOrgs(['staging', 'demo', 'staging', '', 7, 'prod'], 'demo')).toEqual(['staging', 'prod']);
    expect(readOtherOrgs(undefined, 'demo')).toEqual([]);
    expect(readOtherOrgs('staging', 'demo')).toEqual([]);
  });
});

describe('the API the page names', () => {
  it('is the upstream the server forwards to, Turso\'s by default, and never its credentials or query', async () => {
    const config = async (upstream?: string) => {
      const { url } = await server({ dashboard: 'vanilla', real: { org: 'acme', token: 't', upstream } });
      return (await (await fetch(`${url}dashboard-config.json`)).json()) as DashboardConfig;
    };
    const turso = await config();
    const gateway = await config('http://127.0.0.1:8080/turso/');
    expect([turso.upstream, gateway.upstream]).toEqual(['https://api.turso.tech', 'http://127.0.0.1:8080/turso']);
    expect([describeApi(turso), describeApi(gateway), describeApi({ mode: 'emulator', org: 'demo', apiBase: '/api/turso' })]).toEqual([
      'the Turso Platform API (api.turso.tech), through this server',
      'the API at 127.0.0.1:8080, through this server',
      'the embedded emulator',
    ]);
  });
});

describe('staticFiles', () => {
  /** A built site in `<tmp>/dist`, beside a file it must never serve. */
  function site(): string {
    const parent = mkdtempSync(join(tmpdir(), 'dashboard-site-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const root = join(parent, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><p>app</p>');
    writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(parent, 'secret.txt'), 'outside the site');
    return root;
  }
  const at = (path: string) => new URL(path, 'http://127.0.0.1:1');

  it('serves files with their type, index.html for pages, and 404 for a missing asset', async () => {
    const serve = staticFiles(site());
    const script = await serve(at('/assets/app-1234.js'));
    expect([script.status, script.headers.get('content-type'), script.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    const page = await serve(at('/groups/eu'));
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><p>app</p>']);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await serve(at('/assets/gone.js'))).status).toBe(404);
  });

  it('never leaves its folder', async () => {
    const serve = staticFiles(site());
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/secret.txt%00']) {
      const response = await serve(at(path));
      expect(await response.text(), path).not.toContain('outside the site');
    }
  });

  it('says how to build when there is no build', async () => {
    const response = await staticFiles(join(tmpdir(), 'no-such-dashboard-dist'))(at('/'));
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:examples');
  });
});
