import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { listen } from '../../src/emulator/node.js';
import { ORG, TOKEN, rejectionOf, startHarness } from '../support/emulatorHarness.js';

const BASE = 'http://emulator.invalid';
const AUTH = { authorization: `Bearer ${TOKEN}` };

function emulatorWith(options: Partial<PlatformEmulatorOptions> = {}) {
  return createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'default', locations: ['lhr', 'ams'] }], ...options });
}

function call(method: string, path: string, init: RequestInit = {}): Request {
  return new Request(`${BASE}${path}`, { method, ...init, headers: { ...AUTH, ...(init.headers as Record<string, string> | undefined) } });
}

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the handler', () => {
  it('is a Web-standard (Request) => Response', async () => {
    const emulator = emulatorWith();
    const response = await emulator.handle(call('GET', `/v1/organizations/${ORG}/groups/default`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await json(response)).toMatchObject({ group: { name: 'default', locations: ['lhr', 'ams'], primary: 'lhr' } });
  });

  it('answers unknown paths 404 and known paths under the wrong method 405, as { error }', async () => {
    const emulator = emulatorWith();
    const unknown = await emulator.handle(call('GET', '/v1/organizations/acme/nothing'));
    expect([unknown.status, await json(unknown)]).toEqual([404, { error: 'not found' }]);
    const wrongMethod = await emulator.handle(call('DELETE', `/v1/organizations/${ORG}/groups`));
    expect([wrongMethod.status, await json(wrongMethod)]).toEqual([405, { error: 'method not allowed' }]);
  });

  it('answers a body that is not JSON with 400', async () => {
    const emulator = emulatorWith();
    const response = await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups`, { body: '{"name":' }));
    expect([response.status, await json(response)]).toEqual([400, { error: 'invalid JSON body' }]);
  });

  it('answers rotate with an empty 200', async () => {
    const emulator = emulatorWith();
    const response = await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups/default/auth/rotate`));
    expect([response.status, await response.text()]).toEqual([200, '']);
  });

  it('answers 400 for a mint with a bad expiration or authorization', async () => {
    const emulator = emulatorWith();
    const tokens = `/v1/organizations/${ORG}/groups/default/auth/tokens`;
    const badExpiry = await emulator.handle(call('POST', `${tokens}?expiration=soon`));
    expect([badExpiry.status, await json(badExpiry)]).toEqual([400, { error: 'Invalid expiration format' }]);
    const badLevel = await emulator.handle(call('POST', `${tokens}?authorization=admin`));
    expect(badLevel.status).toBe(400);
  });

  it('keeps no header in its request log', async () => {
    const emulator = emulatorWith();
    await emulator.handle(call('GET', `/v1/organizations/${ORG}/groups`));
    expect(emulator.requests).toEqual([{ method: 'GET', path: `/v1/organizations/${ORG}/groups`, operation: 'list', outcome: 200 }]);
    expect(JSON.stringify(emulator.requests)).not.toContain(TOKEN);
  });

  it('hands out copies: a snapshot changed by a test does not change the server', () => {
    const emulator = emulatorWith();
    const snapshot = emulator.snapshot();
    (snapshot.groups[0]?.locations as string[]).push('fra');
    expect(emulator.snapshot().groups[0]?.locations).toEqual(['lhr', 'ams']);
  });

  it('refuses seed groups that break its own rules, as validation errors naming the group', () => {
    expect(() => emulatorWith({ groups: [{ name: 'Bad', locations: ['lhr'] }] })).toThrow(expect.objectContaining({ code: 'validation', message: expect.stringContaining('invalid groups[0].name "Bad"') }));
    expect(() => emulatorWith({ groups: [{ name: 'ok', locations: ['mars'] }] })).toThrow(/groups\[0\]\.locations\[0\] "mars": an unknown location/);
  });
});

