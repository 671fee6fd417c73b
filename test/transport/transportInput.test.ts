import { describe, expect, it } from 'vitest';
import { createFetchTransport, createGroupsApi, isGroupsError, type FetchTransportOptions, type GroupsError } from '../../src/index.js';
import { rejectionOf } from '../support/emulatorHarness.js';

const boom = new Error('boom');
const throwing = (): never => {
  throw boom;
};
const TEN_MB = 'a'.repeat(10 * 1024 * 1024);

/** The code of what `build` threw, `'built'` when it threw nothing, or the name of a non-GroupsError. */
function thrownCode(build: () => unknown): string {
  try {
    build();
    return 'built';
  } catch (error) {
    return isGroupsError(error) ? error.code : `not a GroupsError: ${(error as Error).name}`;
  }
}

/** A fetch that counts calls and answers an empty group list. */
function countingFetch(): { fetch: typeof globalThis.fetch; readonly urls: string[] } {
  const urls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    urls.push(new Request(input).url);
    return new Response('{"groups":[]}', { headers: { 'content-type': 'application/json' } });
  };
  return { fetch, urls };
}

describe('createFetchTransport options', () => {
  it('accepts the defaults and every documented shape', () => {
    const accepted: FetchTransportOptions[] = [
      {},
      { baseURL: 'https://api.turso.tech' },
      { baseURL: 'http://127.0.0.1:8080/api/turso/' },
      { token: 'secret', timeout: 0, retry: 0, retryDelay: 0, maxRetryAfter: 0 },
      { token: async () => 'secret', retryDelay: (attempt) => attempt * 10, timeout: 2_147_483_647, retry: 100 },
      { baseURL: undefined, token: undefined, fetch: undefined, timeout: undefined, retry: undefined, retryDelay: undefined, maxRetryAfter: undefined },
    ];
    expect([thrownCode(() => createFetchTransport()), ...accepted.map((options) => thrownCode(() => createFetchTransport(options)))])
      .toEqual(Array(accepted.length + 1).fill('built'));
  });

  it.each([
    ['a relative baseURL', { baseURL: '/api' }],
    ['a baseURL without a scheme', { baseURL: 'api.turso.tech' }],
    ['a protocol-relative baseURL', { baseURL: '//api.turso.tech' }],
    ['an ftp baseURL', { baseURL: 'ftp://api.turso.tech' }],
    ['a javascript: baseURL', { baseURL: 'javascript:alert(1)' }],
    ['a baseURL with credentials', { baseURL: 'https://user:pw@api.turso.tech' }],
    ['a baseURL with a query', { baseURL: 'https://api.turso.tech/?x=1' }],
    ['a baseURL with a bare ?', { baseURL: 'https://api.turso.tech?' }],
    ['a baseURL with a fragment', { baseURL: 'https://api.turso.tech/#x' }],
    ['a baseURL with a lone surrogate', { baseURL: 'https://api.turso.tech/\ud800' }],
    ['a 10 MB baseURL', { baseURL: `https://${TEN_MB}` }],
    ['a numeric baseURL', { baseURL: 42 }],
    ['a negative timeout', { timeout: -1 }],
    ['a NaN timeout', { timeout: Number.NaN }],
    ['an infinite timeout', { timeout: Number.POSITIVE_INFINITY }],
    ['a timeout past what setTimeout holds', { timeout: 2 ** 31 }],
    ['a string timeout', { timeout: '30' }],
    ['a fractional retry', { retry: 1.5 }],
    ['a negative retry', { retry: -1 }],
    ['a huge retry', { retry: 1e9 }],
    ['a BigInt retry', { retry: 2n }],
    ['a negative retryDelay', { retryDelay: -5 }],
    ['a string retryDelay', { retryDelay: 'fast' }],
    ['a NaN maxRetryAfter', { maxRetryAfter: Number.NaN }],
    ['an infinite maxRetryAfter', { maxRetryAfter: Number.POSITIVE_INFINITY }],
    ['a numeric token', { token: 42 }],
    ['a null token', { token: null }],
    ['an object as fetch', { fetch: {} }],
    ['null options', null],
    ['an array as options', []],
    ['a string as options', 'https://api.turso.tech'],
  ])('%s is a validation GroupsError', (_, options) => {
    expect(thrownCode(() => createFetchTransport(options as never))).toBe('validation');
  });

  it('an option whose getter throws: a validation error with that cause', () => {
    let error: unknown;
    try {
      createFetchTransport(Object.defineProperty({}, 'baseURL', { enumerable: true, get: throwing }));
    } catch (caught) {
      error = caught;
    }
    expect({ code: (error as GroupsError).code, cause: (error as GroupsError).cause }).toEqual({ code: 'validation', cause: boom });
  });

  it('reads each option once', async () => {
    const reads: string[] = [];
    const { fetch, urls } = countingFetch();
    const values: Record<string, unknown> = { baseURL: 'https://api.example.test', fetch, retry: 0 };
    const options = {};
    for (const key of ['baseURL', 'token', 'fetch', 'timeout', 'retry', 'retryDelay', 'maxRetryAfter']) {
      Object.defineProperty(options, key, { enumerable: true, get: () => { reads.push(key); return values[key]; } });
    }
    const api = createGroupsApi({ org: 'acme', transport: createFetchTransport(options) });
    await api.list();
    await api.list();
    expect({ reads: reads.sort(), urls }).toEqual({
      reads: ['baseURL', 'fetch', 'maxRetryAfter', 'retry', 'retryDelay', 'timeout', 'token'],
      urls: Array(2).fill('https://api.example.test/v1/organizations/acme/groups'),
    });
  });
});

