import { describe, expect, it, vi } from 'vitest';
import type { GroupsError } from '../../src/index.js';
import { GROUPS, hasSession, outcome, rawRequest, SERVER_TOKEN, startProxy, UPSTREAM_GROUPS } from './proxyHarness.js';

// The user's session check and the token getter: whatever they do, the
// browser gets a short JSON answer, the upstream gets nothing unless both
// succeeded, and the details go to onError only.

const INTERNAL = [500, { error: 'internal proxy error' }];

describe('authorize', () => {
  it('false, or anything that is not true or a Response, is 401 and nothing is forwarded', async () => {
    const verdicts: unknown[] = [false, undefined, 'yes', 1, {}, null];
    const answers: unknown[] = [];
    for (const verdict of verdicts) {
      const { proxy, seen } = await startProxy({ proxy: { authorize: () => verdict as boolean } });
      answers.push([outcome(await rawRequest(proxy.url, { path: GROUPS })), seen.length]);
    }
    expect(answers).toEqual(verdicts.map(() => [[401, { error: 'unauthorized' }], 0]));
  });

  it('a Response is answered as is', async () => {
    const { proxy, seen } = await startProxy({
      proxy: { authorize: async () => new Response(null, { status: 302, headers: { location: '/login' } }) },
    });
    const answer = await rawRequest(proxy.url, { path: GROUPS });
    expect([answer.status, answer.headers['location'], answer.body, seen.length]).toEqual([302, '/login', '', 0]);
  });

  it('true lets the request through, sync or async, and authorize sees the browser request as sent', async () => {
    const looked: Array<[string, string | null]> = [];
    const { proxy, seen } = await startProxy({
      proxy: {
        authorize: (request) => {
          looked.push([request.method, request.headers.get('cookie')]);
          return true;
        },
      },
    });
    const answer = await rawRequest(proxy.url, { method: 'DELETE', path: `${GROUPS}/default`, headers: { cookie: 'sid=1' } });
    expect([answer.status, looked, seen.map(({ method, path }) => `${method} ${path}`)]).toEqual([200, [['DELETE', 'sid=1']], [`DELETE ${UPSTREAM_GROUPS}/default`]]);
  });

  it('throwing is a 500 without details, the error goes to onError, and nothing is forwarded', async () => {
    const failure = new Error('session store down: redis://internal-host:6379');
    const { proxy, seen, errors } = await startProxy({
      proxy: {
        authorize: () => {
          throw failure;
        },
      },
    });
    const answer = await rawRequest(proxy.url, { path: `${GROUPS}/default` });
    expect([outcome(answer), seen.length]).toEqual([INTERNAL, 0]);
    expect(answer.body).not.toContain('redis');
    expect(errors.map((error) => [error.code, error.operation, error.group, error.detail, error.cause])).toEqual([['server', 'retrieve', 'default', 'authorize threw', failure]]);
  });

  it('an error of authorize that quotes the configured token reaches onError and the log redacted', async () => {
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
    const quoting = (): never => {
      throw new Error(`session check failed; config was {"token":"${SERVER_TOKEN}"}`, { cause: new Error(`dial Bearer ${SERVER_TOKEN}`) });
    };
    const reported: GroupsError[] = [];
    // A static token (the proxy knows it from the start), and a getter's (known once it has been read).
    const fixed = await startProxy({ proxy: { token: SERVER_TOKEN, authorize: quoting, onError: (error) => reported.push(error) } });
    let calls = 0;
    const gotten = await startProxy({
      proxy: {
        authorize: (request) => (calls++ === 0 ? hasSession(request) : quoting()),
        onError: (error) => reported.push(error),
      },
    });
    const logging = await startProxy({ defaultOnError: true, proxy: { token: SERVER_TOKEN, authorize: quoting } });
    const statuses = [
      (await rawRequest(fixed.proxy.url, { path: GROUPS })).status,
      (await rawRequest(gotten.proxy.url, { path: GROUPS })).status,
      (await rawRequest(gotten.proxy.url, { path: GROUPS })).status,
      (await rawRequest(logging.proxy.url, { path: GROUPS })).status,
    ];
    expect(statuses).toEqual([500, 200, 500, 500]);
    expect(reported.map((error) => [error.code, error.detail, String(error.cause)])).toEqual([
      ['server', 'authorize threw', 'Error: session check failed; config was {"token":"[redacted]"}: dial Bearer [redacted]'],
      ['server', 'authorize threw', 'Error: session check failed; config was {"token":"[redacted]"}: dial Bearer [redacted]'],
    ]);
    expect(logged).toEqual(['[turso-groups-store/proxy] list groups: authorize threw: session check failed; config was {"token":"[redacted]"}: dial Bearer [redacted]']);
  });

  it('a token that is part of "[redacted]" is taken out once, not again from what replaced it', async () => {
    const failingFetch: typeof fetch = async () => {
      throw new TypeError('fetch failed with Bearer red');
    };
    const { proxy, errors } = await startProxy({ proxy: { token: 'red', fetch: failingFetch } });
    expect((await rawRequest(proxy.url, { path: GROUPS })).status).toBe(502);
    expect(errors.map((error) => String(error.cause))).toEqual(['TypeError: fetch failed with Bearer [redacted]']);
  });

  it('reading the body inside authorize is a 500: the proxy reads it after', async () => {
    const { proxy, seen, errors } = await startProxy({
      proxy: {
        authorize: async (request) => {
          await request.text();
          return true;
        },
      },
    });
    const answer = await rawRequest(proxy.url, { method: 'POST', path: GROUPS, headers: { 'content-type': 'application/json' }, body: '{"name":"eu","location":"lhr"}' });
    expect([outcome(answer), seen.length, errors.map((error) => error.detail)]).toEqual([INTERNAL, 0, ['authorize read the request body; the proxy reads it after authorize']]);
  });
});

