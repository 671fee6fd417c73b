import { describe, expect, it } from 'vitest';
import { createFetchTransport, createGroupsApi, manualEnvironment, type BroadcastChannelLike, type Group, type StoreEvent } from '../../src/index.js';
import { TestBus, TestLocks } from './liveHarness.js';
import { browserFetch, ORG, SERVER_TOKEN } from '../proxy/proxyHarness.js';
import { openBrowser, shownBy, startFeedProxy, startRestartableProxy, until } from './feedHarness.js';

// The store's side of the change feed, over real HTTP through the proxy.

/** Whether every read the store started has been answered (or failed). */
function readsSettled(events: readonly StoreEvent[]): boolean {
  const reads = events.filter((event) => event.operation === 'retrieve' || event.operation === 'list');
  return reads.filter((event) => event.type === 'start').length === reads.filter((event) => event.type === 'success' || event.type === 'failure').length;
}

/** Group names, in order. */
function emulatorGroups(groups: readonly Group[]): string[] {
  return groups.map((group) => group.name);
}

/**
 * Two tabs of one browser on the proxy at `base`, observed and loaded, their
 * channel holding every message until the test delivers it: the first
 * listens to the feed, the second follows through it. And carol, a user
 * elsewhere, calling the API through the same proxy.
 */
async function twoTabsListening(base: string) {
  const tabs = new TestBus();
  const locks = new TestLocks();
  const tab = () => openBrowser(base, { crossTab: { channel: tabs.channel() as BroadcastChannelLike }, environment: manualEnvironment({ locks }) });
  const first = tab();
  const second = tab();
  const carol = createGroupsApi({ org: ORG, transport: createFetchTransport({ baseURL: base, fetch: browserFetch, retry: 0 }) });
  first.store.groups$.subscribe(() => undefined);
  second.store.groups$.subscribe(() => undefined);
  const loads = Promise.all([first.store.load(), second.store.load()]);
  await until(() => (tabs.deliverAll(), first.store.getFeed().status === 'connected'), 'the first tab connected');
  await loads;
  tabs.deliverAll();
  expect(second.store.getFeed().status).toBe('follower');
  return { tabs, first, second, carol };
}

describe('a store listening to the proxy’s change feed', () => {
  it('shows another browser’s change without a request of its own', async () => {
    const { base } = await startFeedProxy();
    const alice = openBrowser(base);
    const bob = openBrowser(base);
    bob.store.groups$.subscribe(() => undefined); // observed: it listens
    await bob.store.load();
    await until(() => bob.store.getFeed().status === 'connected', 'bob connected');
    expect(shownBy(bob.store)).toEqual(['default:lhr|lhr']);

    await alice.store.create({ name: 'eu', location: 'ams' });
    await alice.store.addLocation('eu', 'fra');
    await until(() => shownBy(bob.store).includes('eu:ams|ams,fra'), 'eu in bob’s store');
    await alice.store.delete('default');
    await until(() => !shownBy(bob.store).includes('default:lhr|lhr'), 'default gone from bob’s store');

    expect(shownBy(bob.store)).toEqual(['eu:ams|ams,fra']);
    // Its one list, sent after the feed said hello: nothing between the two could be missed.
    expect(bob.sent).toEqual(['GET /groups']);
    expect(bob.statuses).toEqual(['idle', 'connecting', 'connected']);
    expect(bob.connections).toEqual([null]);
  });
});

describe('what a pushed change may not undo', () => {
  it('a pending mutation: the pushed value becomes the base it re-applies over', async () => {
    const { base } = await startFeedProxy();
    const alice = openBrowser(base);
    const bob = openBrowser(base);
    const shown: string[] = [];
    bob.store.group$('default').subscribe((group) => shown.push(group ? group.locations.join(',') : 'absent'));
    await bob.store.load();
    await until(() => bob.store.getFeed().status === 'connected', 'bob connected');

    const send = bob.hold('POST /groups/default/locations/ams');
    const adding = bob.store.addLocation('default', 'ams');
    await alice.store.addLocation('default', 'fra');
    await until(() => bob.store.getConfirmed()[0]?.locations.includes('fra') === true, 'alice’s change confirmed in bob’s store');
    expect(bob.store.getMeta('default').pending).toEqual(['addLocation']);
    send();
    await adding;
    await until(() => bob.store.getMeta('default').pending.length === 0, 'bob’s change confirmed');

    // Never shown without bob's own pending location, and the server's final value at the end.
    expect(shown).toEqual(['absent', 'lhr', 'lhr,ams', 'lhr,fra,ams']);
    expect(bob.store.getConfirmed()).toEqual([expect.objectContaining({ name: 'default', locations: ['lhr', 'fra', 'ams'] }) as Group]);
  });
});

