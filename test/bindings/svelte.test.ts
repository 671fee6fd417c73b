// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flushSync, mount, unmount, type Component } from 'svelte';
import { compile } from 'svelte/compiler';
import { fromStore, get, writable, type Readable } from 'svelte/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GROUPS_STORE_KEY, getGroupsStore, group, groupMeta, groups, listStatus, loadOnMount, ownGroupsStore } from '../../src/bindings/svelte.js';
import { createFetchTransport, createGroupsStore, IDLE_META, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { heldTransport } from '../support/heldTransport.js';
import { SEED, startStore } from '../support/storeHarness.js';
import ContextLoader from './svelte/ContextLoader.svelte';
import ContextOwner from './svelte/ContextOwner.svelte';
import CurrentList from './svelte/CurrentList.svelte';
import GroupList from './svelte/GroupList.svelte';
import GroupRow from './svelte/GroupRow.svelte';
import LegacyRow from './svelte/LegacyRow.svelte';
import ReadableNameRow from './svelte/ReadableNameRow.svelte';
import RenamedRow from './svelte/RenamedRow.svelte';
import SnapshotView from './svelte/SnapshotView.svelte';
import StoreOwner from './svelte/StoreOwner.svelte';

// The .svelte imports are typed as Svelte's legacy component type; these are
// what the test components really take and export.
type Props = Record<string, unknown>;
const as = <P extends Props, E extends Record<string, unknown> = Record<string, never>>(component: unknown) => component as Component<P, E>;

const mounted: Array<Record<string, unknown>> = [];
// Svelte's dev runtime warns on console.warn (ownership, effects, props): none is expected.
let warnings: unknown[][] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push(args);
  });
});
afterEach(() => {
  for (const instance of mounted.splice(0)) unmount(instance);
  document.body.innerHTML = '';
  expect(warnings).toEqual([]);
});

/** Mounts into a fresh element and renders at once; returns the element and the component's exports. */
function render<P extends Props, E extends Record<string, unknown>>(
  component: Component<P, E>,
  props: P,
  context?: Map<unknown, unknown>,
): { target: HTMLElement; exports: E; unmount(): void } {
  const target = document.createElement('div');
  document.body.append(target);
  const exports = mount(component, { target, props, ...(context ? { context } : {}) });
  mounted.push(exports);
  flushSync();
  return {
    target,
    exports,
    unmount() {
      mounted.splice(mounted.indexOf(exports), 1);
      unmount(exports);
      flushSync();
    },
  };
}

/** Each row's text, in order. */
function rows(target: HTMLElement, selector = 'li'): string[] {
  return [...target.querySelectorAll(selector)].map((element) => element.textContent ?? '');
}

async function loadedStore(): Promise<GroupsStore> {
  const { store } = await startStore({ groups: SEED });
  await store.load();
  return store;
}

describe('the GroupsStore is a Svelte store', () => {
  it('`$store` renders the snapshot from the first render on, then each change', async () => {
    const { store } = await startStore({ groups: SEED });
    const view = render(as<{ store: GroupsStore }>(SnapshotView), { store });
    const shown = [view.target.textContent];
    const loaded = store.load();
    flushSync();
    shown.push(view.target.textContent);
    await loaded;
    flushSync();
    shown.push(view.target.textContent);

    expect(shown).toEqual(['idle: ', 'loading: ', 'success: alpha, beta']);
  });

  it('`$store` of a disposed store still renders its last snapshot', async () => {
    const store = await loadedStore();
    store.dispose();
    const view = render(as<{ store: GroupsStore }>(SnapshotView), { store });
    expect(view.target.textContent).toBe('success: alpha, beta');
  });
});