describe('the token', () => {
  it('a getter that throws, returns nothing, or returns what cannot be a header value is a 500 without details', async () => {
    const getters: Array<() => string | undefined | Promise<string | undefined>> = [
      () => {
        throw new Error(`vault unavailable, last token ${SERVER_TOKEN}`);
      },
      () => Promise.reject(new Error('vault timeout')),
      () => undefined,
      async () => '',
      () => `${SERVER_TOKEN}\r\nx-injected: 1`,
      () => `${SERVER_TOKEN} trailing`,
    ];
    const answers: unknown[] = [];
    const reported: unknown[] = [];
    for (const token of getters) {
      const { proxy, seen, errors } = await startProxy({ proxy: { token } });
      const answer = await rawRequest(proxy.url, { path: GROUPS });
      answers.push([outcome(answer), seen.length, answer.body.includes(SERVER_TOKEN)]);
      reported.push(...errors.map((error) => [error.code, error.detail]));
    }
    expect(answers).toEqual(getters.map(() => [INTERNAL, 0, false]));
    expect(reported).toEqual([
      ['server', 'the token getter failed'],
      ['server', 'the token getter failed'],
      ['server', 'the token getter returned no token'],
      ['server', 'the token getter returned no token'],
      ['server', 'the token is not a valid header value'],
      ['server', 'the token is not a valid header value'],
    ]);
  });

  it('is read for every request, after authorize, so a rotated token is picked up and an unauthorized request reads none', async () => {
    const reads: string[] = [];
    let current = SERVER_TOKEN;
    const { proxy, seen, emulator } = await startProxy({
      proxy: {
        token: async () => {
          reads.push(current);
          return current;
        },
      },
    });
    await rawRequest(proxy.url, { path: GROUPS, headers: { cookie: 'no-session' } });
    const readsWhenRefused = reads.length;
    await rawRequest(proxy.url, { path: GROUPS });
    current = 'rotated-token-value';
    const stale = await rawRequest(proxy.url, { path: GROUPS });
    expect({ readsWhenRefused, reads, sent: seen.map(({ headers }) => headers['authorization']), stale: stale.status, outcomes: emulator.requests.map((request) => request.outcome) }).toEqual({
      readsWhenRefused: 0,
      reads: [SERVER_TOKEN, 'rotated-token-value'],
      sent: [`Bearer ${SERVER_TOKEN}`, 'Bearer rotated-token-value'],
      // The emulator knows only the first token: its 401 is passed on (and reported).
      stale: 401,
      outcomes: [200, 401],
    });
  });

  it('a plain string token works too', async () => {
    const { proxy, seen } = await startProxy({ proxy: { token: SERVER_TOKEN } });
    expect([(await rawRequest(proxy.url, { path: GROUPS })).status, seen[0]?.headers['authorization']]).toEqual([200, `Bearer ${SERVER_TOKEN}`]);
  });
});
