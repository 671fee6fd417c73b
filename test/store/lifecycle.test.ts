import type { Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { GroupsStore, NewGroup } from '../../src/index.js';
import { rejectionOf } from '../support/emulatorHarness.js';
import { collect, names, SEED, startStore } from '../support/storeHarness.js';

describe('checks before the wire (6)', () => {
  const refused: Array<[string, (store: GroupsStore) => Promise<unknown>, string]> = [
    ['an invalid name', (s) => s.addLocation('Alpha', 'fra'), 'invalid group name'],
    ['an invalid location', (s) => s.addLocation('alpha', 'frankfurt'), 'invalid location'],
    ['an invalid expiration', (s) => s.mintToken('alpha', { expiration: 'tomorrow' }), 'invalid expiration'],
    ['an invalid new group', (s) => s.create({ name: '-x', location: 'lhr' }), 'invalid group name'],
    ['no new group at all', (s) => s.create(undefined as unknown as NewGroup), 'expected { name, location }'],
    ['removing the primary location', (s) => s.removeLocation('alpha', 'lhr'), 'cannot remove the primary location'],
    ['removing a location the group lacks', (s) => s.removeLocation('beta', 'lhr'), 'group has no location'],
    ['adding a location the group has', (s) => s.addLocation('alpha', 'ams'), 'group already has location'],
    ['an invalid retrieve', (s) => s.retrieve('a/b'), 'invalid group name'],
    ['an invalid delete', (s) => s.delete(''), 'invalid group name'],
    ['an invalid invalidateTokens', (s) => s.invalidateTokens('UP'), 'invalid group name'],
  ];

  it.each(refused)('%s is a validation error, and nothing changes or is sent', async (_, command, detail) => {
    const { store, sent } = await startStore({ groups: SEED });
    await store.load();
    sent.length = 0;
    const before = store.getSnapshot();
    const events = collect(store.events$);
    const emissions = collect(store.groups$);
    const error = await command(store).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ name: 'GroupsError', code: 'validation' });
    expect((error as Error).message).toContain(detail);
    expect(store.getSnapshot()).toBe(before);
    expect(emissions.values).toHaveLength(1);
    expect(events.values).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('creating a group that is shown already is a conflict, caught before the wire', async () => {
    const { store, sent } = await startStore({ groups: SEED });
    await store.load();
    await expect(store.create({ name: 'beta', location: 'lhr' })).rejects.toMatchObject({ code: 'conflict', group: 'beta' });
    expect(sent).toEqual(['GET /groups']);
  });
});

describe('structural sharing (7)', () => {
  it('an unchanged reload keeps every object and emits nothing', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const groups = collect(store.groups$);
    const snapshot = store.getSnapshot();
    await store.load();
    expect(groups.values).toHaveLength(1);
    expect(store.getSnapshot().groups).toBe(snapshot.groups);
  });

  it('a reload that changes one group replaces only that one', async () => {
    const { store, emulator } = await startStore({ groups: SEED });
    await store.load();
    const [alpha, beta] = store.getSnapshot().groups;
    await emulator.handle(new Request('http://x/v1/organizations/acme/groups/beta/locations/nrt', { method: 'POST', headers: { authorization: 'Bearer test-platform-token-5f0c' } }));
    await store.load();
    const [alpha2, beta2] = store.getSnapshot().groups;
    expect(alpha2).toBe(alpha);
    expect(beta2).not.toBe(beta);
    expect(beta2?.locations).toEqual(['fra', 'nrt']);
  });

  it('a confirmation equal to the optimistic group emits nothing', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const alpha = collect(store.group$('alpha'));
    const groups = collect(store.groups$);
    await store.addLocation('alpha', 'fra');
    expect(alpha.values).toHaveLength(2);
    expect(groups.values).toHaveLength(2);
  });

  it("a subscriber to one group hears nothing when another changes", async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const alpha = collect(store.group$('alpha'));
    const alphaMeta = collect(store.meta$('alpha'));
    await store.addLocation('beta', 'nrt');
    await store.delete('beta');
    expect(alpha.values).toHaveLength(1);
    expect(alphaMeta.values).toHaveLength(1);
  });

  it('snapshots are immutable and stable while nothing changes', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const snapshot = store.getSnapshot();
    expect(store.getSnapshot()).toBe(snapshot);
    expect(Object.isFrozen(snapshot.groups)).toBe(true);
    expect(Object.isFrozen(snapshot.groups[0])).toBe(true);
    expect(Object.isFrozen(snapshot.groups[0]?.locations)).toBe(true);
    const calls: number[] = [];
    const current: boolean[] = [];
    // As useSyncExternalStore(store.subscribe, store.getSnapshot) calls them: unbound.
    const { subscribe, getSnapshot } = store;
    const unsubscribe = subscribe((given) => {
      current.push(given === getSnapshot());
      calls.push(getSnapshot().groups.length);
    });
    await store.create({ name: 'gamma', location: 'syd' });
    unsubscribe();
    await store.delete('gamma');
    // At once (Svelte's contract), optimistic, then the meta settles; nothing after unsubscribing.
    expect(calls).toEqual([2, 3, 3]);
    expect(current).toEqual([true, true, true]); // each call is handed the snapshot of that moment
  });

  it('batch() tells subscribers once of many commands', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const groups = collect(store.groups$);
    const done = store.batch(() => [store.addLocation('alpha', 'fra'), store.addLocation('beta', 'nrt'), store.delete('alpha')]);
    await Promise.all(done);
    expect(groups.values.map(names)).toEqual([['alpha', 'beta'], ['beta']]);
  });
});

describe('dispose (8)', () => {
  it('aborts what is in flight, completes every observable and leaves no timer', async () => {
    vi.useFakeTimers();
    try {
      const { store, emulator } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 1000 } } });
      const observables: Array<Observable<unknown>> = [store.groups$, store.group$('alpha'), store.status$, store.meta$('alpha'), store.events$];
      const streams = observables.map((o) => collect(o));
      const load = store.load();
      const add = store.addLocation('alpha', 'fra');
      const queued = store.removeLocation('alpha', 'ams'); // waits behind add
      await vi.advanceTimersByTimeAsync(10);
      store.dispose();
      const results = await Promise.allSettled([load, add, queued]);
      expect(results.map((r) => r.status === 'rejected' && (r.reason as { code: string }).code)).toEqual(['aborted', 'aborted', 'aborted']);
      expect(streams.map((s) => s.completed)).toEqual([true, true, true, true, true]);
      expect(vi.getTimerCount()).toBe(0);
      expect(emulator.requests.map((r) => r.outcome)).toEqual(['aborted', 'aborted']);
      await expect(store.load()).rejects.toMatchObject({ code: 'aborted', detail: 'the store is disposed' });
      await expect(store.delete('beta')).rejects.toMatchObject({ code: 'aborted' });
      expect(collect(store.groups$).completed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('aborts a load whose answer hangs mid-body', async () => {
    const { store, emulator } = await startStore({ groups: SEED }, 'http');
    emulator.setFaults({ failures: [{ kind: 'stall' }] });
    const status = collect(store.status$);
    const load = store.load();
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1)); // answered: headers and half a body, no more
    await new Promise((resolve) => setTimeout(resolve, 20));
    store.dispose();
    expect(await rejectionOf(load)).toMatchObject({ code: 'aborted', operation: 'list' });
    expect(status.values.map((s) => s.status)).toEqual(['idle', 'loading']);
    expect(status.completed).toBe(true);
  });
});
