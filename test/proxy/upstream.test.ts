import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { listen } from '../../src/emulator/node.js';
import { DEFAULT_MAX_ANSWER_BYTES } from '../../src/proxy/index.js';
import { GROUPS, outcome, rawRequest, SERVER_TOKEN, SESSION, startProxy, type RawResponse } from './proxyHarness.js';

// The upstream failing or misbehaving: down, slow, stalled, rate limiting,
// answering garbage, redirecting, echoing the token. The browser gets the
// upstream's own answer when it is JSON, or a JSON 502/504 of the proxy's.

async function closedServerUrl(): Promise<string> {
  const server = await listen(async () => new Response(null));
  await server.close();
  return server.url;
}

describe('upstream failures', () => {
  it('an upstream that is down is 502, and onError hears of it as a network error', async () => {
    const { proxy, errors } = await startProxy({ proxy: { upstream: await closedServerUrl() } });
    const answer = await rawRequest(proxy.url, { path: `${GROUPS}/default` });
    expect(outcome(answer)).toEqual([502, { error: 'upstream unreachable' }]);
    expect(errors.map((error) => [error.code, error.operation, error.group, error.detail, typeof error.cause])).toEqual([
      ['network', 'retrieve', 'default', 'the upstream could not be reached', 'object'],
    ]);
  });

  it('a connection the upstream drops is 502', async () => {
    const { proxy, emulator } = await startProxy();
    emulator.setFaults({ failures: [{ kind: 'drop' }] });
    expect(outcome(await rawRequest(proxy.url, { path: GROUPS }))).toEqual([502, { error: 'upstream unreachable' }]);
  });

  it('429 and 503 are passed on with their Retry-After and body', async () => {
    const { proxy, emulator } = await startProxy();
    emulator.setFaults({ failures: [{ kind: 'status', status: 429, retryAfter: 7, message: 'rate limited', times: 1 }, { kind: 'status', status: 503, retryAfter: 2, times: 1 }] });
    const answers: Array<[number, string | undefined, unknown]> = [];
    for (let i = 0; i < 2; i++) {
      const answer = await rawRequest(proxy.url, { path: GROUPS });
      answers.push([answer.status, answer.headers['retry-after'], JSON.parse(answer.body)]);
    }
    expect(answers).toEqual([
      [429, '7', { error: 'rate limited' }],
      [503, '2', { error: 'injected fault' }],
    ]);
  });

  it('a Retry-After that is neither seconds nor an HTTP date is dropped; the status still passes', async () => {
    const values = ['Wed, 21 Oct 2026 07:28:00 GMT', '120', 'soon', `1; ${SERVER_TOKEN}`];
    const answers: unknown[] = [];
    for (const value of values) {
      const { proxy } = await startProxy({ upstream: async () => new Response('{"error":"slow down"}', { status: 429, headers: { 'retry-after': value } }) });
      const answer = await rawRequest(proxy.url, { path: GROUPS });
      answers.push([answer.status, answer.headers['retry-after']]);
    }
    expect(answers).toEqual([
      [429, 'Wed, 21 Oct 2026 07:28:00 GMT'],
      [429, '120'],
      [429, undefined],
      [429, undefined],
    ]);
  });

  it('a body that is not JSON, or truncated JSON, is 502 and none of it is passed on', async () => {
    const html = await startProxy({ upstream: async () => new Response('<html>gateway error at node-17</html>', { status: 200, headers: { 'content-type': 'text/html' } }) });
    const truncated = await startProxy();
    truncated.emulator.setFaults({ failures: [{ kind: 'malformed' }] });
    const answers: RawResponse[] = [await rawRequest(html.proxy.url, { path: GROUPS }), await rawRequest(truncated.proxy.url, { path: GROUPS })];
    expect(answers.map(outcome)).toEqual([
      [502, { error: 'bad upstream response' }],
      [502, { error: 'bad upstream response' }],
    ]);
    expect([...html.errors, ...truncated.errors].map((error) => [error.code, error.status, error.detail])).toEqual([
      ['bad_response', 200, 'the upstream answered 200 with a body that is not JSON'],
      ['bad_response', 200, 'the upstream answered 200 with a body that is not JSON'],
    ]);
  });

  it('a redirect is not followed (it would carry the token): 502, and its target sees nothing', async () => {
    const landed: string[] = [];
    const target = await listen(async (request) => {
      landed.push(`${request.method} ${request.url} ${request.headers.get('authorization')}`);
      return new Response('{"groups":[]}', { headers: { 'content-type': 'application/json' } });
    });
    try {
      const { proxy, errors } = await startProxy({ upstream: async () => new Response(null, { status: 307, headers: { location: `${target.url}/steal` } }) });
      expect(outcome(await rawRequest(proxy.url, { path: GROUPS }))).toEqual([502, { error: 'bad upstream response' }]);
      expect([landed, errors.map((error) => error.detail)]).toEqual([[], ['the upstream answered a redirect (307)']]);
    } finally {
      await target.close();
    }
  });

  it('an upstream slower than timeout is 504; one that stalls mid-body too', async () => {
    const slow = await startProxy({ proxy: { timeout: 100 }, emulator: { faults: { latency: { fixedMs: 5_000 } } } });
    const stalled = await startProxy({ proxy: { timeout: 100 } });
    stalled.emulator.setFaults({ failures: [{ kind: 'stall' }] });
    const answers = [outcome(await rawRequest(slow.proxy.url, { path: GROUPS })), outcome(await rawRequest(stalled.proxy.url, { path: GROUPS }))];
    expect(answers).toEqual([
      [504, { error: 'upstream timeout' }],
      [504, { error: 'upstream timeout' }],
    ]);
    expect([...slow.errors, ...stalled.errors].map((error) => [error.code, error.detail])).toEqual([
      ['timeout', 'the upstream did not answer within 100 ms'],
      ['timeout', 'the upstream did not answer within 100 ms'],
    ]);
  });

  it('a browser that goes away cancels the upstream call, and nothing is reported', async () => {
    const { proxy, emulator, errors } = await startProxy({ emulator: { faults: { latency: { fixedMs: 5_000 } } } });
    const gaveUp = await fetch(`${proxy.url}${GROUPS}`, { headers: { cookie: SESSION }, signal: AbortSignal.timeout(100) }).catch((error: unknown) => (error as Error).name);
    await vi.waitFor(() => expect(emulator.requests.map((request) => request.outcome)).toEqual(['aborted']), { timeout: 2_000 });
    expect([gaveUp, errors]).toEqual(['TimeoutError', []]);
  });
});