describe('tabs of one browser', () => {
  it('only the tab holding the lock listens; the others hear through the tab channel, and take over when it closes', async () => {
    const { base } = await startFeedProxy();
    const locks = new TestLocks();
    const tab = () => openBrowser(base, { crossTab: { channel: new BroadcastChannel(`feed-tabs-${base}`) }, environment: manualEnvironment({ locks }) });
    const alice = openBrowser(base);
    const first = tab();
    const second = tab();
    first.store.groups$.subscribe(() => undefined);
    second.store.groups$.subscribe(() => undefined);
    await Promise.all([first.store.load(), second.store.load()]);
    await until(() => first.store.getFeed().status === 'connected', 'the first tab connected');
    expect(second.store.getFeed().status).toBe('follower');

    await alice.store.create({ name: 'eu', location: 'ams' });
    await until(() => shownBy(second.store).includes('eu:ams|ams'), 'eu in the second tab');
    expect([first.connections.length, second.connections.length]).toEqual([1, 0]);
    expect([first.lists(), second.lists()]).toEqual([1, 1]);

    first.store.dispose();
    await until(() => second.store.getFeed().status === 'connected', 'the second tab listening');
    await alice.store.create({ name: 'us', location: 'iad' });
    await until(() => shownBy(second.store).includes('us:iad|iad'), 'us in the second tab');
    // Taking over, it cannot know what its peer heard last: one list after its hello.
    expect(second.connections).toEqual([null]);
    expect(second.lists()).toBe(2);
    expect(second.statuses).toEqual(['idle', 'follower', 'connecting', 'connected']);
  });
});

describe('a tab’s own answer the feed could not place', () => {
  it('does not hide, in the listening tab, a change its re-reads (sent before that answer) bring: both tabs end on the server’s value', async () => {
    // The second tab's addLocation is made upstream, and its answer held on its way back to the proxy
    // while carol's configuration change goes through: two changes of the group in flight together,
    // so the proxy publishes both `stale` and relays the addLocation's answer with no position.
    let addMade = (): void => undefined;
    const made = new Promise<void>((resolve) => (addMade = resolve));
    let releaseAdd = (): void => undefined;
    const addAnswer = new Promise<void>((resolve) => (releaseAdd = resolve));
    const { base } = await startFeedProxy(
      { pollInterval: 0 },
      {
        upstream: async (request, emulator) => {
          const response = await emulator.handle(request);
          if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/groups/default/locations/ams')) {
            addMade();
            await addAnswer;
          }
          return response;
        },
      },
    );
    const { tabs, first, second, carol } = await twoTabsListening(base);
    const rereads: number[] = [];
    first.store.events$.subscribe((event: StoreEvent) => {
      if (event.type === 'start' && event.operation === 'retrieve' && event.group === 'default') rereads.push(event.id);
    });

    // The listening tab's re-reads of the group are sent (dated) now, and reach the proxy only when let go.
    const sendRereads = first.hold('GET /groups/default');
    // The second tab gets its answer after the first tab heard both events (a slow answer).
    const answerSecond = second.holdAnswer('POST /groups/default/locations/ams');
    const adding = second.store.addLocation('default', 'ams');
    await made;
    await carol.updateConfiguration('default', { delete_protection: true });
    await until(() => rereads.length === 1, 'the first tab re-reading after carol’s stale');
    releaseAdd();
    await until(() => rereads.length === 2, 'the first tab re-reading after the addLocation’s stale');
    answerSecond();
    await adding;
    // Only now does the first tab hear of the second's answer (without protection, and unplaced),
    // then its re-reads, dated before that, are answered (with protection).
    tabs.deliverAll();
    sendRereads();
    await until(() => (tabs.deliverAll(), first.store.getConfirmed()[0]?.delete_protection === true && second.store.getConfirmed()[0]?.delete_protection === true), 'both tabs showing the protection');

    const server = { name: 'default', locations: ['lhr', 'ams'], delete_protection: true };
    expect(first.store.getConfirmed()).toEqual([expect.objectContaining(server) as Group]);
    expect(second.store.getConfirmed()).toEqual([expect.objectContaining(server) as Group]);
    // Its two re-reads were refused as older than the second tab's answer: it read the group once more.
    expect(rereads).toHaveLength(3);
    expect(first.sent).toEqual(['GET /groups', 'GET /groups/default', 'GET /groups/default', 'GET /groups/default']);
    // The second tab may read the group too (a re-read's exact news it does not hold, told before the last one): never the list again.
    expect(second.sent.filter((request) => request !== 'GET /groups/default')).toEqual(['GET /groups', 'POST /groups/default/locations/ams']);
  });
});

