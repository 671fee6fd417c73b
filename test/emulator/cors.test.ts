// @vitest-environment happy-dom
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createFetchTransport, createGroupsApi } from '../../src/index.js';
import { ORG, TOKEN, rejectionOf, startHarness } from '../support/emulatorHarness.js';

// happy-dom's fetch behaves as a page's: it sends preflights and refuses
// answers whose origin or method CORS does not allow. The page is
// http://localhost:5173. happy-dom 21 checks neither Allow-Headers nor
// Expose-Headers, so the preflight's headers are asserted directly as well.

describe('a page calling the emulator on another origin', () => {
  it('runs on the page origin, not the emulator one', async () => {
    const { baseURL } = await startHarness('http');
    expect(location.origin).toBe('http://localhost:5173');
    expect(new URL(baseURL).origin).not.toBe(location.origin);
  });

  it('can run every operation through the default fetch', async () => {
    const { baseURL, emulator } = await startHarness('http', { groups: [{ name: 'default', locations: ['lhr'] }] });
    const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL }) });
    expect((await api.list()).map((g) => g.name)).toEqual(['default']);
    expect((await api.create({ name: 'edge', location: 'ams' })).name).toBe('edge');
    expect((await api.retrieve('edge')).primary).toBe('ams');
    expect((await api.addLocation('edge', 'fra')).locations).toEqual(['ams', 'fra']);
    expect((await api.removeLocation('edge', 'fra')).locations).toEqual(['ams']);
    const { jwt } = await api.mintToken('edge', { expiration: '1d', permissions: { read_attach: { databases: ['db'] } } });
    await api.invalidateTokens('edge');
    expect(await emulator.verifyToken(jwt)).toEqual({ valid: false, reason: 'invalidated' });
    expect((await api.delete('edge')).name).toBe('edge');
    expect(Object.keys(await api.listLocations())).toContain('aws-us-east-1');
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['default']);
  });

  it('sees the server errors, and can read Retry-After', async () => {
    const { baseURL, emulator } = await startHarness('http');
    const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL, maxRetryAfter: 0 }) });
    expect(await rejectionOf(api.retrieve('nope'))).toMatchObject({ code: 'not_found', status: 404, detail: 'group not found' });
    emulator.setFaults({ failures: [{ kind: 'status', status: 429, retryAfter: 7 }] });
    expect(await rejectionOf(api.list())).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000 });
  });

  it('gets the preflight answer a browser needs for the bearer token and JSON bodies', async () => {
    const { baseURL, emulator } = await startHarness('http');
    const before = emulator.requests.length;
    await createGroupsApi({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL }) }).create({ name: 'edge', location: 'ams' });
    expect(emulator.requests.slice(before).map((r) => [r.method, r.outcome])).toEqual([['OPTIONS', 204], ['POST', 200]]);
    const preflight = await emulator.handle(new Request(`${baseURL}/v1/organizations/${ORG}/groups`, {
      method: 'OPTIONS',
      headers: { origin: location.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    }));
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, DELETE, PATCH, OPTIONS',
      'access-control-allow-headers': 'Authorization, Content-Type, Accept',
      'access-control-expose-headers': 'Retry-After',
    });
  });

  it('is refused by a server that does not answer CORS (the check is real)', async () => {
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"groups":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: `http://127.0.0.1:${port}`, retry: 0 }) });
      expect(await rejectionOf(api.list())).toMatchObject({ code: 'network' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