describe('a request handed to the fetch transport directly', () => {
  const GOOD = { method: 'GET', path: '/v1/locations' } as const;

  it.each([
    ['null', null],
    ['a string', '/v1/locations'],
    ['an unknown method', { ...GOOD, method: 'PUT' }],
    ['a lowercase method', { ...GOOD, method: 'get' }],
    ['a dot segment', { ...GOOD, path: '/v1/../v2' }],
    ['an encoded dot segment', { ...GOOD, path: '/v1/%2E%2e/v2' }],
    ['a lone surrogate in the path', { ...GOOD, path: '/v1/\ud800' }],
    ['a query in the path', { ...GOOD, path: '/v1/locations?x=1' }],
    ['a query that is not strings', { ...GOOD, query: { expiration: 1n } }],
    ['a query that is an array', { ...GOOD, query: ['x'] }],
    ['a BigInt in the body', { method: 'POST', path: '/v1/locations', body: { n: 1n } }],
    ['an array as the body', { method: 'POST', path: '/v1/locations', body: [] }],
    ['a fake signal', { ...GOOD, signal: {} }],
    ['a throwing path getter', Object.defineProperty({ method: 'GET' }, 'path', { enumerable: true, get: throwing })],
  ])('%s is refused as validation and fetches nothing', async (_, request) => {
    const { fetch, urls } = countingFetch();
    const transport = createFetchTransport({ baseURL: 'https://api.example.test', fetch });
    const error = await rejectionOf(transport(request as never));
    expect({ code: (error as GroupsError).code, groupsError: isGroupsError(error), fetched: urls.length }).toEqual({ code: 'validation', groupsError: true, fetched: 0 });
  });

  it('a good request goes out with its query encoded', async () => {
    const { fetch, urls } = countingFetch();
    const transport = createFetchTransport({ baseURL: 'https://api.example.test/', fetch });
    await transport({ method: 'GET', path: '/v1/locations', query: { a: 'x y', b: 'é' } });
    expect(urls).toEqual(['https://api.example.test/v1/locations?a=x+y&b=%C3%A9']);
  });
});
