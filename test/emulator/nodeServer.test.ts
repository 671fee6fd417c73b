import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { listen, type EmulatorServer, type ListenOptions } from '../../src/emulator/node.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { rawExchange, type RawAnswer } from './rawHttp.js';

// The emulator's Node server facing a hostile client, over real HTTP on
// 127.0.0.1: whatever comes in, the answer is a status a real API would give,
// with a JSON { error } body, and never a 500.

const GROUPS = `/v1/organizations/${ORG}/groups`;
const AUTH = `Authorization: Bearer ${TOKEN}`;

const servers: EmulatorServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: ListenOptions = {}, emulatorOptions: Partial<PlatformEmulatorOptions> = {}) {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'default', locations: ['lhr'] }], ...emulatorOptions });
  const urls: string[] = [];
  // Wrapped, to see the URL each Request carries: listen takes any Web handler.
  const server = await listen((request) => {
    urls.push(request.url);
    return emulator.handle(request);
  }, options);
  servers.push(server);
  return { emulator, server, urls };
}

/** A request as a client would write it, one header per line. */
function request(requestLine: string, headers: readonly string[], body = ''): string {
  return `${requestLine}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n${body}`;
}

function summary(answer: RawAnswer): [number, string | undefined, unknown] {
  return [answer.status, answer.headers['content-type'], JSON.parse(answer.body)];
}