describe('per-group readables in a list of rows', () => {
  it('a change to one group re-renders only its row: optimistic, then confirmed', async () => {
    const store = await loadedStore();
    const renders: string[] = [];
    const list = render(as<{ store: GroupsStore; renders: string[] }>(GroupList), { store, renders });
    const shown = [rows(list.target)];
    const mountRenders = renders.splice(0);

    const added = store.addLocation('alpha', 'fra');
    flushSync();
    shown.push(rows(list.target));
    const optimisticRenders = renders.splice(0);
    await added;
    flushSync();
    shown.push(rows(list.target));

    expect(shown).toEqual([
      ['alpha:lhr+ams:idle', 'beta:fra:idle'],
      ['alpha:lhr+ams+fra:addLocation', 'beta:fra:idle'],
      ['alpha:lhr+ams+fra:idle', 'beta:fra:idle'],
    ]);
    expect([...mountRenders].sort()).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle', 'list:success:2']);
    // The list re-runs once (its array is new), beta's row never does; the
    // confirmed alpha equals the optimistic one, so only its meta changes.
    expect(optimisticRenders).toEqual(['alpha:lhr+ams+fra:addLocation', 'list:success:2']);
    expect(renders).toEqual(['alpha:lhr+ams+fra:idle']);
  });

  it('a failed mutation shows its rollback in the one row, after the optimistic value', async () => {
    const store = await loadedStore();
    const renders: string[] = [];
    const list = render(as<{ store: GroupsStore; renders: string[] }>(GroupList), { store, renders });
    renders.length = 0;

    const failed = store.addLocation('beta', 'not-a-location').catch((error: unknown) => error);
    flushSync();
    const optimistic = rows(list.target);
    await failed;
    flushSync();

    expect(optimistic).toEqual(['alpha:lhr+ams:idle', 'beta:fra+not-a-location:addLocation']);
    expect(rows(list.target)).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle']);
    expect(renders.filter((text) => !text.startsWith('list:'))).toEqual(['beta:fra+not-a-location:addLocation', 'beta:fra:idle']);
    expect(get(groupMeta(store, 'beta')).error?.code).toBeDefined();
  });

  it('rows come and go with their group, and unmounting closes every subscription', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const renders: string[] = [];
    const list = render(as<{ store: GroupsStore; renders: string[] }>(GroupList), { store, renders });
    const counts = [store.observerCount() - before];
    await store.create({ name: 'gamma', location: 'ams' });
    flushSync();
    counts.push(store.observerCount() - before);
    const shown = rows(list.target);
    await store.delete('alpha');
    flushSync();
    counts.push(store.observerCount() - before);
    list.unmount();
    counts.push(store.observerCount() - before);

    expect(shown).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle', 'gamma:ams:idle']);
    // The list's two readables, and two per row.
    expect(counts).toEqual([2 + 2 * 2, 2 + 3 * 2, 2 + 2 * 2, 0]);
  });
});

describe('a name that changes', () => {
  it('a name prop re-made into the readable with $derived is followed, one subscription per readable', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const renders: string[] = [];
    const row = render(as<{ store: GroupsStore; renders: string[]; Row: unknown }, { show(name: string): void }>(RenamedRow), {
      store,
      renders,
      Row: GroupRow,
    });
    const seen = [[rows(row.target), store.observerCount() - before]];
    for (const name of ['beta', 'nobody', 'alpha']) {
      row.exports.show(name);
      flushSync();
      seen.push([rows(row.target), store.observerCount() - before]);
    }
    await store.addLocation('alpha', 'fra');
    flushSync();
    seen.push([rows(row.target), store.observerCount() - before]);
    row.unmount();

    expect(seen).toEqual([
      [['alpha:lhr+ams:idle'], 2],
      [['beta:fra:idle'], 2],
      [['nobody:-:idle'], 2],
      [['alpha:lhr+ams:idle'], 2],
      [['alpha:lhr+ams+fra:idle'], 2],
    ]);
    expect(renders).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle', 'nobody:-:idle', 'alpha:lhr+ams:idle', 'alpha:lhr+ams+fra:addLocation', 'alpha:lhr+ams+fra:idle']);
    expect(store.observerCount()).toBe(before);
  });

  it('Svelte 4 syntax (`export let`, `$:`) follows the name the same way', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const renders: string[] = [];
    const row = render(as<{ store: GroupsStore; renders: string[]; Row: unknown }, { show(name: string): void }>(RenamedRow), {
      store,
      renders,
      Row: LegacyRow,
    });
    const seen = [rows(row.target, 'p')];
    row.exports.show('beta');
    flushSync();
    seen.push(rows(row.target, 'p'));
    const count = store.observerCount() - before;
    const added = store.addLocation('beta', 'lhr');
    flushSync();
    seen.push(rows(row.target, 'p'));
    await added;
    flushSync();
    seen.push(rows(row.target, 'p'));
    row.unmount();

    expect(seen).toEqual([['alpha:lhr+ams:idle'], ['beta:fra:idle'], ['beta:fra+lhr:addLocation'], ['beta:fra+lhr:idle']]);
    expect(renders).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle', 'beta:fra+lhr:addLocation', 'beta:fra+lhr:idle']);
    expect(count).toBe(2);
    expect(store.observerCount()).toBe(before);
  });

  it('a readable name (Svelte 5 toStore) is followed without re-making the readables', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const row = render(as<Props, { show(name: string): void }>(ReadableNameRow), {}, new Map([['groups', store]]));
    const seen = [[row.target.textContent, store.observerCount() - before]];
    for (const name of ['beta', 'beta', 'nobody']) {
      row.exports.show(name);
      flushSync();
      seen.push([row.target.textContent, store.observerCount() - before]);
    }
    row.unmount();

    expect(seen).toEqual([
      ['alpha:lhr+ams:idle', 2],
      ['beta:fra:idle', 2],
      ['beta:fra:idle', 2],
      ['-:-:idle', 2],
    ]);
    expect(store.observerCount()).toBe(before);
  });

  it('a readable name switches subscriptions outside components too, keeping one for the same name', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const name = writable('alpha');
    const seen: Array<[string | undefined, number]> = [];
    const stop = group(store, name).subscribe((value) => seen.push([value?.locations.join('+'), store.observerCount() - before]));
    name.set('beta');
    name.set('beta');
    name.set('nobody');
    name.set('alpha');
    const open = store.observerCount() - before;
    stop();

    // While switching, the old name's subscription is closed before the new one opens.
    expect(seen).toEqual([
      ['lhr+ams', 1],
      ['fra', 1],
      [undefined, 1],
      ['lhr+ams', 1],
    ]);
    expect(open).toBe(1);
    expect(store.observerCount()).toBe(before);
  });
});

