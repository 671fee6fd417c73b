import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeStream, type ChangeStreamSettings } from '../../src/live/changeStream.js';
import type { FeedMessage } from '../../src/live/feedMessage.js';
import type { GroupsError } from '../../src/index.js';

// The feed client over a small real HTTP server that writes whatever a test
// says, byte by byte if need be: framing, reconnection and its waits.

type Handler = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function sseServer(handler: Handler): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    handler(request, response, requests.length);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/changes`, requests };
}

interface Heard {
  readonly log: string[];
  readonly waits: number[];
  readonly errors: GroupsError[];
}

function listen(url: string, settings: Partial<ChangeStreamSettings> = {}, lastEventId: () => string | undefined = () => undefined): { stream: ChangeStream; heard: Heard } {
  const heard: Heard = { log: [], waits: [], errors: [] };
  const stream = new ChangeStream(
    { url, fetch: undefined, retryDelay: 20, maxRetryDelay: 5_000, idleTimeout: 5_000, ...settings },
    {
      opening: () => heard.log.push('opening'),
      message: (message: FeedMessage) => heard.log.push(`${message.type}${message.type === 'change' ? ` ${message.kind} ${message.name}` : ''} ${message.epoch}:${message.seq}`),
      dropped: (error, retryInMs) => {
        heard.log.push(`dropped ${error.code}`);
        heard.errors.push(error);
        heard.waits.push(retryInMs);
      },
    },
    lastEventId,
  );
  cleanups.push(() => stream.stop());
  return { stream, heard };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const by = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > by) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const HEAD = { 'content-type': 'text/event-stream', 'cache-control': 'no-store' };
const hello = (seq: number, epoch = 'ep'): string => `event: hello\r\nid: ${epoch}:${seq}\r\ndata: {"epoch":"${epoch}","seq":${seq}}\r\n\r\n`;

describe('the feed client', () => {
  it('reads frames however the bytes arrive (CR LF, CR, split mid-line and mid-character, comments between)', async () => {
    const group = { name: 'eu', primary: 'lhr', locations: ['lhr'], version: 'v-ü' };
    const text = [
      `retry: 20\n${hello(3)}: ping\n\n`,
      `event: change\nid: ep:4\ndata: ${JSON.stringify({ seq: 4, kind: 'group', name: 'eu', group })}\n\n`,
      `event: change\rid: ep:5\rdata: ${JSON.stringify({ seq: 5, kind: 'removed', name: 'us' })}\r\r`,
      'event: change\nid: ep:6\ndata: {"seq":6,"kind":"stale",', // never finished
    ].join('');
    const bytes = Buffer.from(text, 'utf8');
    const { url } = await sseServer((_request, response) => {
      response.writeHead(200, HEAD);
      // One byte at a time: the two bytes of ü, and every CR LF pair, arrive apart.
      let i = 0;
      const next = (): void => {
        if (i >= bytes.length) return;
        response.write(bytes.subarray(i, i + 1));
        i += 1;
        setImmediate(next);
      };
      next();
    });
    const groups: unknown[] = [];
    const heard: string[] = [];
    const stream = new ChangeStream(
      { url, fetch: undefined, retryDelay: 20, maxRetryDelay: 5_000, idleTimeout: 5_000 },
      {
        opening: () => heard.push('opening'),
        message: (message) => {
          heard.push(`${message.type} ${message.epoch}:${message.seq}`);
          if (message.type === 'change' && message.kind === 'group') groups.push(message.group);
        },
        dropped: () => heard.push('dropped'),
      },
      () => undefined,
    );
    cleanups.push(() => stream.stop());
    stream.start();
    await until(() => heard.length >= 4, 'three messages');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual(['opening', 'hello ep:3', 'change ep:4', 'change ep:5']);
    expect(groups).toEqual([group]);
  });

  it('sends Last-Event-ID from its owner on every attempt, waits the server’s retry:, and starts over from it after a hello', async () => {
    let seen = 'ep:7';
    const { url, requests } = await sseServer((_request, response, attempt) => {
      response.writeHead(200, HEAD);
      // The first two connections end at once; the third says hello, then ends.
      if (attempt <= 2) response.end('retry: 300\n\n');
      else response.end(`retry: 300\n\n${hello(9)}`);
    });
    const { stream, heard } = listen(url, { retryDelay: 10_000 }, () => seen);
    stream.start();
    await until(() => requests.length === 1, 'one connection');
    seen = 'ep:8';
    await until(() => heard.waits.length === 3, 'three drops');
    stream.stop();
    expect(requests.map((r) => r.headers['last-event-id'])).toEqual(['ep:7', 'ep:8', 'ep:8']);
    expect(requests.map((r) => r.headers.accept)).toEqual(['text/event-stream', 'text/event-stream', 'text/event-stream']);
    // retry: 300, doubled per failure with jitter (half fixed, half random); back to 300 after the hello.
    const [first, second, third] = heard.waits as [number, number, number];
    expect([first >= 150 && first <= 300, second >= 300 && second <= 600, third >= 150 && third <= 300]).toEqual([true, true, true]);
    expect(heard.log).toEqual(['opening', 'dropped network', 'opening', 'dropped network', 'opening', 'hello ep:9', 'dropped network']);
  });

  it('does not come back sooner than a 503’s Retry-After; other refusals are typed by status', async () => {
    const { url } = await sseServer((_request, response, attempt) => {
      if (attempt === 1) response.writeHead(503, { 'retry-after': '2', 'content-type': 'application/json' }).end('{"error":"change feed unavailable"}');
      else response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
    });
    const first = listen(url);
    first.stream.start();
    await until(() => first.heard.waits.length === 1, 'a drop');
    first.stream.stop();
    expect(first.heard.errors[0]).toMatchObject({ code: 'server', status: 503, retryAfterMs: 2_000 });
    expect(first.heard.waits[0]).toBeGreaterThanOrEqual(2_000);
    const second = listen(url);
    second.stream.start();
    await until(() => second.heard.waits.length === 1, 'a drop');
    expect(second.heard.errors[0]).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('gives up a connection that sends nothing for idleTimeout, and one that is no event stream', async () => {
    const { url } = await sseServer((_request, response, attempt) => {
      if (attempt === 1) response.writeHead(200, HEAD).write(hello(1)); // then silence
      else response.writeHead(200, { 'content-type': 'text/html' }).end('<p>a login page</p>');
    });
    const { stream, heard } = listen(url, { idleTimeout: 200 });
    stream.start();
    await until(() => heard.errors.length === 2, 'two drops');
    stream.stop();
    expect(heard.log).toEqual(['opening', 'hello ep:1', 'dropped timeout', 'opening', 'dropped bad_response']);
  });

  it('tells nothing once stopped, and closes its connection', async () => {
    let closed = false;
    const { url } = await sseServer((request, response) => {
      response.writeHead(200, HEAD).write(hello(1));
      request.on('close', () => (closed = true));
    });
    const { stream, heard } = listen(url);
    stream.start();
    await until(() => heard.log.length === 2, 'hello');
    stream.stop();
    await until(() => closed, 'the server sees the connection closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.log).toEqual(['opening', 'hello ep:1']);
    expect(stream.running).toBe(false);
  });
});
