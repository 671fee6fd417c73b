import { describe, expect, it } from 'vitest';
import { BASE_PATH, GROUPS, ORG, outcome, rawRequest, SERVER_TOKEN, SESSION, startProxy, UPSTREAM_GROUPS } from './proxyHarness.js';

// What the browser sends beyond the route: headers, bodies, content types.
// The upstream is the emulator behind a wrapper that records whole requests.

const NEW_GROUP = '{"name":"eu","location":"lhr"}';
const JSON_TYPE = { 'content-type': 'application/json' };

describe('headers', () => {
  it('none of the browser headers reaches the upstream: only the proxy sets accept, authorization and content-type', async () => {
    const { proxy, upstream, seen } = await startProxy();
    const huge = 'h'.repeat(8_000);
    const answer = await rawRequest(proxy.url, {
      method: 'POST',
      path: GROUPS,
      headers: {
        authorization: 'Bearer browser-supplied-token',
        cookie: `${SESSION}; other=cookie-value`,
        host: 'evil.example',
        'x-forwarded-for': '10.9.8.7',
        'x-forwarded-host': 'forwarded.example',
        'x-forwarded-proto': 'gopher',
        forwarded: 'for=10.9.8.7;host=forwarded.example',
        'x-real-ip': '10.9.8.7',
        'proxy-authorization': 'Basic cHJveHk6cHJveHk=',
        'x-turso-debug': 'leak',
        'x-huge': huge,
        origin: 'http://evil.example',
        referer: 'http://evil.example/page',
        'user-agent': 'hostile-agent/1.0',
        'accept-language': 'xx',
        ...JSON_TYPE,
      },
      body: NEW_GROUP,
    });
    expect(answer.status).toBe(200);
    expect(seen).toHaveLength(1);
    const headers: Readonly<Record<string, string>> = seen[0]?.headers ?? {};
    const sent = Object.keys(headers).sort();
    // Everything beside the proxy's three is what the runtime's fetch adds by itself.
    expect(sent.filter((name) => !['accept', 'authorization', 'content-type'].includes(name))).toEqual(
      sent.filter((name) => ['accept-encoding', 'accept-language', 'connection', 'content-length', 'host', 'sec-fetch-mode', 'user-agent'].includes(name)),
    );
    expect([headers['authorization'], headers['accept'], headers['content-type'], headers['host']]).toEqual([
      `Bearer ${SERVER_TOKEN}`,
      'application/json',
      'application/json',
      new URL(upstream.url).host,
    ]);
    const everything = JSON.stringify(seen);
    expect(['browser-supplied', 'cookie-value', SESSION, 'evil.example', '10.9.8.7', 'forwarded', 'gopher', 'cHJveHk', 'leak', huge, 'hostile-agent'].filter((text) => everything.includes(text))).toEqual([]);
  });

  it('no upstream header comes back but Retry-After: no Set-Cookie, no server internals', async () => {
    const { proxy } = await startProxy({
      upstream: async () =>
        new Response('{"groups":[]}', {
          status: 200,
          headers: { 'content-type': 'application/json', 'set-cookie': 'upstream=1', 'x-upstream-internal': 'db-7', 'access-control-allow-origin': '*', 'retry-after': '3' },
        }),
    });
    const answer = await rawRequest(proxy.url, { path: GROUPS });
    const { date, connection, 'keep-alive': keepAlive, 'content-length': length, 'transfer-encoding': chunked, ...rest } = answer.headers;
    expect([answer.status, answer.body, rest]).toEqual([
      200,
      '{"groups":[]}',
      { 'cache-control': 'no-store', 'content-type': 'application/json', 'retry-after': '3', 'x-content-type-options': 'nosniff' },
    ]);
    expect([typeof date, typeof connection, typeof (length ?? chunked), keepAlive === undefined || typeof keepAlive === 'string']).toEqual(['string', 'string', 'string', true]);
  });
});

