import { createClient } from '@tursodatabase/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GROUPS, hasSession, outcome, rawRequest, SERVER_TOKEN, SESSION, startProxy, type ProxyHarness } from './proxyHarness.js';

// Turso's own client, @tursodatabase/api, through the proxy (over real HTTP,
// the project's emulator behind it): every groups call it has. Its
// createToken sends a JSON body with no Content-Type, which fetch labels
// text/plain;charset=UTF-8; the proxy takes that from a request no other
// site made, and still refuses a cross-site form post.

/** What a backend that hands its users a session token might check: the client's own `Authorization`. */
const USER_SESSION = 'user-session-3c9a';
const bySessionToken = (request: Request): boolean => request.headers.get('authorization') === `Bearer ${USER_SESSION}`;

function officialClient(harness: ProxyHarness): ReturnType<typeof createClient> {
  // Its token is the user's session with the backend; the proxy puts the Platform API token in its place.
  return createClient({ org: 'my-org', token: USER_SESSION, baseUrl: `${harness.base}/v1/` } as Parameters<typeof createClient>[0]);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('@tursodatabase/api through the proxy', () => {
  it('mints a token with groups.createToken (a JSON body sent as text/plain), from a server-side caller', async () => {
    const harness = await startProxy({ proxy: { authorize: bySessionToken } });
    const { jwt } = await officialClient(harness).groups.createToken('default', { expiration: '1d', authorization: 'read-only' });
    const verified = await harness.emulator.verifyToken(jwt);
    expect(verified.valid && verified.claims.a).toBe('ro');
    expect(harness.seen.map(({ method, path, headers, body }) => [method, path, headers['content-type'], headers['authorization'], body])).toEqual([
      ['POST', '/v1/organizations/my-org/groups/default/auth/tokens?expiration=1d&authorization=read-only', 'application/json', `Bearer ${SERVER_TOKEN}`, '{"permissions":{"read_attach":{"databases":[]}}}'],
    ]);
  });

  it('mints a token from a page of the same origin (Sec-Fetch-Site: same-origin, the session cookie along)', async () => {
    const realFetch = globalThis.fetch;
    // The proxy calls the upstream with the real fetch; the client calls the global one, stubbed below.
    const harness = await startProxy({ proxy: { fetch: realFetch } });
    const sent: Array<string | null> = [];
    // The headers a browser adds to a same-origin fetch.
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('cookie', SESSION);
      headers.set('sec-fetch-site', 'same-origin');
      headers.set('origin', harness.proxy.url);
      const request = new Request(input, { ...init, headers });
      sent.push(request.headers.get('content-type'));
      return realFetch(request);
    });
    const { jwt } = await officialClient(harness).groups.createToken('default', { expiration: '2w' });
    expect([(await harness.emulator.verifyToken(jwt)).valid, sent]).toEqual([true, ['text/plain;charset=UTF-8']]);
  });

  it('every other groups call works too, as it does against the emulator directly', async () => {
    const harness = await startProxy({ proxy: { authorize: bySessionToken } });
    const turso = officialClient(harness);
    expect((await turso.groups.list()).map((group) => group.name)).toEqual(['default']);
    expect(await turso.groups.create('edge', 'lhr', { extensions: ['vector'] })).toMatchObject({ name: 'edge', primary: 'lhr' });
    expect(await turso.groups.get('edge')).toMatchObject({ name: 'edge', locations: ['lhr'] });
    expect((await turso.groups.addLocation('edge', 'ams')).locations).toEqual(['lhr', 'ams']);
    expect((await turso.groups.removeLocation('edge', 'ams')).locations).toEqual(['lhr']);
    const { jwt } = await turso.groups.createToken('edge', { permissions: { read_attach: { databases: ['db1'] } } });
    // The contract answers rotate with an empty 200, and this client parses every body as
    // JSON: its promise rejects although the tokens were invalidated, exactly as it does
    // against the emulator without the proxy (test/emulator/peerClient.test.ts).
    await expect(turso.groups.rotateTokens('edge')).rejects.toThrow(SyntaxError);
    expect(await harness.emulator.verifyToken(jwt)).toEqual({ valid: false, reason: 'invalidated' });
    expect(await turso.groups.delete('edge')).toMatchObject({ name: 'edge' });
    await expect(turso.groups.get('edge')).rejects.toMatchObject({ status: 404, message: 'group not found' });
    expect((await turso.locations.list()).find((location) => location.code === 'lhr')).toEqual({ code: 'lhr', description: 'London, United Kingdom' });
    expect(harness.emulator.snapshot().groups.map((group) => group.name)).toEqual(['default']);
    expect(harness.errors).toEqual([]);
  });
});

describe('a form post from another site is still refused', () => {
  // What an HTML form can send with the user's cookies and no preflight. A text/plain
  // form body can be made to parse as JSON ({"name":"evil","location":"lhr","x":"="}).
  const FORM_JSON = '{"name":"evil","location":"lhr","x":"="}';

  it('text/plain is 415 from a browser that names another origin without Fetch Metadata, 403 with it', async () => {
    const { proxy, seen, authorized } = await startProxy();
    const sent: Array<[string, Record<string, string>]> = [
      ['text/plain', { origin: 'http://evil.example' }],
      ['text/plain', { origin: 'null' }],
      ['text/plain;charset=UTF-8', { origin: 'https://evil.example', referer: 'https://evil.example/' }],
      ['text/plain', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
      ['text/plain', { 'sec-fetch-site': 'same-site', origin: 'https://sub.example' }],
      ['text/plain', { 'sec-fetch-site': 'cross-site' }],
    ];
    const answers: unknown[] = [];
    for (const [type, headers] of sent) {
      answers.push(outcome(await rawRequest(proxy.url, { method: 'POST', path: GROUPS, headers: { 'content-type': type, ...headers }, body: FORM_JSON })));
    }
    const unsupported = [415, { error: 'content-type must be application/json' }];
    const crossOrigin = [403, { error: 'cross-origin request refused' }];
    expect(answers).toEqual([unsupported, unsupported, unsupported, crossOrigin, crossOrigin, crossOrigin]);
    expect({ seen, authorized }).toEqual({ seen: [], authorized: [] });
  });

  it('form types (urlencoded, multipart) are 415 however the request says it came, on every route', async () => {
    const { proxy, seen, authorized } = await startProxy();
    const answers: unknown[] = [];
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      for (const headers of [{}, { 'sec-fetch-site': 'same-origin' }]) {
        for (const path of [GROUPS, `${GROUPS}/default/auth/rotate`, `${GROUPS}/default/auth/tokens`]) {
          answers.push(outcome(await rawRequest(proxy.url, { method: 'POST', path, headers: { 'content-type': type, ...headers }, body: 'name=evil' })));
        }
      }
    }
    expect(answers).toEqual(answers.map(() => [415, { error: 'content-type must be application/json' }]));
    expect({ seen, authorized }).toEqual({ seen: [], authorized: [] });
  });

  it('text/plain without any sign of another origin goes through authorize like JSON: no session, no entry', async () => {
    const { proxy, seen, authorized } = await startProxy({ proxy: { authorize: hasSession } });
    const refused = await rawRequest(proxy.url, { method: 'POST', path: GROUPS, headers: { 'content-type': 'text/plain', cookie: 'none' }, body: FORM_JSON });
    expect([outcome(refused), seen.length, authorized.length]).toEqual([[401, { error: 'unauthorized' }], 0, 1]);
  });
});
