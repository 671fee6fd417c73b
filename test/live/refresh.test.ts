import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListStatus } from '../../src/index.js';
import type { FaultRule } from '../../src/emulator/index.js';
import { collect } from '../support/storeHarness.js';
import { openTab, pass, startEmulator } from './liveHarness.js';

// Freshness and the refresh policy, over the emulator, with fake timers and a
// manual environment driving every signal.

beforeEach(() => {
  vi.useFakeTimers();
});

const lists = (sent: readonly string[]): number => sent.filter((r) => r === 'GET /groups').length;

describe('polling (refetchInterval)', () => {
  it('polls only while something observes the store', async () => {
    const emulator = startEmulator();
    const { store, sent } = openTab(emulator, { refetchInterval: 1000 });
    await store.load();
    await pass(5000);
    expect(lists(sent)).toBe(1); // nobody watches: no polls
    const watching = store.groups$.subscribe(() => undefined);
    await pass(3000);
    expect(lists(sent)).toBe(4);
    watching.unsubscribe();
    await pass(5000);
    expect(lists(sent)).toBe(4);
    const viaSubscribe = store.subscribe(() => undefined);
    await pass(1000);
    expect(lists(sent)).toBe(5);
    viaSubscribe();
  });

  it('pauses while the page is hidden, and refreshes stale data when it is shown again', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator, { refetchInterval: 1000, staleTime: 500 });
    await store.load();
    collect(store.status$);
    environment.setVisible(false);
    await pass(10_000);
    expect(lists(sent)).toBe(1);
    environment.setVisible(true); // stale by now: refreshed at once
    await pass(0);
    expect(lists(sent)).toBe(2);
    await pass(1000);
    expect(lists(sent)).toBe(3);
  });

  it('keeps polling in the background when asked', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator, { refetchInterval: 1000, refetchIntervalInBackground: true });
    await store.load();
    collect(store.groups$);
    environment.setVisible(false);
    await pass(3000);
    expect(lists(sent)).toBe(4);
  });

  it('never has two polls in flight, however slow the server', async () => {
    const emulator = startEmulator({ faults: { latency: { perOperation: { list: 2500 } } } });
    const { store, sent } = openTab(emulator, { refetchInterval: 1000 });
    const first = store.load();
    await pass(2500);
    await first;
    collect(store.groups$);
    await pass(1000); // a poll goes out
    expect(lists(sent)).toBe(2);
    await pass(2400); // still in flight: no second one
    expect(lists(sent)).toBe(2);
    await pass(100 + 1000); // answered, then one interval
    expect(lists(sent)).toBe(3);
    expect(emulator.requests.filter((r) => r.operation === 'list' && r.outcome === 200)).toHaveLength(2);
  });

  it('finds a change made elsewhere and shows it, keeping unchanged groups as they were', async () => {
    const emulator = startEmulator();
    const other = openTab(emulator);
    const { store } = openTab(emulator, { refetchInterval: 1000 });
    await store.load();
    const groups = collect(store.groups$);
    const [alpha] = store.getSnapshot().groups;
    await other.store.addLocation('beta', 'nrt');
    await pass(1000);
    expect(groups.values.map((list) => list.map((g) => `${g.name}:${g.locations.join('+')}`))).toEqual([
      ['alpha:lhr+ams', 'beta:fra'],
      ['alpha:lhr+ams', 'beta:fra+nrt'],
    ]);
    expect(store.getSnapshot().groups[0]).toBe(alpha);
  });

  it('a poll that finds nothing changed notifies no list subscriber', async () => {
    const emulator = startEmulator();
    const { store, sent } = openTab(emulator, { refetchInterval: 1000 });
    await store.load();
    const groups = collect(store.groups$);
    const snapshots: unknown[] = [];
    const stop = store.subscribe((s) => snapshots.push(s));
    await pass(10_000);
    expect(lists(sent)).toBe(11);
    expect(groups.values).toHaveLength(1);
    // Each poll flips `fetching` on and off, and the time of the last success moves: the snapshot's status changes.
    expect(snapshots.every((s, i) => i === 0 || (s as { groups: unknown }).groups === groups.values[0])).toBe(true);
    stop();
  });

  it('a poll that lands mid-mutation does not undo it', async () => {
    const emulator = startEmulator({ faults: { latency: { perOperation: { addLocation: 1500 } } } });
    const { store } = openTab(emulator, { refetchInterval: 1000 });
    await store.load();
    const alpha = collect(store.group$('alpha'));
    const adding = store.addLocation('alpha', 'nrt');
    await pass(1000); // the poll answers while the mutation is pending
    expect(alpha.values.at(-1)?.locations).toEqual(['lhr', 'ams', 'nrt']);
    await pass(500);
    await adding;
    expect(alpha.values.map((g) => g?.locations.join('+'))).toEqual(['lhr+ams', 'lhr+ams+nrt']);
  });
});

