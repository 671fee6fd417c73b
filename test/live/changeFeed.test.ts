import { describe, expect, it } from 'vitest';
import { openBrowser, shownBy, startFeedProxy, until } from './feedHarness.js';

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