describe('hostile input to the handler', () => {
  it('answers 405 with Allow to a method no route serves, on any path', async () => {
    const emulator = emulatorWith();
    const answers: Array<[number, string | null, unknown]> = [];
    for (const [method, path] of [['PUT', `/v1/organizations/${ORG}/groups`], ['PATCH', `/v1/organizations/${ORG}/groups/default`], ['PROPFIND', '/nothing'], ['DELETE', '/v1/locations']]) {
      const response = await emulator.handle(call(method as string, path as string));
      answers.push([response.status, response.headers.get('allow'), await json(response)]);
    }
    expect(answers).toEqual([
      [405, 'GET, POST, OPTIONS', { error: 'method not allowed' }],
      [405, 'GET, DELETE, OPTIONS', { error: 'method not allowed' }],
      [405, 'GET, POST, DELETE, PATCH, OPTIONS', { error: 'method not allowed' }],
      [405, 'GET, OPTIONS', { error: 'method not allowed' }],
    ]);
  });

  it('answers 413 to a body over maxBodyBytes, and reads no further than the limit', async () => {
    const emulator = emulatorWith({ maxBodyBytes: 1_000 });
    let pulled = 0;
    let cancelled = false;
    // A body that would never end: only a reader that stops lets this answer come back.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 100;
        controller.enqueue(new Uint8Array(100).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const streamed = await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups`, { body: endless, duplex: 'half' } as RequestInit));
    const declared = await emulator.handle(call('GET', `/v1/organizations/${ORG}/groups`, { headers: { 'content-length': '1001' } }));
    const atLimit = await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups`, { body: JSON.stringify({ name: 'edge', location: 'ams' }).padEnd(1_000) }));
    expect([streamed.status, await json(streamed), pulled <= 1_200, cancelled]).toEqual([413, { error: 'request body too large' }, true, true]);
    expect([declared.status, atLimit.status]).toEqual([413, 200]);
    expect(emulator.requests.map((r) => r.outcome)).toEqual([413, 413, 200]);
  });

  it('quotes at most 64 characters of the input in an error message', async () => {
    const emulator = emulatorWith({ maxBodyBytes: 20_000_000 });
    const create = (body: unknown) => emulator.handle(call('POST', `/v1/organizations/${ORG}/groups`, { body: JSON.stringify(body) }));
    const messages: string[] = [];
    for (const response of [
      await create({ name: 'N'.repeat(10_000_000), location: 'ams' }),
      await create({ name: 'edge', location: `${'l'.repeat(63)}😀😀` }),
      await create({ name: ['a'.repeat(100)], location: 'ams' }),
      await create({ name: 'edge', location: { a: 'b'.repeat(100) } }),
    ]) {
      messages.push(((await json(response)) as { error: string }).error);
    }
    expect(messages).toEqual([
      `invalid group name: ${'N'.repeat(64)}…`,
      `invalid location: ${'l'.repeat(63)}…`, // never half an emoji
      'invalid group name: an array',
      'invalid location: an object',
    ]);
  });

  it('takes only its own location keys as locations, not what every object inherits', async () => {
    const emulator = emulatorWith();
    const statuses: number[] = [];
    for (const location of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
      statuses.push((await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups`, { body: JSON.stringify({ name: 'edge', location }) }))).status);
      statuses.push((await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups/default/locations/${location}`))).status);
    }
    expect(statuses).toEqual(Array.from({ length: 8 }, () => 400));
    expect(() => emulatorWith({ groups: [{ name: 'x', locations: ['toString'] }] })).toThrow(/groups\[0\]\.locations\[0\] "toString": an unknown location/);
  });
});

