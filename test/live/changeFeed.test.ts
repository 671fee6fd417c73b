import { describe, expect, it } from 'vitest';
import { createFetchTransport, createGroupsApi, manualEnvironment, type Group } from '../../src/index.js';
import { TestLocks } from './liveHarness.js';
import { browserFetch, ORG, SERVER_TOKEN } from '../proxy/proxyHarness.js';
import { openBrowser, shownBy, startFeedProxy, startRestartableProxy, until } from './feedHarness.js';

// The store's side of the change feed, over real HTTP through the proxy.

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