describe('the readables on their own', () => {
  it('each calls `run` at once, then only on a change of its own value, and unsubscribes', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const seen: string[] = [];
    const stops = [
      groups(store).subscribe((list) => seen.push(`groups ${list.map((g) => g.name).join(',')}`)),
      group(store, 'beta').subscribe((g) => seen.push(`beta ${g?.locations.join('+')}`)),
      groupMeta(store, 'beta').subscribe((meta) => seen.push(`beta meta ${meta === IDLE_META ? 'idle' : meta.pending.join(',')}`)),
      listStatus(store).subscribe((status) => seen.push(`status ${status.status}${status.fetching ? ' fetching' : ''}`)),
    ];
    const opened = store.observerCount() - before;
    seen.push('-- addLocation alpha');
    await store.addLocation('alpha', 'fra');
    seen.push('-- load');
    await store.load();
    for (const stop of stops) stop();

    expect(opened).toBe(4);
    expect(seen).toEqual([
      'groups alpha,beta',
      'beta fra',
      'beta meta idle',
      'status success',
      '-- addLocation alpha',
      // Once, optimistic: the confirmed group equals it, so it keeps its identity.
      'groups alpha,beta',
      '-- load',
      'status success fetching',
      'status success',
    ]);
    expect(store.observerCount()).toBe(before);
  });

  it('give the last state of a disposed store, as `$store` does', async () => {
    const store = await loadedStore();
    await store.addLocation('beta', 'lhr');
    store.dispose();
    const values = [get(groups(store)).map((g) => g.name), get(group(store, 'beta'))?.locations, get(groupMeta(store, 'beta')), get(listStatus(store)).status];
    expect(values).toEqual([['alpha', 'beta'], ['fra', 'lhr'], IDLE_META, 'success']);
  });

  it('read once (get, or a server render) they leave no subscription open', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const read = [get(groups(store)).length, get(group(store, writable('alpha')))?.name, get(listStatus(store)).status];
    expect(read).toEqual([2, 'alpha', 'success']);
    expect(store.observerCount()).toBe(before);
  });

  it('fromStore gives runes `.current`, re-rendering on change, over a store from context', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const view = render(as<Props>(CurrentList), {}, new Map([['groups', store]]));
    const shown = [view.target.textContent];
    await store.create({ name: 'gamma', location: 'ams' });
    flushSync();
    shown.push(view.target.textContent);
    const open = store.observerCount() - before;
    view.unmount();

    expect(shown).toEqual(['success: alpha, beta', 'success: alpha, beta, gamma']);
    expect(open).toBe(2);
    expect(store.observerCount()).toBe(before);
    // Outside an effect, `.current` reads the readable once.
    expect(fromStore(groups(store)).current.map((g) => g.name)).toEqual(['alpha', 'beta', 'gamma']);
    expect(store.observerCount()).toBe(before);
  });

  it('are typed as Svelte readables', () => {
    const store = createGroupsStore({
      org: ORG,
      transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: createPlatformEmulator({ org: ORG, token: TOKEN }).fetch }),
    });
    const readables: Array<Readable<unknown>> = [groups(store), group(store, 'a'), groupMeta(store, writable('a')), listStatus(store), store];
    expect(readables.every((readable) => typeof readable.subscribe === 'function')).toBe(true);
    store.dispose();
  });
});