describe('the Host header', () => {
  it('answers 400 with a JSON error to a Host that is not a valid authority', async () => {
    const { server, urls } = await serve();
    const answers: Array<[string, ReturnType<typeof summary>]> = [];
    for (const host of ['exa mple', 'user@evil.example', '127.0.0.1:99999', '', 'example.com/path', '[::1', 'a:b:c']) {
      answers.push([host, summary(await rawExchange(server.port, request('GET /v1/locations HTTP/1.1', [`Host: ${host}`, AUTH])))]);
    }
    const refused: ReturnType<typeof summary> = [400, 'application/json', { error: 'invalid Host header' }];
    expect(answers).toEqual([
      ['exa mple', refused],
      ['user@evil.example', refused],
      ['127.0.0.1:99999', refused],
      ['', refused],
      ['example.com/path', refused],
      ['[::1', refused],
      ['a:b:c', refused],
    ]);
    expect(urls).toEqual([]); // refused before the handler
  });

  it('answers 400 when HTTP/1.1 has no Host or two of them; HTTP/1.0 may leave it out', async () => {
    const { server } = await serve();
    const missing = await rawExchange(server.port, request('GET /v1/locations HTTP/1.1', [AUTH]));
    const twice = await rawExchange(server.port, request('GET /v1/locations HTTP/1.1', ['Host: a.example', 'Host: b.example', AUTH]));
    const old = await rawExchange(server.port, request('GET /v1/locations HTTP/1.0', [AUTH]));
    expect([summary(missing), summary(twice), old.status]).toEqual([
      [400, 'application/json', { error: 'missing Host header' }],
      [400, 'application/json', { error: 'more than one Host header' }],
      200,
    ]);
  });

  it("serves any valid Host, but builds the request URL on the server's own address", async () => {
    const { server, urls } = await serve();
    const statuses: number[] = [];
    for (const host of ['evil.example', 'evil.example:8080', '[::1]:80', '127.0.0.1']) {
      statuses.push((await rawExchange(server.port, request('GET /v1/locations HTTP/1.1', [`Host: ${host}`, AUTH]))).status);
    }
    // Absolute-form names another host; a path starting with // is still a path.
    statuses.push((await rawExchange(server.port, request('GET http://evil.example/v1/locations?x=1 HTTP/1.1', ['Host: evil.example', AUTH]))).status);
    statuses.push((await rawExchange(server.port, request('GET //evil.example/v1/locations HTTP/1.1', ['Host: evil.example', AUTH]))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(urls).toEqual([
      ...Array.from({ length: 4 }, () => `${server.url}/v1/locations`),
      `${server.url}/v1/locations?x=1`,
      `${server.url}//evil.example/v1/locations`,
    ]);
  });

  it('answers 400 to a request target that is neither a path nor an http URL', async () => {
    const { server } = await serve();
    const answers: Array<ReturnType<typeof summary>> = [];
    for (const target of ['*', 'ftp://evil.example/x', 'evil.example:443']) {
      answers.push(summary(await rawExchange(server.port, request(`GET ${target} HTTP/1.1`, ['Host: localhost', AUTH]))));
    }
    expect(answers).toEqual([
      [400, 'application/json', { error: 'invalid request target' }],
      [400, 'application/json', { error: 'invalid request target' }],
      [400, 'application/json', { error: 'bad request' }], // Node's parser refuses it first
    ]);
  });
});

describe('methods', () => {
  it('answers 405 with Allow and a JSON error to every method no route serves, whatever it is', async () => {
    const { server } = await serve();
    const answers: Array<[string, number, string | undefined, unknown]> = [];
    const methods = ['TRACE', 'PUT', 'PATCH', 'PROPFIND', 'M-SEARCH', 'PURGE', 'DELETE'];
    for (const method of methods) {
      const answer = await rawExchange(server.port, request(`${method} ${GROUPS} HTTP/1.1`, ['Host: localhost', AUTH]));
      answers.push([method, answer.status, answer.headers.allow, JSON.parse(answer.body)]);
    }
    const refused = (method: string) => [method, 405, 'GET, POST, OPTIONS', { error: 'method not allowed' }];
    expect(answers).toEqual(methods.map(refused));
  });

  it('lists the methods of the path asked for, or every served method for an unknown one', async () => {
    const { server } = await serve();
    const allow: Array<string | undefined> = [];
    for (const path of ['/v1/locations', `${GROUPS}/default`, `${GROUPS}/default/auth/rotate`, '/nothing']) {
      allow.push((await rawExchange(server.port, request(`TRACE ${path} HTTP/1.1`, ['Host: localhost']))).headers.allow);
    }
    expect(allow).toEqual(['GET, OPTIONS', 'GET, DELETE, OPTIONS', 'POST, OPTIONS', 'GET, POST, DELETE, PATCH, OPTIONS']);
  });

  it('answers CONNECT with 405 too, instead of hanging up', async () => {
    const { server } = await serve();
    const answer = await rawExchange(server.port, request('CONNECT evil.example:443 HTTP/1.1', ['Host: evil.example:443']));
    expect([summary(answer), answer.headers.allow, answer.closed]).toEqual([
      [405, 'application/json', { error: 'method not allowed' }],
      'GET, POST, DELETE, PATCH, OPTIONS',
      true,
    ]);
  });

  it('answers a request it cannot parse with 400 and a JSON error', async () => {
    const { server } = await serve();
    const garbage = await rawExchange(server.port, 'HELLO THERE\r\n\r\n');
    const badHeader = await rawExchange(server.port, 'GET /v1/locations HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n');
    // A method token Node's parser does not know (TRACK, FOO) is a parse error too.
    const unknownMethod = await rawExchange(server.port, request('TRACK /v1/locations HTTP/1.1', ['Host: localhost']));
    const hugeHeader = await rawExchange(server.port, request('GET /v1/locations HTTP/1.1', ['Host: localhost', `X-Big: ${'b'.repeat(20_000)}`]));
    expect([summary(garbage), summary(badHeader), summary(unknownMethod), summary(hugeHeader)]).toEqual([
      [400, 'application/json', { error: 'bad request' }],
      [400, 'application/json', { error: 'bad request' }],
      [400, 'application/json', { error: 'bad request' }],
      [431, 'application/json', { error: 'request header fields too large' }],
    ]);
  });
});

describe('request bodies', () => {
  const create = (body: string, extra: readonly string[] = []) =>
    request(`POST ${GROUPS} HTTP/1.1`, ['Host: localhost', AUTH, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...extra], body);

  it('answers 413 at once to a declared length over 1 MiB, without waiting for the body, and closes', async () => {
    const { server, urls } = await serve();
    // Only the headers are sent: an answer proves the server read no body.
    const head = `POST ${GROUPS} HTTP/1.1\r\nHost: localhost\r\n${AUTH}\r\nContent-Length: ${1_048_577}\r\n\r\n`;
    const answer = await rawExchange(server.port, head);
    expect([summary(answer), answer.closed, urls]).toEqual([[413, 'application/json', { error: 'request body too large' }], true, []]);
  });

  it('answers 413 to a chunked body once it passes the limit, stops reading it, and closes', async () => {
    const { server, emulator } = await serve({ maxBodyBytes: 64 * 1024 });
    const chunk = Buffer.from(`4000\r\n${'x'.repeat(0x4000)}\r\n`);
    const head = `POST ${GROUPS} HTTP/1.1\r\nHost: localhost\r\n${AUTH}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const answer = await rawExchange(server.port, head, { keepSending: chunk });
    expect([summary(answer), answer.closed, emulator.requests]).toEqual([[413, 'application/json', { error: 'request body too large' }], true, []]);
  });

  it('passes a body up to the limit on to the emulator', async () => {
    const { server } = await serve({ maxBodyBytes: 100 });
    const body = JSON.stringify({ name: 'edge', location: 'ams' });
    const padded = body.padEnd(100, ' ');
    const answers = [
      (await rawExchange(server.port, create(padded))).status,
      (await rawExchange(server.port, create(`${padded} `))).status,
    ];
    expect(answers).toEqual([200, 413]);
  });

  it("answers 413 to a body over the emulator's own limit, even under the server's", async () => {
    const { server, emulator } = await serve({}, { maxBodyBytes: 10 });
    const answer = await rawExchange(server.port, create(JSON.stringify({ name: 'edge', location: 'ams' })));
    expect([summary(answer), emulator.snapshot().groups.map((g) => g.name)]).toEqual([[413, 'application/json', { error: 'request body too large' }], ['default']]);
  });
});

describe('error messages', () => {
  it('quote at most 64 characters of what the client sent', async () => {
    const { server } = await serve();
    const longName = 'N'.repeat(500_000);
    const longLocation = 'x'.repeat(4_000);
    const messages = [
      (await rawExchange(server.port, request(`POST ${GROUPS} HTTP/1.1`, ['Host: localhost', AUTH, `Content-Length: ${longName.length + 30}`], JSON.stringify({ name: longName, location: 'ams' }).padEnd(longName.length + 30)))).body,
      (await rawExchange(server.port, request(`POST ${GROUPS}/default/locations/${longLocation} HTTP/1.1`, ['Host: localhost', AUTH]))).body,
      (await rawExchange(server.port, request(`POST ${GROUPS}/default/auth/tokens?authorization=${'a'.repeat(4_000)} HTTP/1.1`, ['Host: localhost', AUTH]))).body,
    ].map((body) => (JSON.parse(body) as { error: string }).error);
    expect(messages).toEqual([`invalid group name: ${'N'.repeat(64)}…`, `invalid location: ${'x'.repeat(64)}…`, `invalid authorization: ${'a'.repeat(64)}…`]);
  });

  it('never echo a 10 MB name: it is refused as too large before it is read', async () => {
    const { server } = await serve();
    const body = JSON.stringify({ name: 'n'.repeat(10_000_000), location: 'ams' });
    const answer = await rawExchange(server.port, request(`POST ${GROUPS} HTTP/1.1`, ['Host: localhost', AUTH, `Content-Length: ${body.length}`], body));
    expect([answer.status, answer.body.length < 100]).toEqual([413, true]);
  });
});
