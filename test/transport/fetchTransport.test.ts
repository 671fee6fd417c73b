import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFetchTransport, createGroupsApi, isGroupsError, type GroupsError } from '../../src/index.js';
import { createPlatformEmulator, type FaultRule } from '../../src/emulator/index.js';
import { ORG, TOKEN, WIRES, reachableText, rejectionOf, startHarness } from '../support/emulatorHarness.js';

const BASE = 'https://api.example.test';

function setup(failures: readonly FaultRule[] = [], transport: Parameters<typeof createFetchTransport>[0] = {}) {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'default', locations: ['ams'] }], faults: { failures } });
  const api = createGroupsApi({
    org: ORG,
    transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch, retryDelay: 0, ...transport }),
  });
  const outcomes = () => emulator.requests.map((r) => r.outcome);
  return { emulator, api, outcomes };
}

async function groupsErrorOf(promise: Promise<unknown>): Promise<GroupsError> {
  const error = await rejectionOf(promise);
  if (!isGroupsError(error)) throw new Error(`expected a GroupsError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('retries', () => {
  it('retries a read on 5xx until it succeeds', async () => {
    const { api, outcomes } = setup([{ kind: 'status', status: 502, times: 2 }]);
    expect(await api.list()).toHaveLength(1);
    expect(outcomes()).toEqual([502, 502, 200]);
  });

  it('gives up on a read after `retry` retries, with the last status', async () => {
    const { api, outcomes } = setup([{ kind: 'status', status: 500 }], { retry: 3 });
    expect(await groupsErrorOf(api.list())).toMatchObject({ code: 'server', status: 500, operation: 'list' });
    expect(outcomes()).toEqual([500, 500, 500, 500]);
  });

  it('retries a read after a dropped connection, and reports `network` when it keeps dropping', async () => {
    const { api, outcomes } = setup([{ kind: 'drop' }]);
    const error = await groupsErrorOf(api.retrieve('default'));
    expect(error).toMatchObject({ code: 'network', operation: 'retrieve', group: 'default' });
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(outcomes()).toEqual(['dropped', 'dropped', 'dropped']);
  });

  it('never retries a mutation that may have reached the server', async () => {
    for (const rule of [{ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'drop' }, { kind: 'drop', phase: 'after' }] as const) {
      const { api, outcomes } = setup([rule]);
      const error = await groupsErrorOf(api.addLocation('default', 'fra'));
      expect(error.code).toBe(rule.kind === 'drop' ? 'network' : 'server');
      expect(outcomes()).toHaveLength(1);
    }
  });

  it('retries a mutation the server refused before acting (429, 503)', async () => {
    const { api, emulator, outcomes } = setup([
      { kind: 'status', status: 429, operation: 'create', times: 1 },
      { kind: 'status', status: 503, operation: 'create', times: 1 },
    ]);
    expect(await api.create({ name: 'edge', location: 'lhr' })).toMatchObject({ name: 'edge' });
    expect(outcomes()).toEqual([429, 503, 200]);
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['default', 'edge']);
  });

  it('does not retry client errors', async () => {
    const { api, outcomes } = setup();
    expect(await groupsErrorOf(api.retrieve('missing'))).toMatchObject({ code: 'not_found' });
    expect(outcomes()).toEqual([404]);
  });

  it('retries with exponential backoff and jitter by default', async () => {
    vi.useFakeTimers();
    // Jitter draws from Math.random: pin it to see the schedule (half fixed, half drawn).
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { api, outcomes } = setup([{ kind: 'status', status: 503 }], { retryDelay: undefined, retry: 2 });
    const settled = rejectionOf(api.list());
    await vi.advanceTimersByTimeAsync(224);
    expect(outcomes()).toEqual([503]); // 300 ms ceiling: 150 + 0.5 × 150
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes()).toEqual([503, 503]);
    await vi.advanceTimersByTimeAsync(449);
    expect(outcomes()).toEqual([503, 503]); // 600 ms ceiling: 300 + 0.5 × 300
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes()).toEqual([503, 503, 503]);
    expect(await settled).toMatchObject({ code: 'server', status: 503 });
  });

  it('a retryDelay longer than a timer can wait holds the retry back, instead of retrying at once', async () => {
    // setTimeout fires at once for a delay above 2^31 - 1 ms: taken as is, "retry in a month" retried at once.
    vi.useFakeTimers();
    const { api, outcomes } = setup([{ kind: 'status', status: 503 }], { retryDelay: () => 30 * 86_400_000, retry: 3 });
    const gaveUp = new AbortController();
    const settled = rejectionOf(api.list({ signal: gaveUp.signal }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outcomes()).toEqual([503]);
    gaveUp.abort();
    expect(await settled).toMatchObject({ code: 'aborted', operation: 'list' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('onRetry: each retry is told before its wait', () => {
  it('tells the attempt, the reason tied to the call, and the wait (Retry-After first, then the backoff)', async () => {
    vi.useFakeTimers();
    const { api, outcomes } = setup([
      { kind: 'status', status: 429, retryAfter: 2, times: 1, message: 'slow down' },
      { kind: 'drop', times: 1 },
    ], { retryDelay: (attempt) => 100 * (attempt + 1) });
    const told: unknown[] = [];
    const listed = api.list({ onRetry: (retry) => told.push({ attempt: retry.attempt, code: retry.reason.code, status: retry.reason.status, operation: retry.reason.operation, detail: retry.reason.detail, waitMs: retry.waitMs }) });
    await vi.advanceTimersByTimeAsync(2_200);
    expect(await listed).toHaveLength(1);
    expect(outcomes()).toEqual([429, 'dropped', 200]);
    expect(told).toEqual([
      { attempt: 1, code: 'rate_limited', status: 429, operation: 'list', detail: 'slow down', waitMs: 2_000 },
      { attempt: 2, code: 'network', status: undefined, operation: 'list', detail: 'network error', waitMs: 200 },
    ]);
  });

  it('is not told when nothing is retried; a listener that is no function is refused before the wire', async () => {
    const { api } = setup([{ kind: 'status', status: 404, times: 1 }]);
    const told: unknown[] = [];
    await expect(api.retrieve('default', { onRetry: (retry) => told.push(retry) })).rejects.toMatchObject({ code: 'not_found' });
    expect(told).toEqual([]);
    await expect(api.retrieve('default', { onRetry: 'nope' as never })).rejects.toMatchObject({ code: 'validation', detail: expect.stringContaining('onRetry') });
  });
});

describe('onAnswer: each answer’s status and headers are told', () => {
  it('tells every attempt’s answer, errors included, before the call settles; a throwing listener does not break the call', async () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'default', locations: ['ams'] }], faults: { failures: [{ kind: 'status', status: 502, times: 1 }] } });
    let seq = 0;
    // What a proxy with a change feed adds to every answer it relays.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const answer = await emulator.fetch(input, init);
      const headers = new Headers(answer.headers);
      headers.set('x-groups-feed', `e1:${++seq}`);
      return new Response(answer.body, { status: answer.status, headers });
    };
    const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch, retryDelay: 0 }) });
    const told: string[] = [];
    const groups = await api.list({ onAnswer: ({ status, headers }) => told.push(`${status} ${headers.get('x-groups-feed')}`) });
    expect(groups).toHaveLength(1);
    expect(told).toEqual(['502 e1:1', '200 e1:2']);
    await expect(api.retrieve('nope', { onAnswer: ({ status }) => told.push(String(status)) })).rejects.toMatchObject({ code: 'not_found' });
    expect(told.at(-1)).toBe('404');
    const thrown = vi.fn(() => {
      throw new Error('listener bug');
    });
    const reported = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    expect(await api.retrieve('default', { onAnswer: thrown })).toMatchObject({ name: 'default' });
    expect(thrown).toHaveBeenCalledTimes(1);
    expect(await reported).toMatchObject({ message: 'listener bug' });
  });

  it('refuses a listener that is no function before the wire', async () => {
    const { api, emulator } = setup();
    await expect(api.list({ onAnswer: 42 as never })).rejects.toMatchObject({ code: 'validation', detail: expect.stringContaining('onAnswer') });
    expect(emulator.requests).toEqual([]);
  });
});

describe('Retry-After', () => {
  it('waits exactly as long as a 429 asks, in seconds', async () => {
    vi.useFakeTimers();
    const { api, outcomes } = setup([{ kind: 'status', status: 429, retryAfter: 2, times: 1 }]);
    const result = api.list();
    await vi.advanceTimersByTimeAsync(1999);
    expect(outcomes()).toEqual([429]);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes()).toEqual([429, 200]);
    expect(await result).toHaveLength(1);
  });

  it('reads an HTTP date as well', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 0, 0));
    let calls = 0;
    const fetch = async (): Promise<Response> => {
      calls += 1;
      return calls === 1
        ? new Response('{"error":"slow down"}', { status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 12:00:05 GMT', 'content-type': 'application/json' } })
        : new Response('{"groups":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch, retryDelay: 0 }) });
    const result = api.list();
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual([]);
    expect(calls).toBe(2);
  });

  it('fails at once when the wait is longer than maxRetryAfter, saying how long', async () => {
    const { api, outcomes } = setup([{ kind: 'status', status: 429, retryAfter: 120, message: 'rate limit exceeded' }]);
    const error = await groupsErrorOf(api.create({ name: 'edge', location: 'lhr' }));
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 120_000, detail: 'rate limit exceeded' });
    expect(error.message).toBe('create group "edge": 429 rate limit exceeded');
    expect(outcomes()).toEqual([429]);
  });
});

describe('timeouts and aborts', () => {
  it('fails an attempt that takes longer than `timeout`, and retries a read', async () => {
    vi.useFakeTimers();
    const { api, emulator, outcomes } = setup([], { timeout: 1000, retry: 1 });
    emulator.setFaults({ latency: { fixedMs: 5000 } });
    const settled = rejectionOf(api.list());
    await vi.advanceTimersByTimeAsync(1000);
    expect(outcomes()).toEqual(['aborted']);
    await vi.advanceTimersByTimeAsync(1000);
    const error = await settled;
    expect(error).toMatchObject({ code: 'timeout', operation: 'list' });
    expect(outcomes()).toEqual(['aborted', 'aborted']);
  });

  it('does not retry a timed-out mutation', async () => {
    vi.useFakeTimers();
    const { api, emulator, outcomes } = setup([], { timeout: 1000 });
    emulator.setFaults({ latency: { fixedMs: 5000 } });
    const settled = rejectionOf(api.delete('default'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await settled).toMatchObject({ code: 'timeout', operation: 'delete' });
    expect(outcomes()).toEqual(['aborted']);
  });

  it('rejects with `aborted` when the signal fires mid-request, without retrying', async () => {
    vi.useFakeTimers();
    const { api, emulator, outcomes } = setup();
    emulator.setFaults({ latency: { fixedMs: 5000 } });
    const controller = new AbortController();
    const settled = rejectionOf(api.list({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect(await settled).toMatchObject({ code: 'aborted', operation: 'list' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outcomes()).toEqual(['aborted']);
  });

  it('rejects at once when aborted during the wait before a retry', async () => {
    vi.useFakeTimers();
    const { api, outcomes } = setup([{ kind: 'status', status: 503, retryAfter: 30 }]);
    const controller = new AbortController();
    const settled = rejectionOf(api.list({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await settled).toMatchObject({ code: 'aborted' });
    expect(vi.getTimerCount()).toBe(0); // the 30 s wait is cancelled, not left to run out
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outcomes()).toEqual([503]);
  });

  it('fails an answer whose body hangs after the headers, as it fails a slow one', async () => {
    vi.useFakeTimers();
    const { api, outcomes } = setup([{ kind: 'stall', operation: 'list', times: 1 }], { timeout: 1000, retry: 1 });
    const settled = api.list();
    await vi.advanceTimersByTimeAsync(1000); // headers came at once; the body never ends: timed out, then retried
    expect((await settled).map((g) => g.name)).toEqual(['default']);
    expect(outcomes()).toEqual([200, 200]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with `aborted` when the signal fires while the body is read', async () => {
    vi.useFakeTimers();
    const { api } = setup([{ kind: 'stall' }], { timeout: 0 });
    const controller = new AbortController();
    const settled = rejectionOf(api.list({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect(await settled).toMatchObject({ code: 'aborted', operation: 'list' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each(WIRES)('a body that hangs mid-way times out over %s', async (wire) => {
    const { api, emulator } = await startHarness(wire, { groups: [{ name: 'default', locations: ['ams'] }] }, { timeout: 200, retry: 0 });
    emulator.setFaults({ failures: [{ kind: 'stall' }] });
    expect(await rejectionOf(api.retrieve('default'))).toMatchObject({ code: 'timeout', operation: 'retrieve', group: 'default' });
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { api, outcomes } = setup();
    expect(await groupsErrorOf(api.list({ signal: AbortSignal.abort() }))).toMatchObject({ code: 'aborted' });
    expect(outcomes()).toEqual([]);
  });
});

describe('the token', () => {
  interface Sent { url: string; authorization: string | null; contentType: string | null; body: string | null }

  function recordingFetch(sent: Sent[]): typeof globalThis.fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      sent.push({ url: request.url, authorization: request.headers.get('authorization'), contentType: request.headers.get('content-type'), body: await request.text() || null });
      return new Response('{"group":{"name":"x","locations":["ams"],"primary":"ams"}}', { headers: { 'content-type': 'application/json' } });
    };
  }

  it('is sent as a bearer token to the base URL, with JSON bodies', async () => {
    const sent: Sent[] = [];
    const transport = createFetchTransport({ token: TOKEN, baseURL: `${BASE}/proxy/`, fetch: recordingFetch(sent) });
    await createGroupsApi({ org: ORG, transport }).create({ name: 'x', location: 'ams' });
    expect(sent).toEqual([
      { url: `${BASE}/proxy/v1/organizations/${ORG}/groups`, authorization: `Bearer ${TOKEN}`, contentType: 'application/json', body: '{"name":"x","location":"ams"}' },
    ]);
  });

  it('is read through the getter before every attempt, retries included', async () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, faults: { failures: [{ kind: 'status', status: 503, times: 2 }] } });
    const getter = vi.fn(async () => TOKEN);
    const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: getter, baseURL: BASE, fetch: emulator.fetch, retryDelay: 0 }) });
    await api.list();
    await api.list();
    expect(getter).toHaveBeenCalledTimes(4);
  });

  it('is left out when there is none (a backend proxy adds it)', async () => {
    const sent: Sent[] = [];
    const transport = createFetchTransport({ baseURL: `${BASE}/api/turso`, fetch: recordingFetch(sent) });
    await createGroupsApi({ org: ORG, transport }).retrieve('x');
    expect(sent.map((s) => s.authorization)).toEqual([null]);
  });

  it('is never sent to another origin: paths that could name another host are refused unsent', async () => {
    const sent: Sent[] = [];
    const transport = createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: recordingFetch(sent) });
    for (const path of ['//evil.example/v1', 'https://evil.example/v1', '@evil.example/v1', '/\\evil.example', 'v1/locations']) {
      expect(await rejectionOf(transport({ method: 'GET', path }))).toMatchObject({ code: 'validation' });
    }
    expect(sent).toEqual([]);
  });

  it('a failing getter fails the call as unauthorized, before any request', async () => {
    const sent: Sent[] = [];
    const cause = new Error('session expired');
    const transport = createFetchTransport({ token: () => { throw cause; }, baseURL: BASE, fetch: recordingFetch(sent) });
    const error = await groupsErrorOf(createGroupsApi({ org: ORG, transport }).list());
    expect(error).toMatchObject({ code: 'unauthorized', operation: 'list', cause });
    expect(sent).toEqual([]);
  });

  it('a getter still pending when the call is aborted: the call rejects aborted, and nothing is sent', async () => {
    // A getter waiting on a session refresh that never comes held the call forever: neither
    // the caller's signal nor a store's dispose() could end it.
    const sent: Sent[] = [];
    const transport = createFetchTransport({ token: () => new Promise<string>(() => undefined), baseURL: BASE, fetch: recordingFetch(sent) });
    const gaveUp = new AbortController();
    let outcome: unknown = 'pending';
    const call = createGroupsApi({ org: ORG, transport }).list({ signal: gaveUp.signal }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    void call.then((settled) => (outcome = settled));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(outcome).toBe('pending');
    gaveUp.abort();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(outcome).toMatchObject({ name: 'GroupsError', code: 'aborted', operation: 'list' });
    expect(sent).toEqual([]);
  });

  it('never appears in an error, even when the server echoes it', async () => {
    const echo: typeof globalThis.fetch = async (input, init) => {
      const header = new Request(input, init).headers.get('authorization') ?? '';
      return new Response(JSON.stringify({ error: `token ${header} rejected; see eyJhbGciOiJIUzI1NiJ9.eyJhIjoicncifQ.c2ln` }), { status: 401, headers: { 'content-type': 'application/json' } });
    };
    const transport = createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: echo });
    const error = await groupsErrorOf(createGroupsApi({ org: ORG, transport }).list());
    expect(error.detail).toBe('token Bearer [redacted] rejected; see [redacted jwt]');
    expect(reachableText(error)).not.toContain(TOKEN);
  });

  it('never appears in a network error or its causes', async () => {
    const { api } = setup([{ kind: 'drop' }]);
    const error = await groupsErrorOf(api.list());
    expect(error.code).toBe('network');
    expect(reachableText(error)).not.toContain(TOKEN);
  });

  it('never appears in the cause of a failure the fetch in use threw quoting it', async () => {
    // A fetch wrapper (a logger, a proxy's client) whose error says which request failed, headers and all.
    const quoting: typeof globalThis.fetch = async (input, init) => {
      const header = new Request(input, init).headers.get('authorization') ?? '';
      throw new TypeError(`fetch failed: GET with ${header}`, { cause: new Error(`socket closed; token ${TOKEN}, session eyJhbGciOiJIUzI1NiJ9.eyJhIjoicncifQ.c2ln`) });
    };
    const transport = createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: quoting, retry: 0 });
    const error = await groupsErrorOf(createGroupsApi({ org: ORG, transport }).list());
    expect(error).toMatchObject({ code: 'network', operation: 'list' });
    expect(reachableText(error)).not.toContain(TOKEN);
    expect(reachableText(error)).not.toContain('eyJhbGciOiJIUzI1NiJ9.eyJhIjoicncifQ.c2ln');
    // What stays says what went wrong.
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed: GET with Bearer [redacted]: socket closed; token [redacted], session [redacted jwt]' });
  });

  it('a token that is no valid header value fails without being quoted', async () => {
    const sent: Sent[] = [];
    const transport = createFetchTransport({ token: 'line\nbreak-secret', baseURL: BASE, fetch: recordingFetch(sent) });
    const error = await groupsErrorOf(createGroupsApi({ org: ORG, transport }).list());
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(reachableText(error)).not.toContain('break-secret');
    expect(sent).toEqual([]);
  });
});

describe('answers', () => {
  it('a malformed body is a bad_response, not a crash', async () => {
    const { api } = setup([{ kind: 'malformed', operation: 'list' }]);
    const error = await groupsErrorOf(api.list());
    expect(error).toMatchObject({ code: 'bad_response', operation: 'list' });
    expect(error.message).toBe('list groups: unexpected response: expected { groups: Group[] }');
  });

  it('a body of the wrong shape is a bad_response that does not quote the body', async () => {
    const jwtLike = 'eyJhbGciOiJIUzI1NiJ9.eyJzZWNyZXQiOjF9.c2ln';
    const fetch: typeof globalThis.fetch = async () =>
      new Response(JSON.stringify({ jwt: 42, leaked: jwtLike }), { headers: { 'content-type': 'application/json' } });
    const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch }) });
    const error = await groupsErrorOf(api.mintToken('default'));
    expect(error).toMatchObject({ code: 'bad_response', operation: 'mintToken', group: 'default' });
    expect(reachableText(error)).not.toContain(jwtLike);
  });

  it('reads a body as Response.text() does: UTF-8, a leading byte order mark dropped, text answers as text', async () => {
    const group = { name: 'café', locations: ['lhr'], primary: 'lhr' };
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify({ group })}`);
    const fetch: typeof globalThis.fetch = async () => new Response(bytes, { headers: { 'content-type': 'application/json' } });
    const transport = createFetchTransport({ token: TOKEN, baseURL: BASE, fetch });
    expect(await transport({ method: 'GET', path: '/v1/x' })).toEqual({ group });
    const text: typeof globalThis.fetch = async () => new Response('plain \u00e9', { headers: { 'content-type': 'text/plain' } });
    expect(await createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: text })({ method: 'GET', path: '/v1/x' })).toBe('plain \u00e9');
  });

  it('a non-JSON error page keeps its status and the status text', async () => {
    const fetch: typeof globalThis.fetch = async () =>
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } });
    const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch, retry: 0 }) });
    expect((await groupsErrorOf(api.list())).message).toBe('list groups: 502 Bad Gateway');
  });
});
