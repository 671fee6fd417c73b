import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GroupsError } from '../../src/index.js';
import { createGroupsProxy, type ChangesOptions } from '../../src/proxy/index.js';
import { toNodeHandler } from '../../src/proxy/node.js';
import { createRedisChangeBus, type RedisChangeBus } from '../../src/proxy/redis/index.js';
import { changes, eventually, openFeed, type FeedClient, type FeedFrame } from './feedClient.js';
import { BASE_PATH, browserApi, browserFetch, hasSession, ORG, serveNode, SERVER_TOKEN, startProxy, UPSTREAM_GROUPS, type ProxyHarness } from './proxyHarness.js';
import { startRedis, type RedisProcess } from './redisServer.js';

// Two proxy instances on one emulator, sharing a real redis-server: what
// one learns reaches the browsers of the other, numbered in one order;
// one instance polls; and Redis dying and coming back costs the browsers a
// reload, never a request.

let redis: RedisProcess & { stop(): Promise<void> };
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const buses: RedisChangeBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

interface Instance {
  readonly base: string;
  readonly bus: RedisChangeBus;
  /** The upstream list requests this instance made. */
  lists: number;
  readonly errors: GroupsError[];
}

/** A proxy instance with its own Redis connections, in front of `harness`'s emulator. */
async function instance(harness: ProxyHarness, prefix: string, changesOptions: ChangesOptions = {}): Promise<Instance> {
  const bus = createRedisChangeBus({ url: redis.url, prefix, onError: () => undefined });
  buses.push(bus);
  await bus.ready;
  const created: Instance = { base: '', bus, lists: 0, errors: [] };
  const proxy = createGroupsProxy({
    org: ORG,
    token: SERVER_TOKEN,
    upstream: harness.upstream.url,
    basePath: BASE_PATH,
    authorize: hasSession,
    onError: (error) => created.errors.push(error),
    fetch: (input, init) => {
      if (init?.method === 'GET' && new URL(String(input)).pathname === UPSTREAM_GROUPS) created.lists += 1;
      return fetch(input, init);
    },
    changes: { pollInterval: 0, ...changesOptions, bus },
  });
  const server = await serveNode(toNodeHandler(proxy));
  return Object.assign(created, { base: `${server.url}${BASE_PATH}` });
}

let prefixes = 0;
/** A key prefix of its own per test: the tests share one Redis. */
function freshPrefix(): string {
  prefixes += 1;
  return `test-${process.pid}-${prefixes}`;
}

function seqs(frames: readonly FeedFrame[]): number[] {
  return changes(frames).map((change) => (change as { seq: number }).seq);
}

function epochOf(stream: FeedClient): string {
  return (stream.frames.find((frame) => frame.event === 'hello')?.data as { epoch: string }).epoch;
}