describe('two tabs’ own answers the feed could not place', () => {
  it('the older one, told by the other tab, never undoes the newer one a tab confirmed itself: both tabs end without the group, as the server', async () => {
    // Three changes of one group at the proxy together, made upstream in this order: the second
    // tab's addLocation, carol's configuration, the first tab's delete; their answers are held on
    // their way back to the proxy and let go in that order, so all three go out `stale`, and both
    // tabs' answers come back with no position.
    const held = new Map<string, { made: Promise<void>; arrived: () => void; release: () => void; answer: Promise<void> }>();
    const holdUpstream = (request: string) => {
      let arrived = (): void => undefined;
      let release = (): void => undefined;
      const made = new Promise<void>((resolve) => (arrived = resolve));
      const answer = new Promise<void>((resolve) => (release = resolve));
      const entry = { made, arrived, release, answer };
      held.set(request, entry);
      return entry;
    };
    const { base } = await startFeedProxy(
      { pollInterval: 0 },
      {
        upstream: async (request, emulator) => {
          const response = await emulator.handle(request);
          const entry = held.get(`${request.method} ${new URL(request.url).pathname.replace(`/v1/organizations/${ORG}`, '')}`);
          if (entry) {
            entry.arrived();
            await entry.answer;
          }
          return response;
        },
      },
    );
    const { tabs, first, second, carol } = await twoTabsListening(base);
    const events: StoreEvent[] = [];
    first.store.events$.subscribe((event) => events.push(event));

    // The first tab's re-reads of the group are sent (dated) when asked for, and reach the proxy only when let go;
    // the second tab's answer reaches it only after the first tab confirmed its own.
    const sendRereads = first.hold('GET /groups/default');
    const answerSecond = second.holdAnswer('POST /groups/default/locations/ams');
    const add = holdUpstream('POST /groups/default/locations/ams');
    const adding = second.store.addLocation('default', 'ams');
    await add.made;
    const configure = holdUpstream('PATCH /groups/default/configuration');
    const configuring = carol.updateConfiguration('default', { delete_protection: false });
    await configure.made;
    const remove = holdUpstream('DELETE /groups/default');
    const deleting = first.store.delete('default');
    await remove.made;
    configure.release();
    await configuring;
    add.release();
    remove.release();
    await deleting;
    // What the first tab holds of the group from now on: its own deletion, never undone.
    const heldByFirst: string[] = [];
    first.store.groups$.subscribe(() => heldByFirst.push(first.store.getConfirmed().map((g) => g.locations.join(',')).join(' ') || 'absent'));
    answerSecond();
    await adding;
    // The first tab is told of the second's answer (the group with ams: older, and unplaced), then its re-reads are answered.
    tabs.deliverAll();
    sendRereads();
    await until(() => (tabs.deliverAll(), readsSettled(events) && second.store.getConfirmed().length === 0), 'the second tab without the group');

    expect(emulatorGroups(await carol.list())).toEqual([]);
    expect(first.store.getConfirmed()).toEqual([]);
    expect(second.store.getConfirmed()).toEqual([]);
    expect(new Set(heldByFirst)).toEqual(new Set(['absent']));
    expect(first.store.getPending()).toEqual([]);
    expect(second.store.getPending()).toEqual([]);
  });
});

