import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isGroupsError, type GroupsError } from '../../src/index.js';
import { createGroupsProxy } from '../../src/proxy/index.js';
import { toNodeHandler, type NodeHandlerOptions } from '../../src/proxy/node.js';
import { rawExchange, type RawAnswer } from '../emulator/rawHttp.js';
import { BASE_PATH, GROUPS, ORG, outcome, rawRequest, serveNode, SERVER_TOKEN, SESSION, startProxy, UPSTREAM_GROUPS } from './proxyHarness.js';

// The shipped Node adapter, toNodeHandler, under node:http on 127.0.0.1, as
// the README mounts it. A hostile client's request (a method no Web Request
// can carry, a target the URL parser refuses) used to throw out of the
// README's hand-written conversion and take the process down: here each gets
// a JSON answer and the same server goes on answering.

/** A request as a client would write it, one header per line, on a connection of its own. */
function rawText(requestLine: string, headers: readonly string[] = []): string {
  return `${requestLine}\r\n${['Host: 127.0.0.1', `Cookie: ${SESSION}`, ...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`;
}

function summary(answer: RawAnswer): [number, string | undefined, unknown] {
  return [answer.status, answer.headers['content-type'], answer.body === '' ? undefined : JSON.parse(answer.body)];
}

describe('client garbage through toNodeHandler', () => {
  // (TRACK and CONNECT never reach a request listener: node:http's parser refuses the one, and
  // hands the other to its 'connect' event.)
  it('TRACE is 405 with Allow, on a served path or not, and the server still answers afterwards', async () => {
    const { proxy, seen, authorized } = await startProxy();
    const answers: unknown[] = [];
    for (const path of [GROUPS, '/elsewhere']) {
      const answer = await rawExchange(proxy.port, rawText(`TRACE ${path} HTTP/1.1`));
      answers.push([...summary(answer), answer.headers['allow'], answer.headers['cache-control']]);
      answers.push((await rawRequest(proxy.url, { path: GROUPS })).status);
    }
    const refused = [405, 'application/json', { error: 'method not allowed' }, 'GET, POST, DELETE, PATCH', 'no-store'];
    expect(answers).toEqual([refused, 200, refused, 200]);
    // Neither TRACE reached authorize or the upstream.
    expect([seen.length, authorized.length]).toEqual([2, 2]);
  });

  it('a request target the URL parser refuses, or that is no path, is a JSON 4xx, and the server still answers afterwards', async () => {
    const { proxy, seen } = await startProxy();
    const answers: unknown[] = [];
    for (const target of ['//[', `//[${GROUPS}`, 'http://[/x', 'http://a:99999/x', '*', 'gopher://x/y']) {
      answers.push([target, summary(await rawExchange(proxy.port, rawText(`GET ${target} HTTP/1.1`)))]);
      answers.push((await rawRequest(proxy.url, { path: `${GROUPS}/default` })).status);
    }
    const invalidTarget = [400, 'application/json', { error: 'invalid request target' }];
    // `//[…` is a path (origin-form is never read as a host): the proxy serves no such route.
    const notFound = [404, 'application/json', { error: 'not found' }];
    expect(answers).toEqual([
      ['//[', notFound],
      200,
      [`//[${GROUPS}`, notFound],
      200,
      ['http://[/x', invalidTarget],
      200,
      ['http://a:99999/x', invalidTarget],
      200,
      ['*', invalidTarget],
      200,
      ['gopher://x/y', invalidTarget],
      200,
    ]);
    expect(seen.map(({ path }) => path)).toEqual(Array.from({ length: 6 }, () => `${UPSTREAM_GROUPS}/default`));
  });

  it('an absolute-form target gives only its path: the host it names is never used', async () => {
    const { proxy, seen } = await startProxy();
    const answer = await rawExchange(proxy.port, rawText(`GET http://evil.example${GROUPS}/default HTTP/1.1`));
    expect([answer.status, seen.map(({ path }) => path), JSON.stringify(seen).includes('evil')]).toEqual([200, [`${UPSTREAM_GROUPS}/default`], false]);
  });

  it('two Host lines or an invalid Host are 400', async () => {
    const { proxy, seen } = await startProxy();
    const twoHosts = `GET ${GROUPS} HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`;
    const badHost = `GET ${GROUPS} HTTP/1.1\r\nHost: user@evil.example\r\nConnection: close\r\n\r\n`;
    expect([summary(await rawExchange(proxy.port, twoHosts)), summary(await rawExchange(proxy.port, badHost))]).toEqual([
      [400, 'application/json', { error: 'more than one Host header' }],
      [400, 'application/json', { error: 'invalid Host header' }],
    ]);
    expect(seen).toEqual([]);
  });
});

