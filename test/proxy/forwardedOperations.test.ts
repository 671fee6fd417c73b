import { describe, expect, it } from 'vitest';
import { isGroupsError } from '../../src/index.js';
import { BASE_PATH, GROUPS, browserApi, outcome, rawRequest, startProxy } from './proxyHarness.js';

// `operations`: the operations the proxy forwards. Anything else is 403
// before authorize runs and before anything reaches the upstream, so one
// handler can serve a read-only dashboard. Over real HTTP on 127.0.0.1.

const READ_ONLY = ['list', 'retrieve', 'getConfiguration', 'listLocations'] as const;
const NOT_FORWARDED = [403, { error: 'operation not forwarded' }];

describe('a proxy that forwards some operations only', () => {
  it('forwards those, through the API client, as before', async () => {
    const { base, seen } = await startProxy({ proxy: { operations: READ_ONLY } });
    const api = browserApi(base);
    expect([
      (await api.list()).map((g) => g.name),
      (await api.retrieve('default')).name,
      await api.getConfiguration('default'),
      Object.keys(await api.listLocations()).length > 0,
    ]).toEqual([['default'], 'default', { delete_protection: false }, true]);
    expect(seen.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /v1/organizations/my-org/groups',
      'GET /v1/organizations/my-org/groups/default',
      'GET /v1/organizations/my-org/groups/default/configuration',
      'GET /v1/locations',
    ]);
  });

  it('answers every other operation 403, before authorize and the upstream', async () => {
    const { proxy, seen, authorized, emulator } = await startProxy({ proxy: { operations: READ_ONLY } });
    const asked: Array<[string, string, string?]> = [
      ['POST', GROUPS, JSON.stringify({ name: 'edge', location: 'ams' })],
      ['DELETE', `${GROUPS}/default`],
      ['POST', `${GROUPS}/default/locations/ams`],
      ['DELETE', `${GROUPS}/default/locations/lhr`],
      ['POST', `${GROUPS}/default/auth/tokens?expiration=1d`],
      ['POST', `${GROUPS}/default/auth/rotate`],
      ['PATCH', `${GROUPS}/default/configuration`, JSON.stringify({ delete_protection: true })],
      ['POST', `${GROUPS}/default/unarchive`],
      ['POST', `${GROUPS}/default/transfer`, JSON.stringify({ organization: 'staging' })],
    ];
    const answers: unknown[] = [];
    for (const [method, path, body] of asked) {
      answers.push(outcome(await rawRequest(proxy.url, { method, path, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) })));
    }
    expect(answers).toEqual(asked.map(() => NOT_FORWARDED));
    expect({ seen, authorized }).toEqual({ seen: [], authorized: [] });
    expect(emulator.snapshot().groups).toEqual([expect.objectContaining({ name: 'default', locations: ['lhr'] })]);
  });

  it('still answers an unknown path 404 and a wrong method 405, as for every proxy', async () => {
    const { proxy } = await startProxy({ proxy: { operations: READ_ONLY } });
    const unknown = outcome(await rawRequest(proxy.url, { path: `${BASE_PATH}/v1/organizations/my-org/databases` }));
    const wrongMethod = await rawRequest(proxy.url, { method: 'PUT', path: `${GROUPS}/default` });
    expect([unknown, wrongMethod.status, wrongMethod.headers['allow']]).toEqual([[404, { error: 'not found' }], 405, 'GET, DELETE']);
  });

  it('reaches the browser as a forbidden GroupsError naming the operation', async () => {
    const { base } = await startProxy({ proxy: { operations: READ_ONLY } });
    const error = await browserApi(base).delete('default').catch((e: unknown) => e);
    expect(isGroupsError(error) && [error.code, error.status, error.operation, error.detail]).toEqual(['forbidden', 403, 'delete', 'operation not forwarded']);
  });
});
