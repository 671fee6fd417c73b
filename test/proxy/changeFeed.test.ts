import { describe, expect, it } from 'vitest';
import { createGroupsProxy, createMemoryChangeBus, type ChangeBus, type ChangesOptions } from '../../src/proxy/index.js';
import { changes, eventually, openFeed, type FeedFrame } from './feedClient.js';
import { BASE_PATH, browserApi, browserFetch, ORG, rawRequest, SERVER_TOKEN, startProxy, UPSTREAM_GROUPS } from './proxyHarness.js';

// The change feed over real HTTP: browsers' streams from the proxy (served
// by toNodeHandler), the emulator behind it, every byte read as sent.

const FEED = `${BASE_PATH}/changes`;

function startFeedProxy(changesOptions: ChangesOptions | true = true, harness: Parameters<typeof startProxy>[0] = {}) {
  return startProxy({ ...harness, proxy: { ...harness.proxy, changes: changesOptions } });
}

/** The upstream list requests so far: what the poll costs. */
function listsSeen(seen: ReadonlyArray<{ method: string; path: string }>): number {
  return seen.filter(({ method, path }) => method === 'GET' && path === UPSTREAM_GROUPS).length;
}

function idsOf(frames: readonly FeedFrame[], event: string): Array<string | undefined> {
  return frames.filter((frame) => frame.event === event).map((frame) => frame.id);
}

/** The epoch of a stream, from its hello. */
function epochOf(frames: readonly FeedFrame[]): string {
  const hello = frames.find((frame) => frame.event === 'hello');
  return (hello?.data as { epoch: string }).epoch;
}

/** A memory bus that counts its live subscriptions: one per open stream. */
function countingBus(): { bus: ChangeBus; subscribed: () => number } {
  const inner = createMemoryChangeBus();
  let live = 0;
  const bus: ChangeBus = {
    ...inner,
    async subscribe(org, listener) {
      live += 1;
      const unsubscribe = await inner.subscribe(org, listener);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        live -= 1;
        unsubscribe();
      };
    },
  };
  return { bus, subscribed: () => live };
}

