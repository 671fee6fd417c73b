// @vitest-environment happy-dom
import { Activity, StrictMode, act, createElement, memo, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { createRoot, hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  GroupsStoreProvider,
  type GroupsStoreProviderProps,
  useGroup,
  useGroupMeta,
  useGroups,
  useGroupsSnapshot,
  useGroupsStore,
  useListStatus,
  useLoad,
  useOwnedGroupsStore,
} from '../../src/bindings/react.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { createFetchTransport, createGroupsStore, IDLE_META, isGroupsError, type DehydratedGroups, type GroupsStore } from '../../src/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { SEED } from '../support/storeHarness.js';
import { expectOnlyTheChangedRowRenders, List, Row, rowText, texts } from '../support/reactRows.js';

declare global {
  // React's flag for "updates are wrapped in act()": without it act() warns.
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

beforeAll(() => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
});

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  document.body.innerHTML = '';
});

/**
 * One emulator and a factory of stores over its in-memory fetch. Every store
 * made is kept in `created` (StrictMode may make one more than it keeps) and
 * disposed after the test; `requests` is what reached the emulator.
 */
function emulatedStores(initialState?: DehydratedGroups) {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
  const created: GroupsStore[] = [];
  const create = (): GroupsStore => {
    const transport = createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: emulator.fetch, retryDelay: 0 });
    const store = createGroupsStore({ org: ORG, transport, initialState });
    created.push(store);
    cleanups.push(() => store.dispose());
    return store;
  };
  /** What reached the emulator, as "METHOD /path → outcome". */
  const requests = (): string[] => emulator.requests.map((r) => `${r.method} ${r.path.replace(`/v1/organizations/${ORG}`, '')} → ${r.outcome}`);
  return { emulator, create, created, requests };
}

/** Renders into a fresh container; `unmount` may be called by the test, and is called after it otherwise. */
function mount(element: ReactElement): { unmount: () => void; container: HTMLElement } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(element));
  let mounted = true;
  const unmount = (): void => {
    if (mounted) act(() => root.unmount());
    mounted = false;
  };
  cleanups.push(unmount);
  return { unmount, container };
}

/** Lets a task pass: an owned store's dispose waits for one after the last cleanup. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Waits (inside act, so React renders what the store says) until `done` holds. */
async function settleUntil(done: () => boolean): Promise<void> {
  await act(async () => {
    await vi.waitFor(() => {
      if (!done()) throw new Error('not yet');
    });
  });
}

/** A screen below a provider: loads in an effect, shows status and rows, and hands out the store it got. */
function Screen({ seen, statuses }: { seen: (store: GroupsStore) => void; statuses: string[] }): ReactElement {
  const store = useGroupsStore();
  seen(store);
  useLoad(store);
  const status = useListStatus(store);
  if (statuses.at(-1) !== status.status) statuses.push(status.status);
  return createElement('section', null, createElement('p', null, status.status), createElement(List, { store, renders: [] }));
}

