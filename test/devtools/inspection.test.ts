// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { inspectGroupsStore, type GroupsStoreInspection } from '../../src/devtools/index.js';
import { isGroupsError, manualEnvironment, type GroupsStore } from '../../src/index.js';
import { collect } from '../support/storeHarness.js';
import { openTab, pass, startEmulator, TestBus, TestLocks } from '../live/liveHarness.js';

// What the devtools read of the store's inside (the store's inspection hook):
// which pending mutations are not sent, held offline or unconfirmed, the
// stamps, polling and the tab channel, each against what the store did.

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

function inspect(store: GroupsStore): GroupsStoreInspection {
  const inspection = inspectGroupsStore(store);
  if (!inspection) throw new Error('the store could not be inspected');
  return inspection;
}

const ids = (store: GroupsStore): number[] => store.getPending().map((m) => m.id);
const stages = (store: GroupsStore): { unsent: readonly number[]; held: readonly number[]; unconfirmed: readonly number[] } => {
  const { unsent, held, unconfirmed } = inspect(store);
  return { unsent, held, unconfirmed };
};

describe('the store inspection', () => {
  it('of a fresh store: nothing pending, no polling, no peers, this tab polls for itself', () => {
    const { store } = openTab(startEmulator());
    expect(inspect(store)).toEqual({
      now: 1_700_000_000_000,
      online: true,
      visible: true,
      unsent: [],
      held: [],
      unconfirmed: [],
      stamps: { list: 0, lastConfirmed: 0, groups: [] },
      polling: { interval: false, observed: false, inFlight: false, failures: 0, retryAfterMs: undefined, nextAt: undefined },
      tabs: { id: undefined, peers: [], stats: { sent: 0, received: 0, ignored: 0 }, poller: true, locked: false },
    });
  });

  it('is undefined for an object that is not a store of this package', () => {
    const double = { getSnapshot: () => undefined } as unknown as GroupsStore;
    expect(inspectGroupsStore(double)).toBeUndefined();
  });

  it('tells the offline queue in order, what is not sent, and forgets a cancelled one; all go on reconnect', async () => {
    const { store, environment } = openTab(startEmulator());
    await store.load();
    environment.setOnline(false);
    const adding = store.addLocation('alpha', 'nrt');
    const creating = store.create({ name: 'gamma', location: 'ams' });
    const removing = store.removeLocation('alpha', 'ams');
    await pass(0);
    const [add, create, remove] = ids(store) as [number, number, number];
    expect(inspect(store).online).toBe(false);
    // alpha's second mutation waits behind its first: not sent, and not yet in the offline queue itself.
    expect(stages(store)).toEqual({ unsent: [add, create, remove], held: [add, create], unconfirmed: [] });

    expect(store.cancel(create)).toBe(true);
    await expect(creating).rejects.toMatchObject({ code: 'aborted' });
    expect(stages(store)).toEqual({ unsent: [add, remove], held: [add], unconfirmed: [] });

    environment.setOnline(true);
    await Promise.all([adding, removing]);
    expect(stages(store)).toEqual({ unsent: [], held: [], unconfirmed: [] });
  });

  it('tells a mutation waiting behind its group’s earlier one, sent one, from one sent', async () => {
    const { store } = openTab(startEmulator(), {}, undefined, { holdAnswer: (request) => (request.startsWith('POST') ? 1000 : 0) });
    await store.load();
    const first = store.addLocation('alpha', 'nrt');
    const second = store.addLocation('alpha', 'fra');
    await pass(10);
    const [firstId, secondId] = ids(store) as [number, number];
    expect(stages(store)).toEqual({ unsent: [secondId], held: [], unconfirmed: [] });
    expect(firstId).toBeLessThan(secondId);
    await pass(1000);
    await first;
    expect(stages(store)).toEqual({ unsent: [], held: [], unconfirmed: [] });
    await pass(1000);
    await second;
    expect(store.getPending()).toEqual([]);
  });

  it('tells a mutation whose answer was lost as unconfirmed until the re-read settles it', async () => {
    const emulator = startEmulator();
    const { store, environment } = openTab(emulator);
    await store.load();
    emulator.setFaults({ failures: [{ kind: 'drop', phase: 'after', operation: 'addLocation', times: 1 }] });
    // Offline as the failure is told: the re-read waits for the network, so the unconfirmed state can be seen.
    const events = collect(store.events$);
    store.events$.subscribe((event) => {
      if (event.type === 'unknown') environment.setOnline(false);
    });
    const failed = store.addLocation('alpha', 'nrt').catch((error: unknown) => error);
    const id = ids(store)[0] as number;
    const error = await failed;
    expect(isGroupsError(error) && error.code).toBe('network');
    await pass(5000);
    expect(stages(store)).toEqual({ unsent: [], held: [], unconfirmed: [id] });
    environment.setOnline(true);
    await vi.waitFor(() => expect(events.values.map((e) => e.type)).toContain('reconciled'));
    expect(stages(store)).toEqual({ unsent: [], held: [], unconfirmed: [] });
  });

  it('tells the stamps: the last list, the last confirmation, and the groups learnt from commands, absent ones included', async () => {
    const { store } = openTab(startEmulator());
    await store.load();
    const loaded = inspect(store);
    expect(loaded.stamps.list).toBeGreaterThan(0);
    expect(loaded.stamps).toMatchObject({ lastConfirmed: 0, groups: [] });
    await store.addLocation('alpha', 'nrt');
    await store.delete('beta');
    const { stamps } = inspect(store);
    expect(stamps.lastConfirmed).toBeGreaterThan(stamps.list);
    expect(stamps.groups.map(({ name, present }) => `${name}:${present}`)).toEqual(['alpha:true', 'beta:false']);
    expect(stamps.groups[1]?.stamp).toBe(stamps.lastConfirmed);
  });

  it('tells polling: observed, when the next poll is due, and the backoff after failures', async () => {
    const emulator = startEmulator();
    const { store } = openTab(emulator, { refetchInterval: 10_000 });
    await store.load();
    expect(inspect(store).polling).toEqual({ interval: 10_000, observed: false, inFlight: false, failures: 0, retryAfterMs: undefined, nextAt: undefined });
    const shown = collect(store.groups$);
    expect(inspect(store).polling).toMatchObject({ observed: true, failures: 0, nextAt: Date.now() + 10_000 });

    emulator.setFaults({ failures: [{ kind: 'status', status: 503, retryAfter: 30, operation: 'list', times: 1 }] });
    await pass(10_000);
    // Doubled to 20 s, but the server asked for 30.
    expect(inspect(store).polling).toMatchObject({ inFlight: false, failures: 1, retryAfterMs: 30_000, nextAt: Date.now() + 30_000 });
    shown.unsubscribe();
    expect(inspect(store).polling).toMatchObject({ observed: false, nextAt: undefined });
  });

  it('tells the tab channel: this tab’s id, the peers heard from, the messages, and which tab holds the poller lock', async () => {
    const bus = new TestBus();
    const locks = new TestLocks();
    const emulator = startEmulator();
    const a = openTab(emulator, { crossTab: { channel: bus.channel() }, refetchInterval: 10_000 }, manualEnvironment({ locks }));
    const b = openTab(emulator, { crossTab: { channel: bus.channel() }, refetchInterval: 10_000 }, manualEnvironment({ locks }));
    collect(a.store.groups$);
    await pass(0);
    collect(b.store.groups$);
    await pass(0);
    bus.deliverAll();
    await pass(0);
    const [ta, tb] = [inspect(a.store).tabs, inspect(b.store).tabs];
    expect(ta.id).toEqual(expect.any(String));
    expect(tb.id).toEqual(expect.any(String));
    expect(ta.id).not.toBe(tb.id);
    expect(ta.peers.map((peer) => peer.id)).toEqual([tb.id]);
    expect(tb.peers.map((peer) => peer.id)).toEqual([ta.id]);
    expect(ta.peers[0]?.lastSeen).toBe(Date.now());
    // Each said hello and answered the other's: two sent, two received.
    expect([ta.stats, tb.stats]).toEqual([
      { sent: 2, received: 2, ignored: 0 },
      { sent: 2, received: 2, ignored: 0 },
    ]);
    expect([ta.locked, tb.locked]).toEqual([true, true]);
    expect([ta.poller, tb.poller]).toEqual([true, false]);
  });
});