/** Whether the upstream's answer was written to its end, or cut off by the proxy first. */
interface Sending {
  readonly done: Promise<'finished' | 'cut off'>;
}

/**
 * A raw node:http upstream on 127.0.0.1 that answers every request with
 * `chunks` written one by one, waiting for the socket to drain (as a real
 * server would), so that a reader who stops reading stops the writing too.
 */
async function upstreamSending(headers: Record<string, string>, chunks: () => Iterable<Buffer>): Promise<{ url: string; sendings: Sending[]; close(): Promise<void> }> {
  const sendings: Sending[] = [];
  const write = async (outgoing: ServerResponse): Promise<'finished' | 'cut off'> => {
    let closed = false;
    outgoing.once('close', () => {
      closed = true;
    });
    // Resolves on drain or on close, whichever comes first, leaving no listener behind.
    const drainedOrClosed = (): Promise<void> =>
      new Promise((resolve) => {
        const done = (): void => {
          outgoing.off('drain', done).off('close', done);
          resolve();
        };
        outgoing.on('drain', done).on('close', done);
      });
    outgoing.writeHead(200, { 'content-type': 'application/json', ...headers });
    for (const chunk of chunks()) {
      if (closed || outgoing.destroyed) return 'cut off';
      if (!outgoing.write(chunk)) await drainedOrClosed();
    }
    if (closed || outgoing.destroyed) return 'cut off';
    outgoing.end();
    await new Promise<void>((resolve) => outgoing.once('close', resolve));
    return outgoing.writableFinished ? 'finished' : 'cut off';
  };
  const server = createServer((incoming, outgoing) => {
    incoming.resume();
    sendings.push({ done: write(outgoing) });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sendings,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const MIB = 1_048_576;

/** `outcome`, but a body too long to compare (or to print in a failure) is only its length. */
function briefOutcome(answer: RawResponse): [number, unknown] {
  return answer.body.length > 1_000 ? [answer.status, `${answer.body.length} bytes`] : outcome(answer);
}

/** 100 MiB of JSON (one long string of spaces) as gzip: about 100 KB on the wire. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const spaces = Buffer.alloc(MIB, 0x20);
  gzip.write('{"groups":[],"padding":"');
  for (let i = 0; i < 100; i++) gzip.write(spaces);
  gzip.end('"}');
  await once(gzip, 'end');
  return Buffer.concat(parts);
}

describe('upstream answers over maxAnswerBytes', () => {
  it('a 50 MB answer is 502; nothing of it is relayed and the proxy stops reading it', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const upstream = await upstreamSending({}, function* () {
      yield Buffer.from('{"groups":[],"padding":"');
      for (let sent = 0; sent < 50 * MIB; sent += chunk.length) yield chunk;
      yield Buffer.from('"}');
    });
    try {
      const { proxy, errors } = await startProxy({ proxy: { upstream: upstream.url } });
      const answer = await rawRequest(proxy.url, { path: GROUPS });
      expect(briefOutcome(answer)).toEqual([502, { error: 'upstream answer too large' }]);
      expect(errors.map((error) => [error.code, error.operation, error.status, error.detail])).toEqual([
        ['bad_response', 'list', 200, `the upstream answered 200 with a body over maxAnswerBytes (${DEFAULT_MAX_ANSWER_BYTES} bytes)`],
      ]);
      // The upstream could not write it all: the proxy cancelled the read and the connection went.
      expect(await Promise.all(upstream.sendings.map((sending) => sending.done))).toEqual(['cut off']);
    } finally {
      await upstream.close();
    }
  });

  it('a gzip answer of about 100 KB that inflates to 100 MB is 502: the cap counts the inflated bytes', async () => {
    const bomb = await gzipBomb();
    const upstream = await upstreamSending({ 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, () => [bomb]);
    try {
      const { proxy, errors } = await startProxy({ proxy: { upstream: upstream.url } });
      const answer = await rawRequest(proxy.url, { path: GROUPS });
      expect([bomb.length < 200_000, briefOutcome(answer), errors.map((error) => [error.code, error.detail])]).toEqual([
        true,
        [502, { error: 'upstream answer too large' }],
        [['bad_response', `the upstream answered 200 with a body over maxAnswerBytes (${DEFAULT_MAX_ANSWER_BYTES} bytes)`]],
      ]);
    } finally {
      await upstream.close();
    }
  });

  it('an answer of exactly maxAnswerBytes goes on; one byte more does not', async () => {
    const body = '{"groups":[]}';
    const answers: unknown[] = [];
    for (const maxAnswerBytes of [body.length, body.length - 1]) {
      const { proxy } = await startProxy({ proxy: { maxAnswerBytes }, upstream: async () => new Response(body, { status: 200 }) });
      answers.push(outcome(await rawRequest(proxy.url, { path: GROUPS })));
    }
    expect(answers).toEqual([
      [200, { groups: [] }],
      [502, { error: 'upstream answer too large' }],
    ]);
  });
});

describe('the token never leaves the server', () => {
  it('an upstream that echoes the token, plainly or JSON-escaped, has it redacted; nothing else in the body changes', async () => {
    const escaped = JSON.stringify(SERVER_TOKEN).slice(1, -1).replace(/[a-z]/g, (letter) => `\\u00${letter.charCodeAt(0).toString(16)}`);
    const bodies = [
      `{"error":"invalid token Bearer ${SERVER_TOKEN}"}`,
      `{"error":"bad token","token":"${escaped}","${SERVER_TOKEN}":1,"list":["${SERVER_TOKEN}x"]}`,
    ];
    const answers: unknown[] = [];
    for (const body of bodies) {
      const { proxy, errors } = await startProxy({ upstream: async () => new Response(body, { status: 401, headers: { 'content-type': 'application/json', 'x-echo': SERVER_TOKEN } }) });
      const answer = await rawRequest(proxy.url, { path: GROUPS });
      answers.push([outcome(answer), JSON.stringify(answer.headers).includes(SERVER_TOKEN), errors.map((error) => [error.code, error.detail])]);
    }
    const reported = [['unauthorized', 'the upstream refused the token']];
    expect(answers).toEqual([
      [[401, { error: 'invalid token Bearer [redacted]' }], false, reported],
      [[401, { error: 'bad token', token: '[redacted]', '[redacted]': 1, list: ['[redacted]x'] }], false, reported],
    ]);
  });

  // A duplicated key: JSON.parse keeps the last one, so a token in the first is absent from
  // the parsed value that was checked, yet present in the upstream's bytes. Only what was
  // checked may be sent, at any depth.
  it('a token in a key a later duplicate shadows never reaches the browser, at the top level or nested', async () => {
    const group = '"name":"eu","locations":["lhr"],"primary":"lhr"';
    const bodies: Array<[number, string]> = [
      [400, `{"error":"invalid token ${SERVER_TOKEN}","error":"bad request"}`],
      [200, `{"group":{${group},"debug":"Bearer ${SERVER_TOKEN}","debug":""}}`],
      [200, `{"groups":[{${group},"trace":{"headers":{"authorization":"Bearer ${SERVER_TOKEN}","authorization":"-"},"headers":{}}}]}`],
      [200, `{"group":{${group},"meta":{"${SERVER_TOKEN}":1},"meta":null}}`],
    ];
    const answers: unknown[] = [];
    for (const [status, body] of bodies) {
      const { proxy } = await startProxy({ upstream: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }) });
      const answer = await rawRequest(proxy.url, { path: `${GROUPS}/eu` });
      answers.push([answer.status, answer.body.includes(SERVER_TOKEN), answer.body]);
    }
    // What is sent is the parsed value, serialized again: the shadowed key is gone from the bytes too.
    expect(answers).toEqual([
      [400, false, '{"error":"bad request"}'],
      [200, false, '{"group":{"name":"eu","locations":["lhr"],"primary":"lhr","debug":""}}'],
      [200, false, '{"groups":[{"name":"eu","locations":["lhr"],"primary":"lhr","trace":{"headers":{}}}]}'],
      [200, false, '{"group":{"name":"eu","locations":["lhr"],"primary":"lhr","meta":null}}'],
    ]);
  });

  it('a JSON body without the token is passed on as the value it parses to, serialized again', async () => {
    const body = '{ "groups" : [ {"name":"default","locations":["lhr"],"primary":"lhr","extra":1e2} ] }';
    const { proxy } = await startProxy({ upstream: async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }) });
    expect((await rawRequest(proxy.url, { path: GROUPS })).body).toBe('{"groups":[{"name":"default","locations":["lhr"],"primary":"lhr","extra":100}]}');
  });

  it('a token redaction cannot reach (a number that spells it) is a 502, and the body is not passed on', async () => {
    const numeric = '73205080756887';
    const { proxy, errors } = await startProxy({
      proxy: { token: numeric },
      emulator: { token: numeric },
      upstream: async () => new Response(`{"group":{"name":"eu","locations":["lhr"],"primary":"lhr","version":${numeric}}}`, { status: 200 }),
    });
    const answer = await rawRequest(proxy.url, { path: `${GROUPS}/eu` });
    expect([outcome(answer), errors.map((error) => [error.code, error.detail])]).toEqual([
      [502, { error: 'bad upstream response' }],
      [['bad_response', 'the upstream answered 200 with the token where it cannot be redacted']],
    ]);
  });

  it('appears in no answer, no header and no line logged, across every kind of failure (default onError)', async () => {
    const logged: unknown[][] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push([method, ...args]);
      });
    }
    const down = await closedServerUrl();
    const failingFetch: typeof fetch = async () => {
      throw new TypeError(`fetch failed with headers {"authorization":"Bearer ${SERVER_TOKEN}"}`);
    };
    const scenarios = [
      await startProxy({ defaultOnError: true }),
      await startProxy({ defaultOnError: true, proxy: { upstream: down } }),
      await startProxy({ defaultOnError: true, proxy: { fetch: failingFetch } }),
      await startProxy({ defaultOnError: true, proxy: { timeout: 50 }, emulator: { faults: { latency: { fixedMs: 2_000 } } } }),
      await startProxy({ defaultOnError: true, upstream: async () => new Response(`<p>${SERVER_TOKEN}</p>`, { status: 500 }) }),
      await startProxy({ defaultOnError: true, upstream: async () => new Response(`{"error":"${SERVER_TOKEN}"}`, { status: 401, headers: { 'retry-after': SERVER_TOKEN } }) }),
      await startProxy({ defaultOnError: true, emulator: { token: 'another-token' } }),
    ];
    const answers: RawResponse[] = [];
    for (const { proxy } of scenarios) {
      answers.push(await rawRequest(proxy.url, { path: GROUPS }));
      answers.push(await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/auth/tokens?expiration=${SERVER_TOKEN}` }));
      answers.push(await rawRequest(proxy.url, { path: GROUPS, headers: { cookie: 'none' } }));
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 401, 502, 400, 401, 502, 400, 401, 504, 400, 401, 502, 400, 401, 401, 400, 401, 401, 400, 401]);
    expect(JSON.stringify(answers)).not.toContain(SERVER_TOKEN);
    // Every server-side failure was logged, one line each, with the token redacted where a cause quoted it.
    const lines = logged.map((entry) => entry.map(String).join(' '));
    expect(lines).toHaveLength(6);
    expect(lines.every((line) => line.startsWith('error [turso-groups-store/proxy] '))).toBe(true);
    expect(lines.filter((line) => line.includes('[redacted]'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(SERVER_TOKEN);
  });
});