/** A stream, opened as a browser retries it while the feed is refused (503), within 10 s. */
async function openOnceBack(base: string, headers: Record<string, string> = {}): Promise<FeedClient> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const attempt = await openFeed(base, { headers });
    if (attempt.status === 200) return attempt;
    if (Date.now() > deadline) throw new Error(`the feed did not come back: ${attempt.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function hello(stream: FeedClient): Promise<void> {
  await stream.until((frames) => frames.some((frame) => frame.event === 'hello'));
}

/** Two instances on one emulator and one Redis (a key prefix of this test's), a browser listening on each. */
async function twoInstances(changesOptions: ChangesOptions = {}): Promise<{ harness: ProxyHarness; a: Instance; b: Instance; onA: FeedClient; onB: FeedClient }> {
  const harness = await startProxy();
  const prefix = freshPrefix();
  const [a, b] = [await instance(harness, prefix, changesOptions), await instance(harness, prefix, changesOptions)];
  const onA = await openFeed(a.base);
  const onB = await openFeed(b.base);
  await Promise.all([hello(onA), hello(onB)]);
  return { harness, a, b, onA, onB };
}

describe('the Redis bus', () => {
  it('carries a change made through one instance to the browsers of the other, numbered in one order across instances', async () => {
    const { a, b, onA, onB } = await twoInstances();
    expect(epochOf(onA)).toBe(epochOf(onB));

    const headers: Array<string | null> = [];
    const through = (instanceBase: string) =>
      browserApi(instanceBase, {
        fetch: async (input, init) => {
          const response = await browserFetch(input, init);
          headers.push(response.headers.get('x-groups-feed'));
          return response;
        },
      });
    await through(a.base).create({ name: 'eu', location: 'lhr' });
    await through(b.base).addLocation('eu', 'ams');
    await through(a.base).delete('eu');
    await through(b.base).create({ name: 'ap', location: 'syd' });

    for (const stream of [onA, onB]) {
      const frames = await stream.until((all) => changes(all).length === 4);
      expect(changes(frames).map((change) => [(change as { seq: number }).seq, (change as { kind: string }).kind, (change as { name: string }).name])).toEqual([
        [1, 'group', 'eu'],
        [2, 'group', 'eu'],
        [3, 'removed', 'eu'],
        [4, 'group', 'ap'],
      ]);
    }
    const epoch = epochOf(onA);
    expect(headers).toEqual([`${epoch}:1`, `${epoch}:2`, `${epoch}:3`, `${epoch}:4`]);

    // History lives in Redis: a browser that saw seq 2 on A resumes on B.
    const resumed = await openFeed(b.base, { headers: { 'last-event-id': `${epoch}:2` } });
    const replay = await resumed.until((frames) => frames.some((frame) => frame.event === 'hello'));
    expect(replay.map((frame) => [frame.event, frame.id])).toEqual([
      ['change', `${epoch}:3`],
      ['change', `${epoch}:4`],
      ['hello', `${epoch}:4`],
    ]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('numbers concurrent mutations on both instances without a gap or a repeat', async () => {
    const harness = await startProxy();
    const prefix = freshPrefix();
    const [a, b] = [await instance(harness, prefix), await instance(harness, prefix)];
    const onA = await openFeed(a.base);
    await hello(onA);
    const names = Array.from({ length: 20 }, (_, i) => `g${i}`);
    await Promise.all(names.map((name, i) => browserApi(i % 2 === 0 ? a.base : b.base).create({ name, location: 'lhr' })));
    const frames = await onA.until((all) => changes(all).length === names.length);
    expect(seqs(frames)).toEqual(Array.from({ length: names.length }, (_, i) => i + 1));
    expect(new Set(changes(frames).map((change) => (change as { name: string }).name))).toEqual(new Set(names));
  });

  it('two mutations of one group in flight together on two instances: the one numbered last goes out stale', async () => {
    let releaseAdd = (): void => undefined;
    const addHeld = new Promise<void>((resolve) => (releaseAdd = resolve));
    const harness = await startProxy({
      upstream: async (request, emulator) => {
        const answer = await emulator.handle(request);
        if (request.method === 'POST' && request.url.endsWith('/locations/ams')) await addHeld;
        return answer;
      },
    });
    const prefix = freshPrefix();
    const [a, b] = [await instance(harness, prefix), await instance(harness, prefix)];
    const onA = await openFeed(a.base);
    await hello(onA);
    await browserApi(a.base).create({ name: 'eu', location: 'lhr' });
    const adding = browserApi(b.base).addLocation('eu', 'ams');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await browserApi(a.base).delete('eu');
    releaseAdd();
    await adding;
    const frames = await onA.until((all) => changes(all).length === 3);
    expect(changes(frames).map((change) => [(change as { seq: number }).seq, (change as { kind: string }).kind])).toEqual([
      [1, 'group'],
      [2, 'removed'],
      [3, 'stale'],
    ]);
  });

  it('polls the upstream from one instance only, and another takes over when the holder dies', async () => {
    const { harness, a, b, onA, onB } = await twoInstances({ pollInterval: 150 });
    await eventually(() => a.lists + b.lists >= 6, 'six polls');
    const [holder, other, otherStream] = a.lists > 0 ? [a, b, onB] : [b, a, onA];
    expect([holder.lists > 0, other.lists]).toEqual([true, 0]);

    // Made behind the proxies' back: the holder's poll finds it, the other instance's browser hears it.
    harness.emulator.archive('default');
    await otherStream.until((frames) => changes(frames).some((change) => (change as { name: string }).name === 'default'));

    // The holder dies: it stops renewing its lock (2 intervals + 1 s), and the other takes over.
    await holder.bus.close();
    await eventually(() => other.lists > 0, 'the other instance polling', 5_000);
    const direct = { authorization: `Bearer ${SERVER_TOKEN}`, 'content-type': 'application/json' };
    await fetch(`${harness.upstream.url}${UPSTREAM_GROUPS}`, { method: 'POST', headers: direct, body: JSON.stringify({ name: 'late', location: 'lhr' }) });
    const frames = await otherStream.until((all) => changes(all).some((change) => (change as { name: string }).name === 'late'));
    expect(changes(frames).map((change) => (change as { name: string }).name)).toEqual(['default', 'late']);
  });

  it('when Redis dies, requests still go through and streams reload and close; when it is back, streams resume with a reload', async () => {
    const { a, b, onA, onB } = await twoInstances();
    await browserApi(a.base).create({ name: 'eu', location: 'lhr' });
    await onB.until((frames) => changes(frames).length === 1);
    const before = epochOf(onA);

    await redis.kill();
    for (const stream of [onA, onB]) {
      await stream.end();
      const last = stream.frames.at(-1);
      expect([last?.event, (last?.data as { reason?: string }).reason]).toEqual(['reload', 'bus']);
    }
    // The proxies keep forwarding: a mutation through each, answered without a feed position.
    const created = await browserFetch(`${b.base}/v1/organizations/${ORG}/groups`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"ap","location":"syd"}' });
    expect([created.status, created.headers.get('x-groups-feed')]).toEqual([200, null]);
    expect((await browserApi(a.base).list()).map((group) => group.name)).toEqual(['default', 'eu', 'ap']);
    // A new stream is refused while the bus is down: the browser keeps reading the list.
    const refused = await openFeed(a.base);
    expect([refused.status, refused.headers['retry-after']]).toEqual([503, '5']);

    await redis.restart();
    // Back, empty: a new epoch. A browser reconnecting with its old id is told to reload, then resumes.
    const back = await openOnceBack(a.base, { 'last-event-id': `${before}:1` });
    const frames = await back.until((all) => all.length === 2);
    const after = epochOf(back);
    expect(after).not.toBe(before);
    expect(frames).toEqual([
      { event: 'reload', id: `${after}:0`, data: { epoch: after, seq: 0, reason: 'epoch' } },
      { event: 'hello', id: `${after}:0`, data: { epoch: after, seq: 0 } },
    ]);
    // And the other instance's changes reach it again, numbered anew.
    await hello(await openOnceBack(b.base));
    await browserApi(b.base).delete('ap');
    expect(changes(await back.until((all) => changes(all).length === 1))).toEqual([{ seq: 1, kind: 'removed', name: 'ap' }]);
    // Each failure to publish or read the bus was told to onError, never to a browser.
    expect([...a.errors, ...b.errors].every((error) => error.code === 'server')).toBe(true);
    expect(b.errors.some((error) => (error.detail ?? '').includes('could not be published'))).toBe(true);
  }, 40_000);
});
