import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createGroupsStore, IDLE_META, type DehydratedGroups } from '../../src/index.js';
import { startHarness, TOKEN } from '../support/emulatorHarness.js';
import { collect, names, SEED, startStore } from '../support/storeHarness.js';

// What framework bindings build on, all of it public: synchronous reads that
// match the observables, a subscribe that honours both React's and Svelte's
// contracts, and server-rendered state handed to the page.

describe('synchronous reads', () => {
  it('getGroup and getMeta are what group$ and meta$ hold now', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const alpha = collect(store.group$('alpha'));
    const meta = collect(store.meta$('alpha'));
    const adding = store.addLocation('alpha', 'fra');
    expect(store.getGroup('alpha')).toBe(alpha.values.at(-1));
    expect(store.getMeta('alpha')).toBe(meta.values.at(-1));
    expect(store.getMeta('alpha').pending).toEqual(['addLocation']);
    await adding;
    expect(store.getGroup('alpha')).toBe(alpha.values.at(-1));
    expect(store.getMeta('alpha')).toBe(IDLE_META);
    expect(store.getGroup('nope')).toBeUndefined();
    expect(store.getMeta('nope')).toBe(IDLE_META);
  });

  it('a snapshot keeps the status and meta objects that did not change', async () => {
    const { store, emulator } = await startStore({ groups: SEED });
    await store.load();
    await emulator.handle(new Request('http://x/v1/organizations/acme/groups/beta/locations/nrt', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }));
    const before = store.getSnapshot();
    const adding = store.addLocation('alpha', 'syd'); // meta changes; status does not
    const during = store.getSnapshot();
    expect(during).not.toBe(before);
    expect(during.status).toBe(before.status);
    expect(during.meta).not.toBe(before.meta);
    await adding;
    const settled = store.getSnapshot();
    const reloaded = await store.load().then(() => store.getSnapshot()); // beta changed on the server; no meta did
    expect(reloaded.groups).not.toBe(settled.groups);
    expect(reloaded.meta).toBe(settled.meta);
  });
});

describe('subscribe: one contract for useSyncExternalStore and Svelte stores', () => {
  it('calls the listener at once with the snapshot, then with each new one, and stops on unsubscribe', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const seen: unknown[] = [];
    const unsubscribe = store.subscribe((snapshot) => seen.push(snapshot));
    expect(seen).toEqual([store.getSnapshot()]);
    await store.delete('beta');
    unsubscribe();
    await store.delete('alpha');
    expect(seen.map((s) => names((s as { groups: { name: string }[] }).groups))).toEqual([['alpha', 'beta'], ['alpha'], ['alpha']]);
    expect(seen[1]).not.toBe(seen[2]); // the meta settled: a new snapshot, same groups
  });

  it('after dispose it still hands the last snapshot at once, as a Svelte store must', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const last = store.getSnapshot();
    store.dispose();
    const seen: unknown[] = [];
    store.subscribe((snapshot) => seen.push(snapshot))();
    expect(seen).toEqual([last]);
  });

  it('refuses a listener that is not a function with a validation error', async () => {
    const { store } = await startStore({ groups: SEED });
    expect(() => store.subscribe(42 as unknown as () => void)).toThrow(expect.objectContaining({ code: 'validation' }));
  });
});