describe('a follower tab’s own placed answer, and the listening tab’s later re-read stamped before it', () => {
  it('the re-read, told by the listening tab, makes the follower read the group: both tabs end on the server’s value', async () => {
    // The second tab (a follower) adds a location: position 1, its answer exact but held on its way
    // back. Carol's configuration goes out `stale` (position 2), so the listening tab re-reads the
    // group (sent, and stamped, now), and carol's create of eu is position 3. The second tab's
    // answer then lands (stamped after that re-read), and only afterwards do the listening tab's
    // list (sent before it all) and re-read reach the proxy: the second tab holds its own value at
    // [1, 3] when it is told of the re-read's, spanning [2, 3] with an older stamp.
    const { base } = await startFeedProxy();
    const { tabs, first, second, carol } = await twoTabsListening(base);
    const firstEvents: StoreEvent[] = [];
    const secondEvents: StoreEvent[] = [];
    first.store.events$.subscribe((event) => firstEvents.push(event));
    second.store.events$.subscribe((event) => secondEvents.push(event));
    const rereads = (): number => firstEvents.filter((event) => event.type === 'start' && event.operation === 'retrieve' && event.group === 'default').length;

    // The first tab's list and re-reads are sent (dated) when asked for, and reach the proxy only when let go.
    const sendList = first.hold('GET /groups');
    const sendRereads = first.hold('GET /groups/default');
    const listing = first.store.load();
    await until(() => firstEvents.some((event) => event.type === 'start' && event.operation === 'list'), 'the first tab’s list sent');
    // The second tab's addLocation is numbered 1 (the first tab hears it), its answer held on its way back.
    const answerSecond = second.holdAnswer('POST /groups/default/locations/ams');
    const adding = second.store.addLocation('default', 'ams');
    await until(() => first.store.getConfirmed()[0]?.locations.includes('ams') === true, 'the addLocation in the first tab');
    await carol.updateConfiguration('default', { delete_protection: true });
    await until(() => rereads() === 1, 'the first tab re-reading after carol’s stale');
    await carol.create({ name: 'eu', location: 'ams' });
    await until(() => shownBy(first.store).includes('eu:ams|ams'), 'eu in the first tab');
    // The second tab's own answer comes back (position 1, without protection), after the re-read was sent.
    answerSecond();
    await adding;
    // Then the first tab's list and its re-read are answered (with protection), at position 3.
    sendList();
    await listing;
    sendRereads();
    await until(() => readsSettled(firstEvents) && first.store.getConfirmed()[0]?.delete_protection === true, 'the first tab’s re-read answered');
    expect(second.store.getConfirmed()[0]).toEqual(expect.objectContaining({ name: 'default', locations: ['lhr', 'ams'], delete_protection: false }));
    // Only now is the second tab told, in order: the first tab's news of position 1, of eu, its list, its re-read.
    tabs.deliverAll();
    // A read the second tab asks for starts once this turn's microtasks ran.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await until(() => (tabs.deliverAll(), tabs.queue.length === 0 && readsSettled(firstEvents) && readsSettled(secondEvents)), 'both tabs’ reads settled');

    const server = [
      { name: 'default', locations: ['lhr', 'ams'], delete_protection: true },
      { name: 'eu', locations: ['ams'] },
    ];
    expect(emulatorGroups(await carol.list())).toEqual(['default', 'eu']);
    expect(first.store.getConfirmed()).toEqual(server.map((group) => expect.objectContaining(group) as Group));
    expect(second.store.getConfirmed()).toEqual(server.map((group) => expect.objectContaining(group) as Group));
    expect(first.store.getPending()).toEqual([]);
    expect(second.store.getPending()).toEqual([]);
    // The first tab read the group once (after carol's stale); the second, told of that read, read it once too.
    expect(first.sent).toEqual(['GET /groups', 'GET /groups', 'GET /groups/default']);
    expect(second.sent).toEqual(['GET /groups', 'POST /groups/default/locations/ams', 'GET /groups/default']);
  });
});

describe('a tab the browser grants the listening lock late', () => {
  it('still holds its first list back for the hello, asking the lock manager who listens: one list, sent after it', async () => {
    const { base } = await startFeedProxy();
    // Longer than the 150 ms a tab waits where the lock manager cannot say who holds the lock.
    const locks = new TestLocks({ grantDelay: 400 });
    const alice = openBrowser(base);
    const bob = openBrowser(base, { crossTab: { channel: new BroadcastChannel(`feed-late-lock-${base}`) }, environment: manualEnvironment({ locks }) });
    bob.store.groups$.subscribe(() => undefined);
    await bob.store.load();
    await until(() => bob.store.getFeed().status === 'connected', 'bob connected');
    await alice.store.create({ name: 'eu', location: 'ams' });
    await until(() => shownBy(bob.store).includes('eu:ams|ams'), 'eu in bob’s store');

    expect(bob.sent).toEqual(['GET /groups']);
    expect(bob.statuses).toEqual(['idle', 'follower', 'connecting', 'connected']);
  });
});