describe('a store owned by a component, under React 19 StrictMode', () => {
  /** The two ways to own a store: the provider's `create`, or the hook handing its store to a provider. */
  const owners = {
    'GroupsStoreProvider create': (create: () => GroupsStore, screen: ReactElement) => createElement(GroupsStoreProvider, { create }, screen),
    useOwnedGroupsStore: (create: () => GroupsStore, screen: ReactElement) => {
      function Owner(): ReactElement {
        const store = useOwnedGroupsStore(create);
        return createElement(GroupsStoreProvider, { store }, screen);
      }
      return createElement(Owner);
    },
  };

  it.each(Object.entries(owners))('%s: loads in an effect to success, keeps working, and is disposed only by the real unmount', async (_, owner) => {
    const { create, created, requests } = emulatedStores();
    const used = new Set<GroupsStore>();
    const statuses: string[] = [];
    const screen = createElement(Screen, { seen: (store) => used.add(store), statuses });
    const { unmount, container } = mount(createElement(StrictMode, null, owner(create, screen)));
    const [store] = [...used];
    if (!store) throw new Error('the screen got no store');
    await settleUntil(() => store.getSnapshot().status.status === 'success');
    const loaded = { text: container.querySelector('p')?.textContent, rows: texts(container) };

    await act(() => store.create({ name: 'gamma', location: 'ams' }));
    const afterCreate = texts(container);
    const mountedObservers = store.observerCount();

    unmount();
    const disposedBeforeTask = await store.create({ name: 'delta', location: 'ams' }).then(() => 'worked', (e: unknown) => e);
    await nextTask();
    const afterUnmount = await store.create({ name: 'epsilon', location: 'ams' }).then(() => 'worked', (e: unknown) => e);

    expect(used.size).toBe(1); // the same store across StrictMode's cleanup and setup
    expect(created).toContain(store);
    expect(statuses).toEqual(['idle', 'loading', 'success']);
    expect(loaded).toEqual({ text: 'success', rows: ['alpha:lhr+ams:idle', 'beta:fra:idle'] });
    // The first effect's read was given up at once (aborted, or never sent); the second one loaded, once.
    expect(requests().filter((r) => r.startsWith('GET /groups') && !r.endsWith('aborted'))).toEqual(['GET /groups → 200']);
    expect(afterCreate).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle', 'gamma:ams:idle']);
    // The status (1), the list (1), three rows with a group and a meta each (6).
    expect(mountedObservers).toBe(8);
    // Unmounting in the same task has not disposed yet (the dispose waits a task)...
    expect(disposedBeforeTask).toBe('worked');
    // ...after it, the store is disposed and nothing is left subscribed.
    expect(isGroupsError(afterUnmount) && afterUnmount.code).toBe('aborted');
    expect(store.observerCount()).toBe(0);
    // A store StrictMode made and dropped was never used by anything.
    for (const other of created.filter((s) => s !== store)) expect(other.observerCount()).toBe(0);
  });

  it("the issue's repro: a raw effect that loads with its own AbortController ends loaded", async () => {
    const { create } = emulatedStores();
    const store = create();
    const statuses: string[] = [];
    function Raw(): ReactElement {
      useEffect(() => {
        const c = new AbortController();
        store.load({ signal: c.signal }).catch(() => {});
        return () => c.abort();
      }, []);
      const status = useListStatus(store);
      const groups = useGroups(store);
      if (statuses.at(-1) !== status.status) statuses.push(status.status);
      return createElement('ul', null, groups.map((g) => createElement('li', { key: g.name }, g.name)));
    }
    const { container } = mount(createElement(StrictMode, null, createElement(Raw)));
    await settleUntil(() => store.getSnapshot().status.status !== 'loading' && store.getSnapshot().status.status !== 'idle');

    expect(statuses).toEqual(['idle', 'loading', 'success']);
    expect(store.getSnapshot().status.fetching).toBe(false);
    expect(texts(container)).toEqual(['alpha', 'beta']);
  });

  it('an owned store disposed while hidden by <Activity> is replaced by a fresh one when shown again', async () => {
    const { create } = emulatedStores();
    const used: GroupsStore[] = [];
    const statuses: string[] = [];
    let setMode: (mode: 'visible' | 'hidden') => void = () => undefined;
    function Shell(): ReactElement {
      const [mode, set] = useState<'visible' | 'hidden'>('visible');
      setMode = set;
      const screen = createElement(Screen, { seen: (store) => used.at(-1) !== store && used.push(store), statuses });
      return createElement(Activity, { mode, children: createElement(GroupsStoreProvider, { create }, screen) });
    }
    const { container } = mount(createElement(StrictMode, null, createElement(Shell)));
    const first = used[0];
    if (!first) throw new Error('the screen got no store');
    await settleUntil(() => first.getSnapshot().status.status === 'success');
    act(() => setMode('hidden'));
    await act(nextTask);
    const whileHidden = await first.load().then(() => 'worked', (e: unknown) => isGroupsError(e) && e.code);
    act(() => setMode('visible'));
    const second = used.at(-1);
    if (!second) throw new Error('the screen got no store');
    await settleUntil(() => second.getSnapshot().status.status === 'success');

    expect(whileHidden).toBe('aborted');
    expect(used).toHaveLength(2);
    expect(second).not.toBe(first);
    expect(texts(container)).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle']);
    expect((await act(() => second.create({ name: 'gamma', location: 'ams' }))).name).toBe('gamma');
  });

  it("a provider given the app's store hands it down and never disposes it", async () => {
    const { create } = emulatedStores();
    const store = create();
    const before = store.observerCount();
    const used = new Set<GroupsStore>();
    const { unmount } = mount(
      createElement(StrictMode, null, createElement(GroupsStoreProvider, { store }, createElement(Screen, { seen: (s) => used.add(s), statuses: [] }))),
    );
    await settleUntil(() => store.getSnapshot().status.status === 'success');
    unmount();
    await nextTask();

    expect([...used]).toEqual([store]);
    expect(store.observerCount()).toBe(before);
    expect(await store.create({ name: 'gamma', location: 'ams' }).then((g) => g.name)).toBe('gamma');
  });

  it('misuse says what is wrong: no provider above, a provider with no store, an owner with no factory', () => {
    function Orphan(): ReactElement {
      useGroupsStore();
      return createElement('p');
    }
    function NoFactory(): ReactElement {
      useOwnedGroupsStore(undefined as unknown as () => GroupsStore); // as from untyped JavaScript
      return createElement('p');
    }
    const thrown = [
      createElement(Orphan),
      createElement(GroupsStoreProvider, {} as GroupsStoreProviderProps),
      createElement(NoFactory),
    ].map((element) => {
      try {
        renderToString(element);
        return 'rendered';
      } catch (error) {
        return error instanceof Error ? error.message : error;
      }
    });
    expect(thrown).toEqual([
      'turso-groups-store/react: useGroupsStore() must be called below a <GroupsStoreProvider>',
      'turso-groups-store/react: GroupsStoreProvider needs a store or a create function',
      'turso-groups-store/react: useOwnedGroupsStore expects a function that creates the store',
    ]);
  });
});

