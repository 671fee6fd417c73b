// @vitest-environment happy-dom
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeStream } from '../../src/live/changeStream.js';

// The feed client as a page runs it: happy-dom's fetch (a page on another
// origin than the feed, so through CORS, with a preflight for Last-Event-ID),
// its body read as a stream.

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

describe('the feed client in a page (happy-dom)', () => {
  it('reads the stream as it comes and sends Last-Event-ID on the next connection', async () => {
    const lastEventIds: Array<string | undefined> = [];
    let preflights = 0;
    const server = createServer((request, response) => {
      const cors = { 'access-control-allow-origin': 'http://localhost:5173', 'access-control-allow-headers': 'last-event-id' };
      if (request.method === 'OPTIONS') {
        preflights += 1;
        response.writeHead(204, cors).end();
        return;
      }
      lastEventIds.push(request.headers['last-event-id'] as string | undefined);
      response.writeHead(200, { ...cors, 'content-type': 'text/event-stream' });
      response.write('retry: 10\n\nevent: hello\nid: ep:1\ndata: {"epoch":"ep","seq":1}\n\n');
      // The next frame a moment later, then the end: the client reconnects.
      setTimeout(() => response.end('event: change\nid: ep:2\ndata: {"seq":2,"kind":"removed","name":"eu"}\n\n'), 30);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => {
      server.closeAllConnections();
      server.close();
    });
    const heard: string[] = [];
    let seen: string | undefined;
    const stream = new ChangeStream(
      { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/changes`, fetch: undefined, retryDelay: 10, maxRetryDelay: 50, idleTimeout: 5_000 },
      {
        opening: () => heard.push('opening'),
        message: (message) => {
          heard.push(`${message.type} ${message.seq}`);
          seen = `${message.epoch}:${message.seq}`;
        },
        dropped: () => heard.push('dropped'),
      },
      () => seen,
    );
    closers.push(() => stream.stop());
    stream.start();
    const by = Date.now() + 5_000;
    while (lastEventIds.length < 2 && Date.now() < by) await new Promise((resolve) => setTimeout(resolve, 10));
    stream.stop();
    expect(heard.slice(0, 5)).toEqual(['opening', 'hello 1', 'change 2', 'dropped', 'opening']);
    expect(lastEventIds.slice(0, 2)).toEqual([undefined, 'ep:2']);
    // The page's own fetch it was: it asked before sending a header CORS does not allow by itself.
    expect(preflights).toBeGreaterThan(0);
  });
});