describe('ownGroupsStore', () => {
  it('disposes the store with the component that made it', async () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
    const options = { org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: emulator.fetch }) };
    const owner = render(as<Props, { owned(): GroupsStore }>(StoreOwner), {}, new Map([['groups-options', options]]));
    const store = owner.exports.owned();
    await store.load();
    flushSync();
    const shown = owner.target.textContent;
    owner.unmount();

    expect(shown).toBe('alpha, beta');
    const after = await store.load().then(() => 'loaded', (error: unknown) => (error as { code?: string }).code);
    expect(after).toBe('aborted');
  });

  it('refuses to run outside a component, where nothing would dispose the store', () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN });
    const options = { org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: emulator.fetch }) };
    expect(() => ownGroupsStore(options)).toThrow(/lifecycle_outside_component|component initialization/);
  });
});

describe('setGroupsStore, getGroupsStore and loadOnMount', () => {
  it('a descendant finds the store in context, loads on mount, and gives the load up when destroyed', () => {
    const transport = heldTransport();
    const store = createGroupsStore({ org: ORG, transport });
    const before = store.getSnapshot().status.status;
    const owner = render(as<Props>(ContextOwner), {}, new Map([['app-store', store]]));
    const shown = owner.target.textContent;
    owner.unmount();

    expect([before, shown]).toEqual(['idle', 'loading: ']);
    expect(transport.calls.map((call) => [call.method, call.path, call.signal?.aborted])).toEqual([['GET', `/v1/organizations/${ORG}/groups`, true]]);
    store.dispose();
  });

  it('the app hands the store to mount under GROUPS_STORE_KEY, and the components find it', async () => {
    const { store, sent } = await startStore({ groups: SEED });
    const app = render(as<Props>(ContextLoader), {}, new Map([[GROUPS_STORE_KEY, store]]));
    await store.load({ maxAge: 60_000 }); // joins the load loadOnMount started
    flushSync();

    expect([app.target.textContent, sent]).toEqual(['success: alpha, beta', ['GET /groups']]);
  });

  it('with maxAge, a store made from a server render’s state sends nothing on mount', () => {
    const transport = heldTransport();
    const store = createGroupsStore({
      org: ORG,
      transport,
      now: () => 1_500,
      initialState: { groups: [{ name: 'alpha', locations: ['lhr'], primary: 'lhr' }], updatedAt: 1_000 },
    });
    const owner = render(as<Props>(ContextOwner), {}, new Map([['app-store', store]]));

    expect(owner.target.textContent).toBe('success: alpha');
    expect(transport.calls).toEqual([]);
    store.dispose();
  });

  it('without an ancestor that set a store, getGroupsStore throws a wiring error', () => {
    expect(() => render(as<Props>(ContextLoader), {})).toThrow('no store in context; call setGroupsStore(store)');
    expect(() => getGroupsStore()).toThrow(/lifecycle_outside_component|component initialization/);
  });

  it('loadOnMount refuses to run outside a component, where nothing would give the load up', async () => {
    const { store } = await startStore({ groups: SEED });
    expect(() => loadOnMount(store)).toThrow(/lifecycle_outside_component|component initialization/);
  });
});

describe('the test components, compiled as users would', () => {
  it('compile with no warning, for the page and for the server', () => {
    const folder = join(import.meta.dirname, 'svelte');
    const files = readdirSync(folder).filter((file) => file.endsWith('.svelte')).sort();
    const warnings = files.flatMap((file) => {
      const source = readFileSync(join(folder, file), 'utf8');
      return (['client', 'server'] as const).map((generate) => {
        const { warnings: found } = compile(source, { filename: file, generate, dev: true });
        return [file, generate, found.map((warning) => warning.code)];
      });
    });

    expect(files).toEqual([
      'ContextLoader.svelte',
      'ContextOwner.svelte',
      'CurrentList.svelte',
      'GroupList.svelte',
      'GroupRow.svelte',
      'LegacyRow.svelte',
      'ReadableNameRow.svelte',
      'RenamedRow.svelte',
      'SnapshotView.svelte',
      'StoreOwner.svelte',
    ]);
    expect(warnings).toEqual(files.flatMap((file) => [[file, 'client', []], [file, 'server', []]]));
  });
});
