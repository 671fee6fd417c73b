import { config } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualEnvironment, type BroadcastChannelLike } from '../../src/index.js';
import { TOKEN } from '../support/emulatorHarness.js';
import { collect, names } from '../support/storeHarness.js';
import { openTab, pass, startEmulator, TestBus, TestLocks, type LiveTab } from './liveHarness.js';

// Tabs of one organization kept in sync over a BroadcastChannel: Node's own
// for the plain cases, and a bus the test delivers by hand for delays, drops,
// duplicates and reordering.

afterEach(() => {
  config.onUnhandledError = null;
});

const shown = (groups: readonly { name: string; locations: readonly string[] }[]): string[] => groups.map((g) => `${g.name}:${g.locations.join('+')}`);

/** Two tabs on a bus the test delivers by hand, each loaded after greeting the other. */
async function twoLoadedTabs(): Promise<{ bus: TestBus; a: LiveTab; b: LiveTab }> {
  const bus = new TestBus();
  const emulator = startEmulator();
  const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
  const b = openTab(emulator, { crossTab: { channel: bus.channel() } });
  bus.deliverAll();
  await a.store.load();
  await b.store.load();
  return { bus, a, b };
}

describe('over a real BroadcastChannel', () => {
  it('a change confirmed in one tab appears in the other without a request', async () => {
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: true });
    const b = openTab(emulator, { crossTab: true });
    collect(b.store.groups$); // a tab joins its peers once something shows its data
    await a.store.load();
    await vi.waitFor(() => expect(names(b.store.getSnapshot().groups)).toEqual(['alpha', 'beta']));
    await a.store.create({ name: 'gamma', location: 'nrt' });
    await a.store.addLocation('alpha', 'fra');
    await a.store.delete('beta');
    await vi.waitFor(() => expect(shown(b.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams+fra', 'gamma:nrt']));
    expect(b.sent).toEqual([]);
    expect(b.store.getSnapshot().status.status).toBe('success');
  });

  it('a tab that opens starts from its peers’ state, with no request', async () => {
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: true });
    await a.store.load();
    await a.store.addLocation('beta', 'nrt');
    const late = openTab(emulator, { crossTab: true });
    collect(late.store.groups$);
    await vi.waitFor(() => expect(shown(late.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams', 'beta:fra+nrt']));
    expect(late.store.getSnapshot().status.status).toBe('success');
    expect(late.sent).toEqual([]);
  });
});

describe('ordering: nothing a peer sends replaces fresher data', () => {
  it('a delayed message about a group is ignored once the tab knows a later state', async () => {
    const { bus, a, b } = await twoLoadedTabs();
    await a.store.addLocation('alpha', 'fra'); // A tells B: alpha has fra (held)
    await b.store.removeLocation('alpha', 'ams'); // B learns a later state itself
    expect(shown(b.store.getSnapshot().groups)[0]).toBe('alpha:lhr+fra');
    bus.deliverAll(); // A's older news arrives late, then B's news reaches A
    expect(shown(b.store.getSnapshot().groups)[0]).toBe('alpha:lhr+fra');
    expect(shown(a.store.getSnapshot().groups)[0]).toBe('alpha:lhr+fra');
  });

  it('duplicated and reordered messages converge on the newest state', async () => {
    const bus = new TestBus();
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
    const b = openTab(emulator, { crossTab: { channel: bus.channel() } });
    collect(a.store.groups$);
    collect(b.store.groups$);
    bus.deliverAll(); // the greetings
    await a.store.load();
    await a.store.addLocation('beta', 'nrt');
    await a.store.addLocation('beta', 'syd');
    await a.store.removeLocation('beta', 'nrt');
    // The list and three confirmations, delivered newest first, each twice.
    const held = bus.queue.length;
    expect(held).toBe(4);
    for (let i = held - 1; i >= 0; i--) {
      bus.deliver(i, { keep: true });
      bus.deliver(i, { keep: true });
    }
    bus.queue.splice(0, held);
    expect(shown(b.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams', 'beta:fra+syd']);
    expect(b.sent).toEqual([]);
  });

  it('a peer’s list sent before this tab confirmed a mutation does not undo it', async () => {
    const bus = new TestBus();
    const emulator = startEmulator({ faults: { latency: { perOperation: { list: 50 } } } });
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
    const b = openTab(emulator, { crossTab: { channel: bus.channel() } });
    vi.useFakeTimers();
    const loading = a.store.load(); // sent now; the server answers in 50 ms
    await pass(10);
    await b.store.addLocation('alpha', 'nrt'); // confirmed in B after A's list was sent
    await pass(40);
    await loading;
    bus.deliverAll();
    expect(shown(b.store.getSnapshot().groups)[0]).toBe('alpha:lhr+ams+nrt');
    expect(shown(a.store.getSnapshot().groups)[0]).toBe('alpha:lhr+ams+nrt');
  });
});

describe('ordering: a peer’s news counts as this tab’s own would', () => {
  it('a peer’s lists delivered newest first leave the status dated by the newer one', async () => {
    vi.useFakeTimers();
    const bus = new TestBus();
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
    const b = openTab(emulator, { crossTab: { channel: bus.channel() } });
    collect(a.store.groups$);
    const status = collect(b.store.status$);
    bus.deliverAll(); // the greetings: neither has loaded yet
    await a.store.load();
    await pass(1000);
    await a.store.load(); // a second later: its updatedAt is the newer one
    const newer = Date.now();
    expect(bus.queue).toHaveLength(2); // A's two lists, held
    bus.deliver(1);
    bus.deliver(0);
    expect(status.values).toEqual([
      { status: 'idle', error: undefined, updatedAt: undefined, fetching: false },
      { status: 'success', error: undefined, updatedAt: newer, fetching: false },
    ]);
    expect(b.sent).toEqual([]);
  });

  it('a load issued after a peer’s confirmation is not answered by a list this tab sent before it', async () => {
    vi.useFakeTimers();
    const bus = new TestBus();
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
    const held = { holdAnswer: (request: string) => (request === 'GET /groups' ? 100 : 0) };
    const b = openTab(emulator, { crossTab: { channel: bus.channel() } }, manualEnvironment(), held);
    collect(a.store.groups$);
    collect(b.store.groups$);
    bus.deliverAll(); // the greetings
    const early = b.store.load();
    await pass(10); // read by the server, answered at +100
    await a.store.addLocation('alpha', 'nrt');
    bus.deliverAll(); // A's confirmation reaches B while B's list is still on its way
    const late = b.store.load();
    await pass(200);
    expect(shown(await early)).toEqual(['alpha:lhr+ams', 'beta:fra']);
    expect(shown(await late)).toEqual(['alpha:lhr+ams+nrt', 'beta:fra']);
    expect(b.sent).toEqual(['GET /groups', 'GET /groups']);
    expect(shown(b.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams+nrt', 'beta:fra']);
  });

  it('a deletion is forgotten only after its time to live: a peer’s older news still on its way then lands', async () => {
    vi.useFakeTimers();
    const { bus, a, b } = await twoLoadedTabs();
    bus.deliverAll(); // the loads' lists
    await pass(1000);
    await a.store.create({ name: 'gamma', location: 'nrt' }); // A tells B (held)
    await pass(1000);
    await b.store.delete('beta'); // later, B learns beta is gone
    await b.store.retrieve('alpha'); // and a read of B's settles: no read left in flight
    await pass(0);
    expect(shown(b.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams']);
    bus.deliverAll(); // A's confirmation, older than B's deletion, arrives
    expect(shown(b.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams', 'gamma:nrt']);
    expect(b.sent).toEqual(['GET /groups', 'DELETE /groups/beta', 'GET /groups/alpha']);
  });
});

describe('one tab polls for all', () => {
  it('the lock holder polls, the others receive its answers; when it closes another takes over within one interval', async () => {
    vi.useFakeTimers();
    const bus = new TestBus();
    const locks = new TestLocks();
    const emulator = startEmulator();
    const tabs = [0, 1, 2].map(() => openTab(emulator, { crossTab: { channel: bus.channel() }, refetchInterval: 1000, staleTime: 900 }, manualEnvironment({ locks })));
    for (const tab of tabs) collect(tab.store.groups$);
    await pass(0);
    for (let i = 0; i < 5; i++) {
      await pass(1000);
      bus.deliverAll();
    }
    const polls = tabs.map((t) => t.sent.length);
    expect(polls).toEqual([5, 0, 0]);
    expect(tabs.map((t) => t.store.getSnapshot().status.status)).toEqual(['success', 'success', 'success']);
    tabs[0]?.store.dispose();
    await pass(1000);
    bus.deliverAll();
    const after = tabs.map((t) => t.sent.length);
    expect(after[1]! + after[2]!).toBeGreaterThanOrEqual(1);
    expect([after[1]! > 0, after[2]! > 0].filter(Boolean)).toHaveLength(1);
  });
});

describe('robustness', () => {
  it('a malformed or foreign message is ignored and counted', async () => {
    const bus = new TestBus();
    const emulator = startEmulator();
    const channel = bus.channel();
    const a = openTab(emulator, { crossTab: { channel } });
    await a.store.load();
    const before = a.store.getSnapshot();
    const intruder = bus.channel();
    for (const data of [
      null,
      'hello',
      { app: 'someone-else', v: 1, org: 'acme', message: { type: 'hello', from: 'x' } },
      { app: 'turso-groups-store', v: 1, org: 'other-org', message: { type: 'list', from: 'x', stamp: 9e15, updatedAt: 1, groups: [] } },
      { app: 'turso-groups-store', v: 2, org: 'acme', message: { type: 'hello', from: 'x' } },
      { app: 'turso-groups-store', v: 1, org: 'acme', message: { type: 'list', from: 'x', stamp: 9e15, updatedAt: 1, groups: [{ name: 1 }] } },
      { app: 'turso-groups-store', v: 1, org: 'acme', message: { type: 'group', from: 'x', stamp: -1, name: 'alpha', group: null } },
      { app: 'turso-groups-store', v: 1, org: 'acme', message: { type: 'group', from: 'x', stamp: 9e15, name: 'alpha', group: { name: 'beta', locations: [], primary: 'x' } } },
    ]) {
      intruder.postMessage(data);
    }
    bus.deliverAll();
    expect(a.store.getSnapshot()).toBe(before);
    expect(a.store.getTabStats().ignored).toBe(8);
  });

  it('a message stamped far ahead of the shared clock, or past exact integers, is ignored: later news still lands', async () => {
    const { bus, a, b } = await twoLoadedTabs();
    bus.deliverAll();
    const before = a.store.getSnapshot();
    const intruder = bus.channel();
    const anHourAhead = (Date.now() + 3_600_000) * 1000;
    const post = (message: unknown): void => intruder.postMessage({ app: 'turso-groups-store', v: 1, org: 'acme', message });
    post({ type: 'group', from: 'x', stamp: anHourAhead, name: 'alpha', group: null });
    post({ type: 'list', from: 'x', stamp: 2 ** 53, updatedAt: 1, groups: [] });
    post({ type: 'list', from: 'x', stamp: 1.5, updatedAt: 1, groups: [] });
    bus.deliverAll();
    expect(a.store.getSnapshot()).toBe(before);
    expect(a.store.getTabStats().ignored).toBe(3);
    // Had the first one been taken, A's clock would be an hour ahead and B's change, stamped now, would lose to the false deletion.
    await b.store.addLocation('alpha', 'fra');
    bus.deliverAll();
    expect(shown(a.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams+fra', 'beta:fra']);
  });

  it('a peer state that files a group under another name is ignored, as a group message doing so is', async () => {
    const bus = new TestBus();
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
    collect(a.store.groups$); // joins: says hello
    await a.store.load();
    const before = a.store.getSnapshot();
    const hello = bus.log[0] as { message: { type: string; from: string } };
    expect(hello.message.type).toBe('hello');
    bus.queue.length = 0;
    const intruder = bus.channel();
    const beta = { name: 'beta', locations: ['fra'], primary: 'fra' };
    intruder.postMessage({
      app: 'turso-groups-store', v: 1, org: 'acme',
      message: { type: 'state', from: 'x', to: hello.message.from, listStamp: 0, updatedAt: null, groups: [], own: [{ name: 'alpha', group: beta, stamp: Date.now() * 1000 }] },
    });
    bus.deliverAll();
    expect(names(a.store.getSnapshot().groups)).toEqual(['alpha', 'beta']);
    expect(a.store.getSnapshot()).toBe(before);
    expect(a.store.getTabStats().ignored).toBe(1);
  });

  it('a list dated far ahead of the shared clock is ignored: the tab still finds its data stale', async () => {
    // Taken, its updatedAt made the data fresh for a year: no focus or reconnect refresh, and load({ maxAge }) never asked the server.
    vi.useFakeTimers();
    const bus = new TestBus();
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
    collect(a.store.groups$);
    bus.deliverAll();
    await a.store.load();
    await pass(600_000); // ten minutes later
    const before = a.store.getSnapshot();
    const intruder = bus.channel();
    const groups = before.groups.map((g) => ({ ...g, locations: [...g.locations] }));
    intruder.postMessage({ app: 'turso-groups-store', v: 1, org: 'acme', message: { type: 'list', from: 'x', stamp: Date.now() * 1000, updatedAt: Date.now() + 365 * 86_400_000, groups } });
    intruder.postMessage({ app: 'turso-groups-store', v: 1, org: 'acme', message: { type: 'list', from: 'x', stamp: Date.now() * 1000, updatedAt: Number.MAX_VALUE, groups } });
    bus.deliverAll();
    expect(a.store.getSnapshot()).toBe(before);
    expect(a.store.getTabStats().ignored).toBe(2);
    await a.store.load({ maxAge: 60_000 });
    expect(a.sent).toEqual(['GET /groups', 'GET /groups']);
  });

  it('a throwing subscriber never stops the tab from sending or receiving', async () => {
    const errors: unknown[] = [];
    config.onUnhandledError = (error) => errors.push(error);
    const bus = new TestBus();
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
    const b = openTab(emulator, { crossTab: { channel: bus.channel() } });
    b.store.groups$.subscribe(() => {
      throw new Error('a broken view');
    });
    b.store.subscribe(() => {
      throw new Error('another broken view');
    });
    await a.store.load();
    bus.deliverAll();
    await a.store.addLocation('beta', 'nrt');
    bus.deliverAll();
    await b.store.addLocation('alpha', 'syd');
    bus.deliverAll();
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    expect(shown(b.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams+syd', 'beta:fra+nrt']);
    expect(shown(a.store.getSnapshot().groups)).toEqual(['alpha:lhr+ams+syd', 'beta:fra+nrt']);
  });

  it('messages never carry the platform token or a minted JWT', async () => {
    const bus = new TestBus();
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } });
    collect(openTab(emulator, { crossTab: { channel: bus.channel() } }).store.groups$);
    await a.store.load();
    const { jwt } = await a.store.mintToken('alpha');
    await a.store.invalidateTokens('alpha');
    await a.store.retrieve('beta');
    bus.deliverAll();
    const everything = JSON.stringify(bus.log);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(jwt);
    expect(bus.log.length).toBeGreaterThan(3);
  });

  it('dispose closes the channel: nothing more is sent or taken in', async () => {
    const closed: string[] = [];
    const channel: BroadcastChannelLike = {
      postMessage: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => closed.push('listener removed'),
      close: () => closed.push('closed'),
    };
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel } });
    collect(a.store.groups$);
    a.store.dispose();
    expect(closed).toEqual(['listener removed', 'closed']);
  });

  it('a store made and dropped unused never joins its peers (StrictMode throws one away)', async () => {
    const bus = new TestBus();
    const emulator = startEmulator();
    const used = openTab(emulator, { crossTab: { channel: bus.channel() } });
    let opened = 0;
    const channel = bus.channel();
    openTab(emulator, { crossTab: { channel: { ...channel, postMessage: (m) => { opened += 1; channel.postMessage(m); }, addEventListener: (t, l) => { opened += 1; channel.addEventListener(t, l); }, removeEventListener: (t, l) => channel.removeEventListener(t, l), close: () => channel.close() } } });
    await used.store.load();
    bus.deliverAll();
    expect(opened).toBe(0);
    expect(used.store.getTabStats().received).toBe(0);
  });
});
