import { describe, expect, it } from 'vitest';
import { isGroupsError } from '../../src/index.js';
import { createGroupsProxy, DEFAULT_MAX_ANSWER_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, DEFAULT_UPSTREAM, type GroupsProxyOptions } from '../../src/proxy/index.js';
import { BASE_PATH, GROUPS, outcome, rawRequest, SERVER_TOKEN, startProxy } from './proxyHarness.js';

// A misconfigured proxy fails when the server starts, with a validation
// GroupsError that never quotes the token; a well-configured one normalizes
// what it was given.

const VALID: GroupsProxyOptions = { org: 'my-org', token: SERVER_TOKEN, authorize: () => true };

function refusal(options: unknown): unknown {
  try {
    createGroupsProxy(options as GroupsProxyOptions);
  } catch (error) {
    return isGroupsError(error) ? [error.code, error.message.includes(SERVER_TOKEN)] : error;
  }
  return 'accepted';
}

describe('createGroupsProxy options', () => {
  it('refuses what it cannot use, up front', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'my-org',
      { ...VALID, org: '' },
      { ...VALID, org: '..' },
      { ...VALID, org: 42 },
      { ...VALID, token: undefined },
      { ...VALID, token: '' },
      { ...VALID, token: 42 },
      { ...VALID, token: `${SERVER_TOKEN}\r\nx-injected: 1` },
      { ...VALID, token: `Bearer ${SERVER_TOKEN}` },
      { ...VALID, authorize: undefined },
      { ...VALID, authorize: true },
      { ...VALID, upstream: 'ftp://api.turso.tech' },
      { ...VALID, upstream: 'https://user:secret@api.turso.tech' },
      { ...VALID, upstream: 'https://api.turso.tech?x=1' },
      { ...VALID, upstream: 'https://api.turso.tech#x' },
      { ...VALID, upstream: '/relative' },
      { ...VALID, basePath: 'api/turso' },
      { ...VALID, basePath: '/api/../turso' },
      { ...VALID, basePath: '/api//turso' },
      { ...VALID, basePath: '/api/%74urso' },
      { ...VALID, basePath: '/api/tur so' },
      { ...VALID, basePath: '/api\\turso' },
      { ...VALID, fetch: 'fetch' },
      { ...VALID, maxBodyBytes: -1 },
      { ...VALID, maxBodyBytes: 1.5 },
      { ...VALID, maxBodyBytes: Number.POSITIVE_INFINITY },
      { ...VALID, maxAnswerBytes: -1 },
      { ...VALID, maxAnswerBytes: 2.5 },
      { ...VALID, maxAnswerBytes: '4mb' },
      { ...VALID, maxAnswerBytes: Number.NaN },
      { ...VALID, timeout: -1 },
      { ...VALID, timeout: 2 ** 31 },
      { ...VALID, onError: 'log' },
      { ...VALID, operations: 'list' },
      { ...VALID, operations: [] },
      { ...VALID, operations: ['list', 'lists'] },
      { ...VALID, operations: ['list', 7] },
      { ...VALID, operations: ['toString'] },
      {
        ...VALID,
        get org(): string {
          throw new Error('getter');
        },
      },
    ];
    expect(bad.map(refusal)).toEqual(bad.map(() => ['validation', false]));
  });

  it('names the operation it cannot use, and the ones there are', () => {
    expect(() => createGroupsProxy({ ...VALID, operations: ['list', 'lists'] } as unknown as GroupsProxyOptions)).toThrow(
      'invalid operations[1] "lists": expected a non-empty array of operations (list, create, retrieve,',
    );
  });

  it('has the documented defaults', () => {
    expect([DEFAULT_UPSTREAM, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ANSWER_BYTES, DEFAULT_TIMEOUT_MS, refusal(VALID)]).toEqual(['https://api.turso.tech', 65_536, 4_194_304, 30_000, 'accepted']);
  });

  it('a trailing slash on upstream or basePath changes nothing', async () => {
    const plain = await startProxy();
    const slashed = await startProxy({ proxy: { basePath: `${BASE_PATH}/` } });
    const withSlash = await startProxy({ proxy: { upstream: `${plain.upstream.url}/` } });
    const answers = [];
    for (const { proxy } of [slashed, withSlash]) answers.push((await rawRequest(proxy.url, { path: GROUPS })).status);
    // withSlash forwards to plain's upstream.
    expect([answers, slashed.seen.map(({ path }) => path), plain.seen.map(({ path }) => path)]).toEqual([
      [200, 200],
      ['/v1/organizations/my-org/groups'],
      ['/v1/organizations/my-org/groups'],
    ]);
  });

  it('an upstream with a path prefix keeps it, and basePath "" serves the routes at the root', async () => {
    const prefixed = await startProxy({
      proxy: { basePath: '' },
      upstream: async (request, emulator) => {
        const url = new URL(request.url);
        if (!url.pathname.startsWith('/turso/')) return new Response('{"error":"no prefix"}', { status: 404 });
        return emulator.handle(new Request(new URL(url.pathname.slice('/turso'.length) + url.search, url), request));
      },
    });
    const rerouted = await startProxy({ proxy: { basePath: '', upstream: `${prefixed.upstream.url}/turso` } });
    expect([
      outcome(await rawRequest(rerouted.proxy.url, { path: '/v1/organizations/my-org/groups/default' }))[0],
      outcome(await rawRequest(rerouted.proxy.url, { path: GROUPS }))[0],
      prefixed.seen.map(({ path }) => path),
    ]).toEqual([200, 404, ['/turso/v1/organizations/my-org/groups/default']]);
  });
});
