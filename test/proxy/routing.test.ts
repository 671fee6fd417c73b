import { describe, expect, it } from 'vitest';
import { BASE_PATH, GROUPS, ORG, outcome, rawRequest, startProxy } from './proxyHarness.js';

// Requests the proxy must refuse by their method and path alone: before
// authorize runs and before anything reaches the upstream. Sent with
// node:http, which writes the path as given (fetch and URL would resolve
// `..` and turn `\` into `/` on the client side, so the server would never
// see them). The shipped Node adapter in front of the proxy builds a Web
// Request, whose URL resolves dot segments (what they resolve to is checked
// in nodeHandler.test.ts); the raw-path checks for runtimes that do not are
// in proxyRoute.test.ts.

const NOT_FOUND = [404, { error: 'not found' }];

describe('what is forwarded', () => {
  it('forwards each route of the organization with its own method', async () => {
    const { proxy, seen } = await startProxy();
    const asked: Array<[string, string]> = [
      ['GET', `${BASE_PATH}/v1/locations`],
      ['GET', GROUPS],
      ['GET', `${GROUPS}/default`],
      ['POST', `${GROUPS}/default/locations/aws-us-east-1`],
      ['DELETE', `${GROUPS}/default/locations/aws-us-east-1`],
      ['POST', `${GROUPS}/default/auth/tokens`],
      ['POST', `${GROUPS}/default/auth/rotate`],
      ['DELETE', `${GROUPS}/default`],
    ];
    const statuses: number[] = [];
    for (const [method, path] of asked) statuses.push((await rawRequest(proxy.url, { method, path })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    expect(seen.map(({ method, path }) => [method, path])).toEqual(asked.map(([method, path]) => [method, path.slice(BASE_PATH.length)]));
  });

  it('rebuilds the upstream path from the checked parts: an encoded spelling of a valid name goes on in its plain form', async () => {
    const { proxy, seen } = await startProxy();
    const answer = await rawRequest(proxy.url, { path: `${BASE_PATH}/v1/organizations/my%2Dorg/groups/d%65fault` });
    expect(answer.status).toBe(200);
    expect(seen.map(({ path }) => path)).toEqual([`/v1/organizations/${ORG}/groups/default`]);
  });
});

describe('what is refused before authorize and before the upstream', () => {
  it('other organizations, other resources and other prefixes are 404', async () => {
    const { proxy, seen, authorized } = await startProxy();
    const paths = [
      `${BASE_PATH}/v1/organizations/other-org/groups`,
      `${BASE_PATH}/v1/organizations/MY-ORG/groups`,
      `${BASE_PATH}/v1/organizations/${ORG}/databases`,
      `${BASE_PATH}/v1/organizations/${ORG}/members`,
      `${BASE_PATH}/v1/organizations/${ORG}`,
      `${BASE_PATH}/v1/organizations`,
      `${BASE_PATH}/v1/auth/api-tokens`,
      `${BASE_PATH}/v2/organizations/${ORG}/groups`,
      `${GROUPS}/default/auth/tokens/extra`,
      `${GROUPS}/default/locations`,
      `${GROUPS}/default/config`,
      `/v1/organizations/${ORG}/groups`,
      `/api/TURSO/v1/organizations/${ORG}/groups`,
      `${BASE_PATH}x/v1/organizations/${ORG}/groups`,
      BASE_PATH,
      `${BASE_PATH}/`,
      '/',
    ];
    const answers: unknown[] = [];
    for (const path of paths) answers.push(outcome(await rawRequest(proxy.url, { path })));
    expect(answers).toEqual(paths.map(() => NOT_FOUND));
    expect({ seen, authorized }).toEqual({ seen: [], authorized: [] });
  });

  it('path traversal, encoded separators, empty segments and invalid names are 404', async () => {
    const { proxy, seen, authorized } = await startProxy();
    const paths = [
      `${GROUPS}/../../other/groups`,
      `${GROUPS}/%2e%2e/%2e%2e/other/groups`,
      `${GROUPS}/%2E./%2E./other/groups`,
      `${GROUPS}/.%2e/.%2E/other/groups`,
      `${GROUPS}/default/auth/tokens/../../../../databases`,
      `${GROUPS}/default/auth/tokens/%2e%2e/%2e%2e/%2e%2e/%2e%2e/databases`,
      `${BASE_PATH}/../v1/organizations/${ORG}/groups`,
      `${BASE_PATH}/v1/locations/../organizations/other/groups`,
      `${GROUPS}/default%2F..%2F..%2Fdatabases`,
      `${GROUPS}/default%2f..%2f..%2fdatabases`,
      `${GROUPS}%2Fdefault`,
      `${GROUPS}/x%5C..%5C..%5Cdatabases`,
      `${GROUPS}/x%5c..`,
      `${GROUPS}\\..\\..\\other\\groups`,
      `${GROUPS}/default\\..\\..\\databases`,
      `${BASE_PATH}//v1/organizations/${ORG}/groups`,
      `${BASE_PATH}/v1/organizations/${ORG}//groups`,
      `${GROUPS}//default`,
      `${GROUPS}/`,
      `${GROUPS}/default/`,
      `${GROUPS}/default/locations//lhr`,
      `${GROUPS}/Default`,
      `${GROUPS}/-default`,
      `${GROUPS}/default%00`,
      `${GROUPS}/default%0d%0aX-Injected:%201`,
      `${GROUPS}/default;x=1`,
      `${GROUPS}/%E0%A4%A`,
      `${GROUPS}/default/locations/LHR`,
      `${GROUPS}/default/locations/lhr%2F..`,
      `${GROUPS}/default/locations/%6c%68%72%2e%2e`,
      `${GROUPS}/${'a'.repeat(65)}`,
      `${BASE_PATH}/v1/organizations/${ORG}/%67roups`,
      `${BASE_PATH}/v1/%6Frganizations/${ORG}/groups`,
    ];
    const answers: unknown[] = [];
    for (const path of paths) answers.push([path, outcome(await rawRequest(proxy.url, { path }))]);
    expect(answers).toEqual(paths.map((path) => [path, NOT_FOUND]));
    expect({ seen, authorized }).toEqual({ seen: [], authorized: [] });
  });

  it('a known path with another method is 405 with Allow; OPTIONS and HEAD too (same-origin calls are never preflighted)', async () => {
    const { proxy, seen, authorized } = await startProxy();
    const asked: Array<[string, string]> = [
      ['PUT', GROUPS],
      ['PATCH', `${GROUPS}/default`],
      ['GET', `${GROUPS}/default/auth/rotate`],
      ['DELETE', `${GROUPS}/default/auth/tokens`],
      ['GET', `${GROUPS}/default/locations/lhr`],
      ['POST', `${BASE_PATH}/v1/locations`],
      ['OPTIONS', GROUPS],
      ['HEAD', `${GROUPS}/default`],
    ];
    const answers: Array<[number, string | undefined]> = [];
    for (const [method, path] of asked) {
      const answer = await rawRequest(proxy.url, { method, path });
      answers.push([answer.status, answer.headers['allow']]);
    }
    expect(answers).toEqual([
      [405, 'GET, POST'],
      [405, 'GET, DELETE'],
      [405, 'POST'],
      [405, 'POST'],
      [405, 'POST, DELETE'],
      [405, 'GET'],
      [405, 'GET, POST'],
      [405, 'GET, DELETE'],
    ]);
    // An unknown path stays 404 whatever the method, and no method is ever forwarded unmatched.
    expect(outcome(await rawRequest(proxy.url, { method: 'OPTIONS', path: `${BASE_PATH}/v1/organizations/other/groups` }))).toEqual(NOT_FOUND);
    expect({ seen, authorized }).toEqual({ seen: [], authorized: [] });
  });

  it('every refusal is a JSON error that is never cached', async () => {
    const { proxy } = await startProxy();
    const answer = await rawRequest(proxy.url, { method: 'PUT', path: GROUPS });
    expect([answer.headers['content-type'], answer.headers['cache-control'], answer.headers['x-content-type-options'], JSON.parse(answer.body)]).toEqual([
      'application/json',
      'no-store',
      'nosniff',
      { error: 'method not allowed' },
    ]);
  });
});

describe('query parameters', () => {
  it('are dropped on every route but the mint, where only a valid expiration and authorization go on', async () => {
    const { proxy, seen } = await startProxy();
    await rawRequest(proxy.url, { path: `${GROUPS}?org=other&path=../databases&callback=x` });
    await rawRequest(proxy.url, { path: `${GROUPS}/default?fields=all` });
    await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/auth/tokens?authorization=read-only&evil=1&expiration=1d&permissions=x` });
    await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/auth/tokens?%65xpiration=2w` });
    expect(seen.map(({ path }) => path)).toEqual([
      `/v1/organizations/${ORG}/groups`,
      `/v1/organizations/${ORG}/groups/default`,
      `/v1/organizations/${ORG}/groups/default/auth/tokens?expiration=1d&authorization=read-only`,
      `/v1/organizations/${ORG}/groups/default/auth/tokens?expiration=2w`,
    ]);
  });

  it('an invalid or repeated expiration or authorization is 400, before authorize', async () => {
    const { proxy, seen, authorized } = await startProxy();
    const queries = ['expiration=forever', 'expiration=1d&expiration=never', 'authorization=admin', 'authorization=read-only&authorization=full-access', 'expiration=', 'expiration=1d%26authorization%3Dfull-access'];
    const answers: unknown[] = [];
    for (const query of queries) answers.push(outcome(await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/auth/tokens?${query}` })));
    expect(answers).toEqual([
      [400, { error: 'invalid expiration' }],
      [400, { error: 'more than one expiration' }],
      [400, { error: 'invalid authorization' }],
      [400, { error: 'more than one authorization' }],
      [400, { error: 'invalid expiration' }],
      [400, { error: 'invalid expiration' }],
    ]);
    expect({ seen, authorized }).toEqual({ seen: [], authorized: [] });
  });
});