describe('tokens', () => {
  async function mint(emulator: ReturnType<typeof emulatorWith>, query = ''): Promise<string> {
    const response = await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups/default/auth/tokens${query}`));
    return ((await json(response)) as { jwt: string }).jwt;
  }

  it('are refused when tampered with or malformed', async () => {
    const emulator = emulatorWith();
    const jwt = await mint(emulator);
    const [header, payload, signature] = jwt.split('.');
    const forged = `${header}.${btoa(JSON.stringify({ a: 'rw', gid: 'x', gen: 0, iat: 0 })).replace(/=+$/, '')}.${signature}`;
    expect(await emulator.verifyToken(forged)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(await emulator.verifyToken(`${header}.${payload}`)).toEqual({ valid: false, reason: 'malformed' });
    expect(await emulator.verifyToken('not a jwt')).toEqual({ valid: false, reason: 'malformed' });
  });

  it('are not accepted by another emulator with another seed', async () => {
    const jwt = await mint(emulatorWith({ seed: 1 }));
    expect(await emulatorWith({ seed: 2 }).verifyToken(jwt)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('expire when their expiration has passed, by the emulator clock', async () => {
    let now = Date.UTC(2026, 0, 1);
    const emulator = emulatorWith({ now: () => now });
    const jwt = await mint(emulator, '?expiration=1h');
    now += 3_599_000;
    expect((await emulator.verifyToken(jwt)).valid).toBe(true);
    now += 1_000;
    expect(await emulator.verifyToken(jwt)).toEqual({ valid: false, reason: 'expired' });
  });

  it('die with their group, and do not open a new group of the same name', async () => {
    const emulator = emulatorWith();
    const jwt = await mint(emulator);
    await emulator.handle(call('DELETE', `/v1/organizations/${ORG}/groups/default`));
    expect(await emulator.verifyToken(jwt)).toEqual({ valid: false, reason: 'unknown_group' });
    await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups`, { body: JSON.stringify({ name: 'default', location: 'lhr' }) }));
    expect(await emulator.verifyToken(jwt)).toEqual({ valid: false, reason: 'unknown_group' });
  });
});

describe('faults', () => {
  it('a status fault answers before acting, with Retry-After and CORS headers', async () => {
    const emulator = emulatorWith({ faults: { failures: [{ kind: 'status', status: 429, retryAfter: 3, operation: 'delete', message: 'slow down' }] } });
    const response = await emulator.handle(call('DELETE', `/v1/organizations/${ORG}/groups/default`));
    expect([response.status, response.headers.get('retry-after'), response.headers.get('access-control-expose-headers')]).toEqual([429, '3', 'Retry-After']);
    expect(await json(response)).toEqual({ error: 'slow down' });
    expect(emulator.snapshot().groups).toHaveLength(1);
  });

  it('a drop before the work leaves the server as it was; a drop after it has acted', async () => {
    for (const phase of ['before', 'after'] as const) {
      const emulator = emulatorWith({ faults: { failures: [{ kind: 'drop', phase }] } });
      const error = await rejectionOf(emulator.fetch(`${BASE}/v1/organizations/${ORG}/groups/default`, { method: 'DELETE', headers: AUTH }));
      expect(error).toBeInstanceOf(TypeError);
      expect(emulator.snapshot().groups).toHaveLength(phase === 'before' ? 1 : 0);
      expect(emulator.requests.map((r) => r.outcome)).toEqual(['dropped']);
    }
  });

  it('a malformed answer is truncated JSON, after the work is done', async () => {
    const emulator = emulatorWith({ faults: { failures: [{ kind: 'malformed' }] } });
    const response = await emulator.handle(call('POST', `/v1/organizations/${ORG}/groups/default/locations/fra`));
    expect(response.status).toBe(200);
    await expect(json(response)).rejects.toThrow(SyntaxError);
    expect(emulator.snapshot().groups[0]?.locations).toEqual(['lhr', 'ams', 'fra']);
  });

  it('fire `times` times, only for their operations, and can be replaced at run time', async () => {
    const emulator = emulatorWith({ faults: { failures: [{ kind: 'status', status: 500, operation: ['retrieve'], times: 2 }] } });
    const statuses: number[] = [];
    for (const path of ['/groups', '/groups/default', '/groups/default', '/groups/default']) {
      statuses.push((await emulator.handle(call('GET', `/v1/organizations/${ORG}${path}`))).status);
    }
    emulator.setFaults({ failures: [{ kind: 'status', status: 503 }] });
    statuses.push((await emulator.handle(call('GET', '/v1/locations'))).status);
    emulator.setFaults({});
    statuses.push((await emulator.handle(call('GET', '/v1/locations'))).status);
    expect(statuses).toEqual([200, 500, 500, 200, 503, 200]);
  });

  it('drawn with a probability replay exactly under the same seed', async () => {
    async function run(seed: number): Promise<number[]> {
      const emulator = emulatorWith({ seed, faults: { failures: [{ kind: 'status', status: 503, probability: 0.5 }] } });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await emulator.handle(call('GET', '/v1/locations'))).status);
      return statuses;
    }
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run(8)).not.toEqual(first);
  });

  it('latency holds every answer for fixed + jitter milliseconds', async () => {
    vi.useFakeTimers();
    const emulator = emulatorWith({ faults: { latency: { fixedMs: 100, jitterMs: 50 } } });
    let answered = false;
    const pending = emulator.handle(call('GET', '/v1/locations')).then((r) => {
      answered = true;
      return r.status;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(51);
    expect(await pending).toBe(200);
  });
});