describe('rows bound with useGroup and useGroupMeta', () => {
  it('a change to one group renders that row again and no other, optimistic value first, confirmed after', async () => {
    const { create } = emulatedStores();
    const store = create();
    await store.load();
    await expectOnlyTheChangedRowRenders(store, (element) => mount(element).container);
  });

  it('a refused change shows the optimistic value, then the rollback with the error, on that row alone', async () => {
    const { create, emulator } = emulatedStores();
    const store = create();
    await store.load();
    emulator.setFaults({ failures: [{ operation: 'addLocation', kind: 'status', status: 400, message: 'refused', times: 1 }] });
    const renders: string[] = [];
    const ErrorRow = memo(function ErrorRow({ name }: { name: string }) {
      const group = useGroup(store, name);
      const meta = useGroupMeta(store, name);
      const text = `${rowText(name, group?.locations, meta.pending)}:${meta.error?.code ?? 'ok'}`;
      renders.push(text);
      return createElement('li', null, text);
    });
    const { container } = mount(createElement('ul', null, createElement(ErrorRow, { name: 'alpha' }), createElement(ErrorRow, { name: 'beta' })));
    const first = renders.splice(0);

    let adding: Promise<unknown> = Promise.resolve();
    act(() => {
      adding = store.addLocation('beta', 'nrt').catch((e: unknown) => e);
    });
    const optimistic = renders.splice(0);
    const error = await act(() => adding);
    const rolledBack = renders.splice(0);

    expect(first).toEqual(['alpha:lhr+ams:idle:ok', 'beta:fra:idle:ok']);
    expect(optimistic).toEqual(['beta:fra+nrt:addLocation:ok']);
    expect(isGroupsError(error) && error.status).toBe(400);
    expect(rolledBack).toEqual(['beta:fra:idle:validation']);
    expect(texts(container)).toEqual(['alpha:lhr+ams:idle:ok', 'beta:fra:idle:validation']);
  });

  it('a row whose name prop changes follows the new group, and unmounting closes every subscription', async () => {
    const { create } = emulatedStores();
    const store = create();
    await store.load();
    const before = store.observerCount();
    const renders: string[] = [];
    let rename: (name: string) => void = () => undefined;
    function Holder(): ReactElement {
      const [name, setName] = useState('alpha');
      rename = setName;
      return createElement('ul', null, createElement(Row, { store, name, renders }));
    }
    const { unmount, container } = mount(createElement(StrictMode, null, createElement(Holder)));
    const mounted = store.observerCount();
    const shown = [texts(container)];
    act(() => rename('beta'));
    const renamed = store.observerCount();
    shown.push(texts(container));
    await act(() => store.addLocation('beta', 'nrt')); // reaches the row only if it subscribed to beta
    shown.push(texts(container));
    renders.splice(0);
    await act(() => store.addLocation('alpha', 'fra')); // the old group: the row has let go of it
    const rendersForOldGroup = renders.splice(0);
    act(() => rename('ghost'));
    shown.push(texts(container));
    unmount();

    expect(shown).toEqual([['alpha:lhr+ams:idle'], ['beta:fra:idle'], ['beta:fra+nrt:idle'], ['ghost:-:idle']]);
    expect(rendersForOldGroup).toEqual([]);
    expect([mounted, renamed, store.observerCount()]).toEqual([before + 2, before + 2, before]);
  });

  it('useGroupsSnapshot follows every change; unmounting leaves no subscription', async () => {
    const { create } = emulatedStores();
    const store = create();
    const before = store.observerCount();
    const seen: string[] = [];
    function Whole(): ReactElement {
      const { groups, status, meta } = useGroupsSnapshot(store);
      const text = `${status.status}:${groups.map((g) => g.name).join(',')}:${[...meta.keys()].join(',')}`;
      if (seen.at(-1) !== text) seen.push(text);
      return createElement('p', null, text);
    }
    const { unmount } = mount(createElement(StrictMode, null, createElement(Whole)));
    await act(() => store.load());
    let creating: Promise<unknown> = Promise.resolve();
    act(() => {
      creating = store.create({ name: 'gamma', location: 'ams' });
    });
    await act(() => creating);
    unmount();

    expect(seen).toEqual(['idle::', 'loading::', 'success:alpha,beta:', 'success:alpha,beta,gamma:gamma', 'success:alpha,beta,gamma:']);
    expect(store.observerCount()).toBe(before);
  });
});