describe('the change feed at {basePath}/changes', () => {
  it('a mutation made by one browser reaches every stream, numbered in order, and its answer names its position', async () => {
    const { base } = await startFeedProxy({ pollInterval: 0 });
    const alice = await openFeed(base);
    const bob = await openFeed(base);
    expect([alice.status, alice.headers['content-type'], alice.headers['cache-control'], alice.headers['x-accel-buffering']]).toEqual([
      200,
      'text/event-stream; charset=utf-8',
      'no-store',
      'no',
    ]);
    await Promise.all([alice.until((frames) => frames.length === 1), bob.until((frames) => frames.length === 1)]);
    const epoch = epochOf(alice.frames);

    const headers: Array<string | null> = [];
    const api = browserApi(base, {
      fetch: async (input, init) => {
        const response = await browserFetch(input, init);
        headers.push(response.headers.get('x-groups-feed'));
        return response;
      },
    });
    await api.create({ name: 'eu', location: 'lhr' });
    await api.addLocation('eu', 'ams');
    await api.list();
    await api.delete('eu');

    const expected = [
      { seq: 1, kind: 'group', name: 'eu', group: expect.objectContaining({ name: 'eu', locations: ['lhr'] }) },
      { seq: 2, kind: 'group', name: 'eu', group: expect.objectContaining({ name: 'eu', locations: ['lhr', 'ams'] }) },
      { seq: 3, kind: 'removed', name: 'eu' },
    ];
    for (const stream of [alice, bob]) {
      const frames = await stream.until((all) => changes(all).length === 3);
      expect(frames.map((frame) => frame.event)).toEqual(['hello', 'change', 'change', 'change']);
      expect(frames[0]).toEqual({ event: 'hello', id: `${epoch}:0`, data: { epoch, seq: 0 } });
      expect(changes(frames)).toEqual(expected);
      expect(idsOf(frames, 'change')).toEqual([`${epoch}:1`, `${epoch}:2`, `${epoch}:3`]);
      expect(stream.raw().startsWith('retry: 1000\n\n')).toBe(true);
    }
    // Each mutation's answer names its own event; the read names the newest position it could reflect.
    expect(headers).toEqual([`${epoch}:1`, `${epoch}:2`, `${epoch}:2`, `${epoch}:3`]);
  });

  it('refusals, mint and invalidate make no event; an unknown outcome makes the group stale', async () => {
    let failNext = false;
    const { base } = await startFeedProxy(
      { pollInterval: 0 },
      {
        upstream: async (request, emulator) => {
          if (failNext && request.method === 'POST') {
            failNext = false;
            // The upstream made the change, then failed to say so.
            await emulator.handle(request);
            return new Response('{"error":"internal"}', { status: 500, headers: { 'content-type': 'application/json' } });
          }
          return emulator.handle(request);
        },
      },
    );
    const stream = await openFeed(base);
    const api = browserApi(base, { retry: 0 });
    await api.create({ name: 'eu', location: 'lhr' });
    await expect(api.create({ name: 'eu', location: 'lhr' })).rejects.toMatchObject({ code: 'conflict' });
    await api.mintToken('eu');
    await api.invalidateTokens('eu');
    await api.updateConfiguration('eu', { delete_protection: true });
    failNext = true;
    await expect(api.addLocation('eu', 'ams')).rejects.toMatchObject({ status: 500 });
    const frames = await stream.until((all) => changes(all).length === 3);
    expect(changes(frames).map((change) => [(change as { kind: string }).kind, (change as { seq: number }).seq])).toEqual([
      ['group', 1],
      ['stale', 2],
      ['stale', 3],
    ]);
  });

  it('two mutations of one group in flight together: the one numbered last goes out stale, as their upstream order is unknown', async () => {
    // The add is applied upstream first, but its answer is held until the delete's is back.
    let releaseAdd = (): void => undefined;
    const addHeld = new Promise<void>((resolve) => (releaseAdd = resolve));
    const { base } = await startFeedProxy(
      { pollInterval: 0 },
      {
        upstream: async (request, emulator) => {
          const answer = await emulator.handle(request);
          if (request.method === 'POST' && request.url.endsWith('/locations/ams')) await addHeld;
          return answer;
        },
      },
    );
    const stream = await openFeed(base);
    const api = browserApi(base);
    await api.create({ name: 'eu', location: 'lhr' });
    const adding = api.addLocation('eu', 'ams');
    // The add has reached the upstream (and been applied) before the delete is sent.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await api.delete('eu');
    releaseAdd();
    await adding;
    const frames = await stream.until((all) => changes(all).length === 3);
    // Numbered by arrival, the add's group would come after the removal and show a group the server no longer has.
    expect(changes(frames)).toEqual([
      expect.objectContaining({ seq: 1, kind: 'group', name: 'eu' }),
      { seq: 2, kind: 'removed', name: 'eu' },
      { seq: 3, kind: 'stale', name: 'eu' },
    ]);
  });

  it('polls the upstream only while a browser listens, and publishes what changed behind its back within the interval', async () => {
    const { base, seen, emulator, upstream } = await startFeedProxy({ pollInterval: 150 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(listsSeen(seen)).toBe(0);

    const stream = await openFeed(base);
    // The first poll only records what there is.
    await eventually(() => listsSeen(seen) >= 1, 'the first poll');
    // Made on the emulator's own HTTP API, not through the proxy.
    const direct = { authorization: `Bearer ${SERVER_TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${upstream.url}${UPSTREAM_GROUPS}`, { method: 'POST', headers: direct, body: JSON.stringify({ name: 'ap', location: 'syd' }) });
    expect(created.status).toBe(200);
    emulator.archive('default');
    await stream.until((frames) => changes(frames).length >= 2);
    await fetch(`${upstream.url}${UPSTREAM_GROUPS}/ap`, { method: 'DELETE', headers: direct });
    const frames = await stream.until((all) => changes(all).length >= 3);
    expect(changes(frames).map((change) => change as { kind: string; name: string; group?: { archived?: boolean } })).toEqual([
      { seq: 1, kind: 'group', name: 'default', group: expect.objectContaining({ name: 'default', archived: true }) },
      { seq: 2, kind: 'group', name: 'ap', group: expect.objectContaining({ name: 'ap', primary: 'syd' }) },
      { seq: 3, kind: 'removed', name: 'ap' },
    ]);

    stream.close();
    // A poll already on its way may land; after that, none while nobody listens.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterClose = listsSeen(seen);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(listsSeen(seen)).toBe(afterClose);
  });

  it('a poll does not repeat what the proxy itself published', async () => {
    const { base, seen } = await startFeedProxy({ pollInterval: 100 });
    const stream = await openFeed(base);
    await eventually(() => listsSeen(seen) >= 1, 'the first poll');
    await browserApi(base).create({ name: 'eu', location: 'lhr' });
    const polled = listsSeen(seen);
    await eventually(() => listsSeen(seen) >= polled + 3, 'three more polls');
    expect(changes(stream.frames).map((change) => (change as { name: string }).name)).toEqual(['eu']);
  });

  it('a browser that reconnects with Last-Event-ID gets what it missed, then hello; one the history no longer reaches is told to reload', async () => {
    const { base } = await startFeedProxy({ pollInterval: 0, history: 3 });
    const first = await openFeed(base);
    await first.until((frames) => frames.length === 1);
    const epoch = epochOf(first.frames);
    const api = browserApi(base);
    for (const name of ['a1', 'a2', 'a3']) await api.create({ name, location: 'lhr' });
    await first.until((frames) => changes(frames).length === 3);
    first.close();

    const again = await openFeed(base, { headers: { 'last-event-id': `${epoch}:1` } });
    const replayed = await again.until((frames) => frames.some((frame) => frame.event === 'hello'));
    expect(replayed.map((frame) => [frame.event, frame.id])).toEqual([
      ['change', `${epoch}:2`],
      ['change', `${epoch}:3`],
      ['hello', `${epoch}:3`],
    ]);
    // The query form, for EventSource polyfills that cannot set the header; nothing missed.
    const upToDate = await openFeed(base, { search: `?lastEventId=${epoch}:3` });
    expect((await upToDate.until((frames) => frames.length === 1)).map((frame) => frame.event)).toEqual(['hello']);

    // Live events follow on a resumed stream.
    await api.create({ name: 'a4', location: 'lhr' });
    await again.until((frames) => changes(frames).length === 3);
    for (const name of ['a5', 'a6']) await api.create({ name, location: 'lhr' });

    // History keeps 3 (seq 4..6): seq 2 is gone.
    const gone = await openFeed(base, { headers: { 'last-event-id': `${epoch}:2` } });
    expect(await gone.until((frames) => frames.length === 2)).toEqual([
      { event: 'reload', id: `${epoch}:6`, data: { epoch, seq: 6, reason: 'history' } },
      { event: 'hello', id: `${epoch}:6`, data: { epoch, seq: 6 } },
    ]);
    // Another epoch (a restarted proxy): reload too.
    const restarted = await openFeed(base, { headers: { 'last-event-id': 'OldEpoch123:5' } });
    expect((await restarted.until((frames) => frames.length === 2)).map((frame) => frame.data)).toEqual([
      { epoch, seq: 6, reason: 'epoch' },
      { epoch, seq: 6 },
    ]);
    // A Last-Event-ID that is no position starts afresh.
    const garbage = await openFeed(base, { headers: { 'last-event-id': 'nonsense' } });
    expect((await garbage.until((frames) => frames.length === 1)).map((frame) => frame.event)).toEqual(['hello']);
  });

  it('a browser that does not read is told to reload and dropped, and the others get every event', async () => {
    const bus = createMemoryChangeBus({ history: 4 });
    const { base } = await startFeedProxy({ pollInterval: 0, bus, maxBufferEvents: 20, maxBufferBytes: 2 * 1024 * 1024 });
    const slow = await openFeed(base, { paused: true });
    const fast = await openFeed(base);
    await fast.until((frames) => frames.length === 1);
    // Large events, so that the sockets' own buffers fill before the stream's.
    const padding = 'x'.repeat(64 * 1024);
    const count = 400;
    for (let i = 1; i <= count; i++) {
      await bus.publish(ORG, { kind: 'group', name: 'eu', group: { name: 'eu', primary: 'lhr', locations: ['lhr'], padding } });
      // One at a time, as changes come: a browser that reads keeps up.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const frames = await fast.until((all) => changes(all).length === count, 20_000);
    expect(changes(frames).map((change) => (change as { seq: number }).seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));

    slow.resume();
    await slow.end(20_000);
    const last = slow.frames.at(-1);
    expect(last?.event).toBe('reload');
    expect((last?.data as { reason: string }).reason).toBe('overflow');
    const slowSeqs = changes(slow.frames).map((change) => (change as { seq: number }).seq);
    // What it got before it fell behind, in order and without a gap; then the reload.
    expect(slowSeqs).toEqual(Array.from({ length: slowSeqs.length }, (_, i) => i + 1));
    expect(slowSeqs.length).toBeLessThan(count);
    expect(fast.ended()).toBe(false);
  }, 60_000);

  it('a browser that leaves frees its stream and its subscription', async () => {
    const { bus, subscribed } = countingBus();
    const { base, seen } = await startFeedProxy({ pollInterval: 100, bus });
    const streams = await Promise.all([openFeed(base), openFeed(base), openFeed(base)]);
    await Promise.all(streams.map((stream) => stream.until((frames) => frames.length === 1)));
    expect(subscribed()).toBe(3);
    for (const stream of streams) stream.close();
    await eventually(() => subscribed() === 0, 'every subscription released');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const polls = listsSeen(seen);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(listsSeen(seen)).toBe(polls);
  });

  it('is refused exactly as every other route: no session, another origin, a refusing authorize, another method', async () => {
    const { proxy } = await startFeedProxy({ pollInterval: 0 }, { proxy: { authorize: (request) => (request.headers.get('x-deny') === 'yes' ? new Response('go away', { status: 418 }) : request.headers.get('cookie') === 'session=alice-4f1d') } });
    const answers = await Promise.all([
      rawRequest(proxy.url, { path: FEED, headers: { cookie: '' } }),
      rawRequest(proxy.url, { path: `${BASE_PATH}/v1/organizations/${ORG}/groups`, headers: { cookie: '' } }),
      rawRequest(proxy.url, { path: FEED, headers: { 'sec-fetch-site': 'cross-site' } }),
      rawRequest(proxy.url, { path: FEED, headers: { 'x-deny': 'yes' } }),
      rawRequest(proxy.url, { path: FEED, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    ]);
    expect(answers.map(({ status, body }) => [status, body])).toEqual([
      [401, '{"error":"unauthorized"}'],
      [401, '{"error":"unauthorized"}'],
      [403, '{"error":"cross-origin request refused"}'],
      [418, 'go away'],
      [405, '{"error":"method not allowed"}'],
    ]);
    expect(answers[4]?.headers['allow']).toBe('GET');
  });

  it('without `changes` there is no feed and no X-Groups-Feed header', async () => {
    const { proxy, base } = await startProxy();
    const answer = await rawRequest(proxy.url, { path: FEED });
    const list = await browserFetch(`${base}/v1/organizations/${ORG}/groups`);
    expect([answer.status, list.status, list.headers.get('x-groups-feed')]).toEqual([404, 200, null]);
  });

  it('carries neither the token nor any JWT, in a stream or a header, after tokens were minted through it', async () => {
    const { base, seen } = await startFeedProxy({ pollInterval: 50 });
    const stream = await openFeed(base);
    await eventually(() => listsSeen(seen) >= 1, 'the first poll');
    const answers: string[] = [];
    const api = browserApi(base, {
      fetch: async (input, init) => {
        const response = await browserFetch(input, init);
        response.headers.forEach((value, key) => answers.push(`${key}: ${value}`));
        return response;
      },
    });
    await api.create({ name: 'eu', location: 'lhr' });
    const minted = await Promise.all([api.mintToken('eu'), api.mintToken('eu', { authorization: 'read-only' }), api.mintToken('default')]);
    await api.invalidateTokens('eu');
    await api.addLocation('eu', 'ams');
    const polled = listsSeen(seen);
    await eventually(() => listsSeen(seen) >= polled + 2, 'two more polls');
    stream.close();
    const everything = [JSON.stringify(stream.headers), stream.raw(), ...answers].join('\n');
    expect(minted.every(({ jwt }) => jwt.startsWith('eyJ'))).toBe(true);
    expect(everything.includes(SERVER_TOKEN)).toBe(false);
    expect(everything.includes('eyJ')).toBe(false);
    expect(changes(stream.frames).map((change) => (change as { kind: string }).kind)).toEqual(['group', 'group']);
  });
});

describe('the changes option', () => {
  it('refuses what it cannot use when the proxy is made, not on a request', () => {
    const base = { org: ORG, token: SERVER_TOKEN, authorize: () => true };
    const attempts: unknown[] = [{ pollInterval: -1 }, { pollInterval: 1.5 }, { history: 'many' }, { maxBufferBytes: 0 }, { keepAlive: 0 }, { bus: {} }, 'yes'];
    const codes = attempts.map((changes) => {
      try {
        createGroupsProxy({ ...base, changes: changes as ChangesOptions });
        return 'accepted';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    });
    expect(codes).toEqual(Array.from({ length: attempts.length }, () => 'validation'));
    expect(() => createGroupsProxy({ ...base, changes: false })).not.toThrow();
  });
});

describe('the change feed as a Web Response (no Node adapter: Deno, Bun, workers)', () => {
  /** The proxy handler alone, its upstream never called: the feed needs none without a poll. */
  function webProxy(changesOptions: ChangesOptions) {
    return createGroupsProxy({ org: ORG, token: SERVER_TOKEN, upstream: 'http://127.0.0.1:9', basePath: BASE_PATH, authorize: () => true, changes: changesOptions });
  }

  async function readFrames(body: ReadableStream<Uint8Array>): Promise<string[]> {
    let text = '';
    for await (const chunk of body) text += new TextDecoder().decode(chunk);
    return text.split('\n\n').filter((frame) => frame !== '');
  }

  it('streams as the runtime reads it, and a cancelled body frees its subscription', async () => {
    const { bus, subscribed } = countingBus();
    const proxy = webProxy({ pollInterval: 0, bus });
    const response = await proxy(new Request(`http://proxy.test${FEED}`));
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = [decoder.decode((await reader.read()).value), decoder.decode((await reader.read()).value)];
    expect(first[0]).toBe('retry: 1000\n\n');
    expect(first[1]).toMatch(/^event: hello\nid: [\w-]+:0\n/);
    const pending = reader.read();
    await bus.publish(ORG, { kind: 'removed', name: 'eu' });
    expect(decoder.decode((await pending).value)).toMatch(/^event: change\nid: [\w-]+:1\ndata: \{"seq":1,"kind":"removed","name":"eu"\}\n\n$/);
    expect(subscribed()).toBe(1);
    await reader.cancel();
    expect(subscribed()).toBe(0);
  });

  it('a request the runtime aborts (the browser left) frees its stream', async () => {
    const { bus, subscribed } = countingBus();
    const proxy = webProxy({ pollInterval: 0, bus });
    const controller = new AbortController();
    await proxy(new Request(`http://proxy.test${FEED}`, { signal: controller.signal }));
    expect(subscribed()).toBe(1);
    controller.abort();
    expect(subscribed()).toBe(0);
  });

  it('a body nobody reads holds at most its bound, then ends with reload (overflow)', async () => {
    const bus = createMemoryChangeBus();
    const proxy = webProxy({ pollInterval: 0, bus, maxBufferEvents: 5 });
    const response = await proxy(new Request(`http://proxy.test${FEED}`));
    for (let i = 0; i < 30; i++) await bus.publish(ORG, { kind: 'stale', name: 'eu' });
    const frames = await readFrames(response.body!);
    // retry and hello took two places; three changes fit; the fourth overflowed: dropped, and told to reload.
    expect(frames.map((frame) => frame.split('\n')[0])).toEqual(['event: reload']);
    expect(frames[0]).toMatch(/"seq":4,"reason":"overflow"/);
  });
});