describe('backoff after failures', () => {
  /** A watched, loaded tab polling every second, whose server then fails its lists as `failure` says. */
  async function failingPolls(failure: FaultRule, options: { maxPollBackoff?: number } = {}): Promise<string[]> {
    const emulator = startEmulator();
    const { store, sent } = openTab(emulator, { refetchInterval: 1000, ...options });
    await store.load();
    collect(store.groups$);
    emulator.setFaults({ failures: [failure] });
    return sent;
  }

  it('doubles the wait after each failure, and returns to the interval after a success', async () => {
    const sent = await failingPolls({ kind: 'status', status: 500, operation: 'list', times: 3 });
    const at: number[] = [];
    const start = Date.now();
    let seen = lists(sent);
    for (let t = 0; t < 20_000; t += 100) {
      await pass(100);
      if (lists(sent) !== seen) {
        seen = lists(sent);
        at.push(Date.now() - start);
      }
    }
    // 3 failures: 1 s, then 2 s, 4 s, 8 s after each; then back to 1 s.
    expect(at.slice(0, 6)).toEqual([1000, 3000, 7000, 15_000, 16_000, 17_000]);
  });

  it('waits at least what Retry-After asks', async () => {
    const sent = await failingPolls({ kind: 'status', status: 429, retryAfter: 7, operation: 'list', times: 1 });
    await pass(1000);
    expect(lists(sent)).toBe(2);
    await pass(6900);
    expect(lists(sent)).toBe(2);
    await pass(100);
    expect(lists(sent)).toBe(3);
  });

  it('a Retry-After longer than a timer can wait holds polling back, instead of firing at once', async () => {
    // setTimeout fires at once for a delay above 2^31 - 1 ms: taken as is, this
    // server's "come back in 25 days" would have the store poll it in a loop.
    const sent = await failingPolls({ kind: 'status', status: 429, retryAfter: 2_200_000, operation: 'list', times: 1 });
    await pass(1000);
    expect(lists(sent)).toBe(2);
    await pass(60_000);
    expect(lists(sent)).toBe(2);
  });

  it('is capped by maxPollBackoff', async () => {
    const sent = await failingPolls({ kind: 'status', status: 500, operation: 'list' }, { maxPollBackoff: 3000 });
    await pass(1000 + 2000 + 3000 + 3000 + 3000);
    expect(lists(sent)).toBe(6);
  });

  it('a maxPollBackoff below the interval never polls a failing server sooner than the interval', async () => {
    // Taken as the wait itself, maxPollBackoff: 0 had the store poll a failing server in a loop.
    const sent = await failingPolls({ kind: 'status', status: 500, operation: 'list' }, { maxPollBackoff: 0 });
    await pass(1000);
    expect(lists(sent)).toBe(2);
    await pass(999);
    expect(lists(sent)).toBe(2);
    await pass(1 + 1000 + 1000);
    expect(lists(sent)).toBe(5);
  });
});

describe('a background refresh that fails keeps the data on screen', () => {
  it('status stays success with the error beside it, and the next success clears it', async () => {
    const emulator = startEmulator();
    const { store } = openTab(emulator, { refetchInterval: 1000 });
    await store.load();
    const status = collect(store.status$);
    emulator.setFaults({ failures: [{ kind: 'status', status: 503, operation: 'list', times: 1 }] });
    await pass(1000);
    const failed = status.values.at(-1) as ListStatus;
    expect(failed).toMatchObject({ status: 'success', error: undefined, fetching: false, refreshError: { code: 'server', status: 503 } });
    expect(store.getSnapshot().groups).toHaveLength(2);
    await pass(2000);
    expect(status.values.at(-1)).toMatchObject({ status: 'success', refreshError: undefined });
  });

  it('a load the app asked for still reports its failure as an error', async () => {
    const emulator = startEmulator();
    const { store } = openTab(emulator);
    await store.load();
    emulator.setFaults({ failures: [{ kind: 'status', status: 500, operation: 'list', times: 1 }] });
    await expect(store.load()).rejects.toMatchObject({ code: 'server' });
    expect(store.getSnapshot().status).toMatchObject({ status: 'error', error: { code: 'server' } });
  });
});

describe('focus and reconnect', () => {
  it('a focus refreshes stale data only, and only while observed', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator, { staleTime: 5000 });
    await store.load();
    environment.focus();
    await pass(0);
    expect(lists(sent)).toBe(1); // nobody watches
    collect(store.groups$);
    environment.focus();
    await pass(0);
    expect(lists(sent)).toBe(1); // fresh
    await pass(5000);
    environment.focus();
    await pass(0);
    expect(lists(sent)).toBe(2);
  });

  it('a reconnect refreshes stale data', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    await store.load();
    collect(store.groups$);
    environment.setOnline(false);
    environment.setOnline(true);
    await pass(0);
    expect(lists(sent)).toBe(2);
  });

  it('each can be switched off', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator, { refetchOnFocus: false, refetchOnReconnect: false });
    await store.load();
    collect(store.groups$);
    environment.focus();
    environment.setOnline(false);
    environment.setOnline(true);
    await pass(0);
    expect(lists(sent)).toBe(1);
  });

  it('options it cannot use are validation errors', () => {
    const emulator = startEmulator();
    for (const options of [{ refetchInterval: 0 }, { staleTime: -1 }, { refetchOnFocus: 'yes' }, { environment: {} }, { crossTab: 'on' }]) {
      expect(() => openTab(emulator, options as never)).toThrow(expect.objectContaining({ code: 'validation' }));
    }
    // Longer than a timer can wait (it would fire at once): refused, saying the limit.
    expect(() => openTab(emulator, { refetchInterval: 2 ** 31 })).toThrow(/refetchInterval must be a number of ms above 0 and at most 2147483647/);
    expect(() => openTab(emulator, { maxPollBackoff: 2 ** 31 })).toThrow(/maxPollBackoff must be a number of ms from 0 to 2147483647/);
    expect(() => openTab(emulator, { refetchInterval: 2 ** 31 - 1, maxPollBackoff: 2 ** 31 - 1 })).not.toThrow();
  });
});