describe('server rendering', () => {
  async function dehydratedOnServer(): Promise<DehydratedGroups> {
    const server = emulatedStores().create();
    await server.load();
    // Through JSON, as it travels in the page.
    return JSON.parse(JSON.stringify(server.dehydrate())) as DehydratedGroups;
  }

  function Page(): ReactElement {
    const shown = useGroupsStore();
    const status = useListStatus(shown);
    const ghost = useGroup(shown, 'ghost');
    const ghostMeta = useGroupMeta(shown, 'ghost');
    return createElement(
      'main',
      null,
      createElement('p', null, `${status.status}:${ghost === undefined}:${ghostMeta === IDLE_META}`),
      createElement(List, { store: shown, renders: [] }),
    );
  }

  it('renderToString renders the groups of a store made with initialState, without subscribing', async () => {
    const state = await dehydratedOnServer();
    const { create, created, requests } = emulatedStores(state);
    const owned = renderToString(createElement(GroupsStoreProvider, { create }, createElement(Page)));
    const given = create();
    const passed = renderToString(createElement(GroupsStoreProvider, { store: given }, createElement(Page)));

    for (const html of [owned, passed]) {
      expect(html).toContain('<p>success:true:true</p>');
      expect(html).toContain('<li>alpha:lhr+ams:idle</li><li>beta:fra:idle</li>');
    }
    expect(created.map((s) => s.observerCount())).toEqual([0, 0]);
    expect(requests()).toEqual([]);
  });

  it('renders from an idle store without throwing', () => {
    const { create } = emulatedStores();
    const html = renderToString(createElement(GroupsStoreProvider, { create }, createElement(Page)));
    expect(html).toContain('<p>idle:true:true</p><ul></ul>');
  });

  it('the page hydrates the server HTML without a mismatch, and useLoad with maxAge sends nothing', async () => {
    const state = await dehydratedOnServer();
    const { create, requests } = emulatedStores(state);
    function App(): ReactNode {
      return createElement(GroupsStoreProvider, { create }, createElement(LoadingPage));
    }
    function LoadingPage(): ReactElement {
      useLoad(useGroupsStore(), { maxAge: 60_000 });
      return createElement(Page);
    }
    const html = renderToString(createElement(App));
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const recoverable: unknown[] = [];
    let root: Root | undefined;
    await act(async () => {
      root = hydrateRoot(container, createElement(App), { onRecoverableError: (error) => recoverable.push(error) });
    });
    const hydrated = container.innerHTML;
    act(() => root?.unmount());

    expect(recoverable).toEqual([]);
    expect(hydrated).toBe(html);
    expect(requests()).toEqual([]);
  });
});