describe('server rendering: dehydrate on the server, initialState or hydrate in the page', () => {
  it('the page starts with the server’s groups and sends no second request', async () => {
    const server = await startHarness('in-memory', { groups: SEED });
    const serverStore = createGroupsStore({ api: server.api, now: () => 1_000 });
    await serverStore.load();
    const html = JSON.stringify(serverStore.dehydrate());
    expect(html).not.toContain(TOKEN);
    serverStore.dispose();

    const page = await startHarness('in-memory', { groups: SEED });
    const store = createGroupsStore({ api: page.api, now: () => 1_500, initialState: JSON.parse(html) as DehydratedGroups });
    expect(names(store.getSnapshot().groups)).toEqual(['alpha', 'beta']);
    expect(store.getSnapshot().status).toMatchObject({ status: 'success', updatedAt: 1_000, fetching: false });
    expect(names(await store.load({ maxAge: 60_000 }))).toEqual(['alpha', 'beta']);
    expect(page.emulator.requests).toEqual([]);
    await store.load({ maxAge: 100 }); // older than that: asks the server
    expect(page.emulator.requests.map((r) => r.operation)).toEqual(['list']);
    store.dispose();
  });

  it('a server whose clock is ahead of the page’s does not hand over data the page takes as fresh for that long', async () => {
    // The server's clock an hour ahead: taken as is, its updatedAt kept the data fresh for an hour beyond maxAge
    // (and staleTime), so load({ maxAge }) and every focus refresh answered from the store without asking.
    const server = await startHarness('in-memory', { groups: SEED });
    const serverStore = createGroupsStore({ api: server.api, now: () => 1_000_000 + 3_600_000 });
    await serverStore.load();
    const handedOver = serverStore.dehydrate();
    serverStore.dispose();

    const page = await startHarness('in-memory', { groups: SEED });
    let now = 1_000_000;
    const store = createGroupsStore({ api: page.api, now: () => now, initialState: handedOver });
    expect(store.getSnapshot().status).toMatchObject({ status: 'success', updatedAt: 1_000_000, fetching: false });
    now += 60_000; // a minute later, on the page's clock
    await store.load({ maxAge: 30_000 });
    expect(page.emulator.requests.map((r) => r.operation)).toEqual(['list']);
    store.dispose();
  });

  it('hydrate never replaces what the store learnt itself', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const loaded = store.getSnapshot();
    store.hydrate({ groups: [{ name: 'stale', locations: ['lhr'], primary: 'lhr' }], updatedAt: Number.MAX_SAFE_INTEGER });
    expect(store.getSnapshot()).toBe(loaded);
  });

  it('a mutation confirmed before hydration wins over the handed-over group', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.addLocation('alpha', 'fra'); // confirmed: alpha has lhr, ams, fra
    store.hydrate({ groups: [{ name: 'alpha', locations: ['lhr', 'ams'], primary: 'lhr' }, { name: 'beta', locations: ['fra'], primary: 'fra' }], updatedAt: 1 });
    expect(store.getSnapshot().groups.map((g) => `${g.name}:${g.locations.join('+')}`)).toEqual(['alpha:lhr+ams+fra', 'beta:fra']);
  });

  it('a group deleted before hydration stays gone, even once no read is left for the deletion to outlast', async () => {
    const { store } = await startStore({ groups: SEED.slice(0, 1) });
    await store.delete('alpha');
    await expect(store.retrieve('alpha')).rejects.toMatchObject({ code: 'not_found' });
    await new Promise((resolve) => setImmediate(resolve)); // a turn: the settled read's bookkeeping (forgetting the deletion) runs
    const groups = collect(store.groups$);
    store.hydrate({ groups: [{ name: 'alpha', locations: ['lhr', 'ams'], primary: 'lhr' }], updatedAt: 1 });
    expect(groups.values.map(names)).toEqual([[]]);
    expect(store.getConfirmed()).toEqual([]);
    expect(store.getSnapshot().status).toMatchObject({ status: 'success', updatedAt: 1 });
  });

  it('malformed handed-over state is a validation error and changes nothing', async () => {
    const { store } = await startStore({ groups: SEED });
    const before = store.getSnapshot();
    for (const bad of [null, {}, { groups: [{ name: 1 }], updatedAt: 1 }, { groups: [], updatedAt: 'yesterday' }]) {
      expect(() => store.hydrate(bad as unknown as DehydratedGroups)).toThrow(expect.objectContaining({ name: 'GroupsError', code: 'validation' }));
    }
    expect(store.getSnapshot()).toBe(before);
    const { api } = await startHarness('in-memory');
    expect(() => createGroupsStore({ api, initialState: {} as DehydratedGroups })).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('the error names the call it came from, not a list, and says to parse JSON text', async () => {
    const { api } = await startHarness('in-memory');
    const text = JSON.stringify({ groups: [], updatedAt: 1 });
    const errors: unknown[] = [];
    try {
      createGroupsStore({ api, initialState: text as unknown as DehydratedGroups });
    } catch (error) {
      errors.push(error);
    }
    const { store } = await startStore({ groups: SEED });
    try {
      store.hydrate({ groups: 'x' } as unknown as DehydratedGroups);
    } catch (error) {
      errors.push(error);
    }
    expect(errors).toEqual([
      expect.objectContaining({ code: 'validation', operation: 'request', message: 'request: invalid initialState: expected { groups, updatedAt }, got a string: JSON.parse it first' }),
      expect.objectContaining({ code: 'validation', operation: 'request', message: 'request: invalid hydrate(state): updatedAt must be a number or null' }),
    ]);
  });
});

describe('observerCount', () => {
  it('counts every open subscription, and none once they end or the store is disposed', async () => {
    const { store } = await startStore({ groups: SEED });
    expect(store.observerCount()).toBe(0);
    const observables: Array<Observable<unknown>> = [store.groups$, store.group$('alpha'), store.group$('alpha'), store.meta$('beta'), store.status$, store.events$];
    const subscriptions = observables.map((o) => o.subscribe(() => undefined));
    const unsubscribe = store.subscribe(() => undefined);
    expect(store.observerCount()).toBe(7);
    subscriptions[1]?.unsubscribe();
    unsubscribe();
    expect(store.observerCount()).toBe(5);
    store.dispose();
    expect(store.observerCount()).toBe(0);
  });
});