describe('paths through toNodeHandler: parsed as every Web Request is, then matched', () => {
  // The URL parser resolves `.`/`..` (also `%2e`) and turns `\` into `/` before the proxy
  // sees the path; what they resolve to is matched like any path. `//` and encoded
  // separators are left as they are, and refused.
  it('dot segments and backslashes are resolved first; empty segments and encoded separators are 404', async () => {
    const { proxy, seen } = await startProxy();
    const paths = [
      `${GROUPS}/eu/../default`,
      `${GROUPS}/eu/%2e%2e/default`,
      `${GROUPS}\\default`,
      `${GROUPS}/./default`,
      `${GROUPS}/default/../../../databases`,
      `${GROUPS}/default%2F..%2Fdatabases`,
      `${BASE_PATH}//v1/organizations/${ORG}/groups`,
      `//evil.example${GROUPS}`,
    ];
    const answers: unknown[] = [];
    for (const path of paths) answers.push([path, (await rawRequest(proxy.url, { path })).status]);
    expect(answers).toEqual([
      [paths[0], 200],
      [paths[1], 200],
      [paths[2], 200],
      [paths[3], 200],
      [paths[4], 404],
      [paths[5], 404],
      [paths[6], 404],
      [paths[7], 404],
    ]);
    expect(seen.map(({ path }) => path)).toEqual(Array.from({ length: 4 }, () => `${UPSTREAM_GROUPS}/default`));
  });
});

describe('bodies through toNodeHandler', () => {
  it('a body over its maxBodyBytes is 413 before the proxy sees it, declared or streamed, and the connection closes', async () => {
    const { proxy, seen, authorized } = await startProxy({ node: { maxBodyBytes: 1_000 } });
    const declared = `POST ${GROUPS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1001\r\n\r\n`;
    const chunked = `POST ${GROUPS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = Buffer.from(`400\r\n${' '.repeat(0x400)}\r\n`);
    const answers = [await rawExchange(proxy.port, declared), await rawExchange(proxy.port, chunked, { keepSending: chunk })];
    expect(answers.map((answer) => [...summary(answer), answer.closed])).toEqual([
      [413, 'application/json', { error: 'request body too large' }, true],
      [413, 'application/json', { error: 'request body too large' }, true],
    ]);
    expect([seen, authorized]).toEqual([[], []]);
    expect((await rawRequest(proxy.url, { path: GROUPS })).status).toBe(200);
  });

  it('a body a body parser read first is a 500 without details, told to onError; a GET still works', async () => {
    const reported: GroupsError[] = [];
    const { upstream } = await startProxy();
    const listener = toNodeHandler(
      createGroupsProxy({ org: ORG, token: 'unused-here', authorize: () => true, upstream: upstream.url, basePath: BASE_PATH, onError: () => undefined }),
      { onError: (error) => reported.push(error) },
    );
    // What express.json() does: read the whole stream, then call the next handler.
    const parsedFirst = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
      if (incoming.method === 'POST') for await (const chunk of incoming) void chunk;
      await listener(incoming, outgoing);
    };
    const server = await serveNode(parsedFirst);
    const post = await rawRequest(server.url, { method: 'POST', path: GROUPS, headers: { 'content-type': 'application/json' }, body: '{"name":"eu","location":"lhr"}' });
    expect(outcome(post)).toEqual([500, { error: 'internal proxy error' }]);
    expect(reported.map((error) => [error.code, error.detail])).toEqual([['server', 'the request body was read before the proxy: mount it before any body parser']]);
  });
});

describe('mounting', () => {
  it("under Express's app.use, the path is req.originalUrl, the mount path included", async () => {
    const { upstream, seen } = await startProxy();
    const listener = toNodeHandler(createGroupsProxy({ org: ORG, token: SERVER_TOKEN, authorize: () => true, upstream: upstream.url, basePath: BASE_PATH }));
    // What app.use('/api/turso', …) does before calling its handler.
    const mounted = (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
      const url = incoming.url ?? '/';
      if (!url.startsWith(`${BASE_PATH}/`)) {
        outgoing.writeHead(404).end();
        return Promise.resolve();
      }
      Object.assign(incoming, { originalUrl: url, url: url.slice(BASE_PATH.length) });
      return listener(incoming, outgoing);
    };
    const server = await serveNode(mounted);
    const answer = await rawRequest(server.url, { path: `${GROUPS}/default` });
    expect([answer.status, seen.map(({ path }) => path)]).toEqual([200, [`${UPSTREAM_GROUPS}/default`]]);
  });

  it('refuses options it cannot use, up front', () => {
    const proxy = createGroupsProxy({ org: ORG, token: 'x', authorize: () => true });
    const refusals = [{ maxBodyBytes: -1 }, { maxBodyBytes: 1.5 }, { maxBodyBytes: '64kb' }, { onError: 'log' }, null].map((options) => {
      try {
        toNodeHandler(proxy, options as NodeHandlerOptions);
        return 'accepted';
      } catch (error) {
        return isGroupsError(error) ? error.code : error;
      }
    });
    expect(refusals).toEqual(['validation', 'validation', 'validation', 'validation', 'validation']);
  });
});
