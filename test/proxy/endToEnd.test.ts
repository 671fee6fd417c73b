import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createFetchTransport, createGroupsStore, isGroupsError } from '../../src/index.js';
import { listen } from '../../src/emulator/node.js';
import { browserApi, browserFetch, ORG, SERVER_TOKEN, startProxy, UPSTREAM_GROUPS } from './proxyHarness.js';

// A browser-side client with no token, talking to the proxy over real HTTP,
// the proxy talking to the emulator over real HTTP: every operation works,
// and only the proxy's own headers reach the upstream.

const EXPECTED_UPSTREAM_HEADERS = ['accept', 'authorization', 'content-type', 'content-length', 'host', 'user-agent', 'accept-encoding', 'accept-language', 'sec-fetch-mode', 'connection'];

describe('the eight operations through the proxy', () => {
  it('GroupsApi: create, list, retrieve, add and remove a location, mint, invalidate, delete, list locations', async () => {
    const { emulator, base, seen } = await startProxy();
    // The proxy's side of the wire, as the browser sent it.
    const sentByBrowser: Array<Record<string, string>> = [];
    const api = browserApi(base, {
      fetch: async (input, init) => {
        sentByBrowser.push(Object.fromEntries(new Headers(init?.headers).entries()));
        return browserFetch(input, init);
      },
    });

    const created = await api.create({ name: 'eu', location: 'lhr', extensions: ['vector'] });
    const listed = (await api.list()).map((group) => group.name);
    const retrieved = await api.retrieve('eu');
    const added = await api.addLocation('eu', 'aws-eu-west-1');
    const removed = await api.removeLocation('eu', 'aws-eu-west-1');
    const { jwt } = await api.mintToken('eu', { expiration: '2w', authorization: 'read-only', permissions: { read_attach: { databases: ['db1'] } } });
    const beforeRotate = await emulator.verifyToken(jwt);
    await api.invalidateTokens('eu');
    const afterRotate = await emulator.verifyToken(jwt);
    const deleted = await api.delete('eu');
    const locations = await api.listLocations();

    expect({
      created: [created.name, created.locations, created.primary],
      listed,
      retrieved: retrieved.locations,
      added: added.locations,
      removed: removed.locations,
      beforeRotate: beforeRotate.valid,
      afterRotate,
      deleted: deleted.name,
      lhr: locations['lhr'],
      left: emulator.snapshot().groups.map((group) => group.name),
    }).toEqual({
      created: ['eu', ['lhr'], 'lhr'],
      listed: ['default', 'eu'],
      retrieved: ['lhr'],
      added: ['lhr', 'aws-eu-west-1'],
      removed: ['lhr'],
      beforeRotate: true,
      afterRotate: { valid: false, reason: 'invalidated' },
      deleted: 'eu',
      lhr: 'London, United Kingdom',
      left: ['default'],
    });

    expect(seen.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `POST ${UPSTREAM_GROUPS}`,
      `GET ${UPSTREAM_GROUPS}`,
      `GET ${UPSTREAM_GROUPS}/eu`,
      `POST ${UPSTREAM_GROUPS}/eu/locations/aws-eu-west-1`,
      `DELETE ${UPSTREAM_GROUPS}/eu/locations/aws-eu-west-1`,
      `POST ${UPSTREAM_GROUPS}/eu/auth/tokens?expiration=2w&authorization=read-only`,
      `POST ${UPSTREAM_GROUPS}/eu/auth/rotate`,
      `DELETE ${UPSTREAM_GROUPS}/eu`,
      'GET /v1/locations',
    ]);
    expect(seen.map(({ body }) => body).filter((body) => body !== '')).toEqual([
      '{"name":"eu","location":"lhr","extensions":["vector"]}',
      '{"permissions":{"read_attach":{"databases":["db1"]}}}',
    ]);
    // The token was added by the proxy on every call, and never sent by the browser.
    expect(new Set(seen.map(({ headers }) => headers['authorization']))).toEqual(new Set([`Bearer ${SERVER_TOKEN}`]));
    expect(seen.flatMap(({ headers }) => Object.keys(headers)).filter((name) => !EXPECTED_UPSTREAM_HEADERS.includes(name))).toEqual([]);
    expect(sentByBrowser.filter((headers) => 'authorization' in headers)).toEqual([]);
  });

  it('GroupsStore: the same operations, with the optimistic state confirmed by the upstream', async () => {
    const { emulator, base, seen } = await startProxy();
    const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ baseURL: base, fetch: browserFetch, retryDelay: 0 }) });
    const shown: string[][] = [];
    const subscription = store.groups$.subscribe((groups) => shown.push(groups.map((group) => `${group.name}:${group.locations.join('+')}`)));

    await store.load();
    await store.create({ name: 'eu', location: 'lhr' });
    await store.addLocation('eu', 'ams');
    await store.addLocation('eu', 'fra');
    await store.removeLocation('eu', 'ams');
    const retrieved = await store.retrieve('eu');
    const { jwt } = await store.mintToken('eu', { expiration: '1d' });
    const verified = await emulator.verifyToken(jwt);
    await store.invalidateTokens('eu');
    await store.delete('default');
    const final = await firstValueFrom(store.groups$);
    subscription.unsubscribe();
    store.dispose();

    expect({ retrieved: [retrieved.locations, retrieved.primary], verified: verified.valid, final: final.map((group) => group.name) }).toEqual({
      retrieved: [['lhr', 'fra'], 'lhr'],
      verified: true,
      final: ['eu'],
    });
    expect(shown[0]).toEqual([]);
    expect(shown.at(-1)).toEqual(['eu:lhr+fra']);
    // The JWT is the caller's alone: nothing the store shows holds it.
    expect(JSON.stringify(shown)).not.toContain(jwt);
    expect(emulator.snapshot().groups.map((group) => group.name)).toEqual(['eu']);
    expect(seen.map(({ method }) => method)).toEqual(['GET', 'POST', 'POST', 'POST', 'DELETE', 'GET', 'POST', 'POST', 'DELETE']);
  });

  it('a browser-side error reads as the upstream wrote it: 404, 409, and 429 with Retry-After', async () => {
    const { emulator, base } = await startProxy();
    const api = browserApi(base, { retry: 0 });
    const failures: unknown[] = [];
    for (const call of [() => api.retrieve('missing'), () => api.create({ name: 'default', location: 'lhr' })]) {
      failures.push(await call().catch((error: unknown) => error));
    }
    emulator.setFaults({ failures: [{ kind: 'status', status: 429, retryAfter: 7, message: 'slow down' }] });
    failures.push(await api.list().catch((error: unknown) => error));
    expect(failures.map((error) => (isGroupsError(error) ? [error.code, error.status, error.detail, error.retryAfterMs] : error))).toEqual([
      ['not_found', 404, 'group not found', undefined],
      ['conflict', 409, 'group already exists', undefined],
      ['rate_limited', 429, 'slow down', 7000],
    ]);
  });

  it('the store reports an unreachable upstream as a server error, without the token', async () => {
    const gone = await listen(async () => new Response(null));
    await gone.close();
    const { base, errors } = await startProxy({ proxy: { upstream: gone.url } });
    const error = await browserApi(base, { retry: 0 }).list().catch((caught: unknown) => caught);
    expect(isGroupsError(error) ? [error.code, error.status, error.detail] : error).toEqual(['server', 502, 'upstream unreachable']);
    expect(errors.map((reported) => [reported.code, reported.operation])).toEqual([['network', 'list']]);
    expect(JSON.stringify(errors.map((reported) => [reported.message, String(reported.cause)]))).not.toContain(SERVER_TOKEN);
  });
});