describe('when the feed connection drops', () => {
  it('reconnects with Last-Event-ID and gets what it missed, without a list', async () => {
    const { base } = await startFeedProxy();
    const alice = openBrowser(base);
    const bob = openBrowser(base);
    bob.store.groups$.subscribe(() => undefined);
    await bob.store.load();
    await alice.store.create({ name: 'eu', location: 'ams' });
    await until(() => shownBy(bob.store).includes('eu:ams|ams'), 'eu in bob’s store');

    bob.pause();
    await until(() => bob.store.getFeed().status === 'reconnecting', 'bob’s feed dropped');
    await alice.store.addLocation('eu', 'fra');
    await alice.store.create({ name: 'us', location: 'iad' });
    expect(shownBy(bob.store)).toEqual(['default:lhr|lhr', 'eu:ams|ams']);
    bob.resume();
    await until(() => shownBy(bob.store).includes('us:iad|iad'), 'us in bob’s store');

    expect(shownBy(bob.store)).toEqual(['default:lhr|lhr', 'eu:ams|ams,fra', 'us:iad|iad']);
    const [first, second] = bob.connections;
    expect(first).toBeNull();
    // After the last event it had heard: eu's create, the first change of this numbering.
    expect(second).toMatch(/^[\w-]+:1$/);
    expect(bob.sent).toEqual(['GET /groups']);
    expect(bob.statuses).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('re-reads the list when the proxy’s history no longer reaches back', async () => {
    const { base } = await startFeedProxy({ pollInterval: 0, history: 1 });
    const alice = openBrowser(base);
    const bob = openBrowser(base);
    bob.store.groups$.subscribe(() => undefined);
    await bob.store.load();
    await until(() => bob.store.getFeed().status === 'connected', 'bob connected');
    bob.pause();
    await alice.store.create({ name: 'eu', location: 'ams' });
    await alice.store.create({ name: 'us', location: 'iad' });
    bob.resume();
    await until(() => shownBy(bob.store).length === 3, 'every group in bob’s store');
    await until(() => bob.store.getFeed().status === 'connected', 'bob connected again');
    expect(shownBy(bob.store)).toEqual(['default:lhr|lhr', 'eu:ams|ams', 'us:iad|iad']);
    expect(bob.sent).toEqual(['GET /groups', 'GET /groups']);
    // Later changes come by the feed again.
    await alice.store.delete('eu');
    await until(() => shownBy(bob.store).length === 2, 'eu gone from bob’s store');
    expect(bob.lists()).toBe(2);
  });
});

describe('when the feed’s server dies', () => {
  it('polls at its own interval meanwhile, and listens again (re-reading the list) once a new proxy is up', async () => {
    const proxy = await startRestartableProxy();
    const alice = openBrowser(proxy.base);
    const bob = openBrowser(proxy.base, { refetchInterval: 200, maxPollBackoff: 400 });
    bob.store.groups$.subscribe(() => undefined);
    await bob.store.load();
    await until(() => bob.store.getFeed().status === 'connected', 'bob connected');
    const oldEpoch = (await browserFetch(`${proxy.base}/v1/organizations/${ORG}/groups`)).headers.get('x-groups-feed')?.split(':')[0];
    // Connected, polling is a safety net (a minute at least): nothing is polled for many intervals.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(bob.lists()).toBe(1);

    await proxy.stop();
    await until(() => bob.store.getFeed().status === 'reconnecting', 'bob’s feed dropped');
    // Dropped: polling is back to every 200 ms (failing while the proxy is down, backing off to 400 ms).
    await until(() => bob.lists() >= 3, 'bob polling');
    // A change made behind the proxy's back, on the emulator itself.
    const direct = createGroupsApi({ org: ORG, transport: createFetchTransport({ token: SERVER_TOKEN, baseURL: proxy.harness.upstream.url }) });
    await direct.create({ name: 'cli', location: 'nrt' });

    await proxy.restart();
    await until(() => shownBy(bob.store).includes('cli:nrt|nrt'), 'the change made behind the proxy in bob’s store');
    await until(() => bob.store.getFeed().status === 'connected', 'bob connected again');
    // It asked for what came after its position in the old numbering (the hello's: nothing had changed).
    expect(bob.connections.at(-1)).toBe(`${oldEpoch}:0`);

    const lists = bob.lists();
    await alice.store.create({ name: 'eu', location: 'ams' });
    await until(() => shownBy(bob.store).includes('eu:ams|ams'), 'alice’s change in bob’s store');
    expect(bob.lists()).toBe(lists);
    expect(bob.statuses.slice(0, 4)).toEqual(['idle', 'connecting', 'connected', 'reconnecting']);
    expect(bob.statuses.at(-1)).toBe('connected');
  });
});