describe('serving over HTTP', () => {
  it('listens on 127.0.0.1 only, and close() stops it', async () => {
    const emulator = emulatorWith();
    const server = await listen(emulator);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/v1/locations`, { headers: AUTH });
    expect(response.status).toBe(200);
    await server.close();
    await expect(fetch(`${server.url}/v1/locations`, { headers: AUTH })).rejects.toThrow(TypeError);
  });

  it('drops the connection for a drop fault', async () => {
    const { emulator, baseURL } = await startHarness('http');
    emulator.setFaults({ failures: [{ kind: 'drop' }] });
    await expect(fetch(`${baseURL}/v1/locations`, { headers: AUTH })).rejects.toThrow(TypeError);
  });

  it('for a drop after the work, sends the start of the answer and closes before its body ends: the client fails once', async () => {
    const { emulator, baseURL } = await startHarness('http', { groups: [{ name: 'default', locations: ['lhr'] }] });
    emulator.setFaults({ failures: [{ kind: 'drop', phase: 'after', operation: 'addLocation' }] });
    const response = await fetch(`${baseURL}/v1/organizations/${ORG}/groups/default/locations/fra`, { method: 'POST', headers: AUTH });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json']);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(emulator.snapshot().groups[0]?.locations).toContain('fra');
    expect(emulator.requests.map((r) => [r.operation, r.outcome])).toEqual([['addLocation', 'dropped']]);
  });

  it('for a drop after work that answers no body, still closes mid-body', async () => {
    const { emulator, baseURL } = await startHarness('http', { groups: [{ name: 'default', locations: ['lhr'] }] });
    emulator.setFaults({ failures: [{ kind: 'drop', phase: 'after', operation: 'invalidateTokens' }] });
    const response = await fetch(`${baseURL}/v1/organizations/${ORG}/groups/default/auth/rotate`, { method: 'POST', headers: AUTH });
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    expect(emulator.requests.map((r) => r.outcome)).toEqual(['dropped']);
  });

  it('for a stall fault, sends the status, the headers and half the body, then nothing until the client gives up', async () => {
    const { emulator, baseURL } = await startHarness('http');
    emulator.setFaults({ failures: [{ kind: 'stall' }] });
    const controller = new AbortController();
    const response = await fetch(`${baseURL}/v1/locations`, { headers: AUTH, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^\{"locations":/);
    const rest = reader.read();
    let ended = false;
    void rest.then(() => (ended = true), () => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ended).toBe(false);
    controller.abort();
    await expect(rest).rejects.toThrow();
    expect(emulator.requests.map((r) => r.outcome)).toEqual([200]);
  });
});