describe('request bodies', () => {
  it('a body over maxBodyBytes is 413 and never reaches the upstream: declared, or counted as it streams in', async () => {
    // Under the Node adapter's own cap (64 KiB), so that the proxy's counting is what refuses it.
    const { proxy, emulator, seen, authorized } = await startProxy({ proxy: { maxBodyBytes: 50_000 } });
    const big = JSON.stringify({ name: 'eu', location: 'lhr', padding: 'x'.repeat(60_000) });
    const declared = await fetch(`${proxy.url}${GROUPS}`, { method: 'POST', headers: { ...JSON_TYPE, cookie: SESSION }, body: big });
    const declaredAnswer: [number, unknown] = [declared.status, await declared.json()];
    const authorizedAfterDeclared = authorized.length;
    // A stream has no Content-Length: it goes chunked, and only counting catches it.
    const chunks = [big.slice(0, 40_000), big.slice(40_000)];
    const streamed = await fetch(`${proxy.url}${GROUPS}`, {
      method: 'POST',
      headers: { ...JSON_TYPE, cookie: SESSION },
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect({ declaredAnswer, authorizedAfterDeclared, streamed: [streamed.status, await streamed.json()], authorizedAfterStreamed: authorized.length }).toEqual({
      declaredAnswer: [413, { error: 'request body too large' }],
      authorizedAfterDeclared: 0,
      streamed: [413, { error: 'request body too large' }],
      // Counting happens once the body is read, after authorize: only the declared length is refused before.
      authorizedAfterStreamed: 1,
    });
    expect({ seen, requests: emulator.requests }).toEqual({ seen: [], requests: [] });
  });

  it('a body of exactly maxBodyBytes goes on; one byte more does not', async () => {
    const { proxy, seen } = await startProxy({ proxy: { maxBodyBytes: 100 } });
    const exact = NEW_GROUP.padEnd(100, ' ');
    const over = NEW_GROUP.padEnd(101, ' ');
    const answers = [
      outcome(await rawRequest(proxy.url, { method: 'POST', path: GROUPS, headers: JSON_TYPE, body: over })),
      (await rawRequest(proxy.url, { method: 'POST', path: GROUPS, headers: JSON_TYPE, body: exact })).status,
    ];
    expect(answers).toEqual([[413, { error: 'request body too large' }], 200]);
    expect(seen.map(({ body }) => body)).toEqual([NEW_GROUP]);
  });

  it('content types other than JSON are 415: declared before authorize, or a body sent without one', async () => {
    const { proxy, seen, authorized } = await startProxy();
    // text/plain is taken only from a request no other origin made (officialClient.test.ts):
    // here it comes from a browser that names another origin and sends no Fetch Metadata.
    const elsewhere = { origin: 'http://evil.example' };
    const sent: Array<[string, string, Record<string, string>]> = [
      ['text/plain', NEW_GROUP, elsewhere],
      ['application/x-www-form-urlencoded', 'name=eu&location=lhr', {}],
      ['multipart/form-data; boundary=x', '--x--', {}],
      ['application/jsonp', NEW_GROUP, {}],
      ['text/plain', '', elsewhere],
    ];
    const answers: unknown[] = [];
    for (const [type, body, headers] of sent) {
      answers.push(outcome(await rawRequest(proxy.url, { method: 'POST', path: GROUPS, headers: { 'content-type': type, ...headers }, body })));
    }
    // Also on a route that takes no body: a cross-site form post always carries one of these.
    answers.push(outcome(await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/auth/rotate`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })));
    const authorizedBefore = authorized.length;
    answers.push(outcome(await rawRequest(proxy.url, { method: 'POST', path: GROUPS, body: NEW_GROUP })));
    const unsupported = [415, { error: 'content-type must be application/json' }];
    expect({ answers, authorizedBefore, authorizedAfter: authorized.length }).toEqual({
      answers: [unsupported, unsupported, unsupported, unsupported, unsupported, unsupported, unsupported],
      authorizedBefore: 0,
      authorizedAfter: 1,
    });
    expect(seen).toEqual([]);
  });

  it('JSON with parameters is fine; invalid JSON, a non-object and invalid UTF-8 are 400; what goes on is the parsed object, serialized again', async () => {
    const { proxy, seen } = await startProxy();
    const answers: unknown[] = [];
    for (const body of ['{"name":', '[1,2]', '"eu"', Buffer.from([0x7b, 0xff, 0x7d])]) {
      answers.push(outcome(await rawRequest(proxy.url, { method: 'POST', path: GROUPS, headers: JSON_TYPE, body })));
    }
    const created = await rawRequest(proxy.url, {
      method: 'POST',
      path: GROUPS,
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: '{ "name": "x", "name": "eu",\n "location": "lhr" }',
    });
    expect([...answers, created.status]).toEqual([
      [400, { error: 'invalid JSON body' }],
      [400, { error: 'request body must be a JSON object' }],
      [400, { error: 'request body must be a JSON object' }],
      [400, { error: 'request body is not UTF-8' }],
      200,
    ]);
    expect(seen.map(({ method, path, body, headers }) => [method, path, body, headers['content-type']])).toEqual([
      ['POST', UPSTREAM_GROUPS, NEW_GROUP, 'application/json'],
    ]);
  });

  it('a body on a route that takes none is neither read nor forwarded; a mint may come without one', async () => {
    const { proxy, seen } = await startProxy();
    const rotate = await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/auth/rotate`, headers: JSON_TYPE, body: '{"sneaky":true}' });
    const mint = await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/auth/tokens?expiration=1h` });
    expect([rotate.status, mint.status, JSON.parse(mint.body).jwt.split('.').length]).toEqual([200, 200, 3]);
    expect(seen.map(({ path, body, headers }) => [path, body, headers['content-type']])).toEqual([
      [`${UPSTREAM_GROUPS}/default/auth/rotate`, '', undefined],
      [`${UPSTREAM_GROUPS}/default/auth/tokens?expiration=1h`, '', undefined],
    ]);
  });
});

describe('requests from other origins', () => {
  it('a browser request another site made is 403 before authorize, whatever cookies it carries', async () => {
    const { proxy, seen, authorized } = await startProxy();
    const answers: unknown[] = [];
    for (const site of ['cross-site', 'same-site', 'same-origin', 'none']) {
      answers.push([site, (await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/auth/rotate`, headers: { 'sec-fetch-site': site } })).status]);
    }
    expect(answers).toEqual([
      ['cross-site', 403],
      ['same-site', 403],
      ['same-origin', 200],
      ['none', 200],
    ]);
    expect([seen.length, authorized.length]).toEqual([2, 2]);
  });

  it('no CORS header is ever sent, so no other origin can read an answer', async () => {
    const { proxy } = await startProxy();
    const answer = await rawRequest(proxy.url, { path: `${BASE_PATH}/v1/organizations/${ORG}/groups`, headers: { origin: 'http://evil.example' } });
    expect([answer.status, Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))]).toEqual([200, []]);
  });
});
