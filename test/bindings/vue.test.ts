// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, createSSRApp, defineComponent, effectScope, h, isProxy, nextTick, onServerPrefetch, ref, type Component } from 'vue';
import { renderToString, renderToWebStream } from 'vue/server-renderer';
import {
  GROUPS_STORE_KEY,
  provideGroupsStore,
  useGroup,
  useGroupMeta,
  useGroups,
  useGroupsStore,
  useListStatus,
  useLoad,
  useScopedGroupsStore,
} from '../../src/bindings/vue.js';
import { createFetchTransport, createGroupsStore, IDLE_META, type DehydratedGroups, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { heldTransport } from '../support/heldTransport.js';
import { SEED, startStore } from '../support/storeHarness.js';

const unmounts: Array<() => void> = [];
afterEach(() => {
  for (const unmount of unmounts.splice(0)) unmount();
  document.body.innerHTML = '';
});

/** A group row as text: name, locations, and what is pending ('idle' when nothing). */
function rowText(name: string, locations: readonly string[] | undefined, pending: readonly string[]): string {
  return `${name}:${locations?.join('+') ?? '-'}:${pending.join(',') || 'idle'}`;
}

/** A row bound to the group its `name` prop names, recording each render into `renders` as its text. */
function groupRow(store: GroupsStore, renders: string[]) {
  return defineComponent({
    props: { name: { type: String, required: true } },
    setup(props) {
      const group = useGroup(store, () => props.name);
      const meta = useGroupMeta(store, () => props.name);
      return () => {
        const text = rowText(props.name, group.value?.locations, meta.value.pending);
        renders.push(text);
        return h('li', text);
      };
    },
  });
}

/** A list of rows, recording every render into `renders`: the list's as 'list', each row's as its text. */
function groupList(store: GroupsStore, renders: string[]): Component {
  const Row = groupRow(store, renders);
  return defineComponent({
    setup() {
      const groups = useGroups(store);
      return () => {
        renders.push('list');
        return h('ul', groups.value.map((group) => h(Row, { key: group.name, name: group.name })));
      };
    },
  });
}

describe('rows bound with useGroup and useGroupMeta', () => {
  it('a change to one group renders that row again and no other, optimistic value first, confirmed after', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const renders: string[] = [];
    const wrapper = mount(groupList(store, renders));
    unmounts.push(() => wrapper.unmount());
    const first = renders.splice(0);

    const adding = store.addLocation('alpha', 'fra');
    await nextTick();
    const optimistic = renders.splice(0);
    await adding;
    await nextTick();
    const confirmed = renders.splice(0);

    expect(first).toEqual(['list', 'alpha:lhr+ams:idle', 'beta:fra:idle']);
    // The list renders again for the new alpha object, but passes beta the same props, so beta does not.
    expect(optimistic).toEqual(['list', 'alpha:lhr+ams+fra:addLocation']);
    // The server's answer equals what was shown, so the store keeps alpha's object: only the meta changes.
    expect(confirmed).toEqual(['alpha:lhr+ams+fra:idle']);
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual(['alpha:lhr+ams+fra:idle', 'beta:fra:idle']);
  });

  it('a refused change shows optimistically, then rolls back with the error in the meta', async () => {
    const { store } = await startStore({ groups: SEED, faults: { failures: [{ kind: 'status', status: 400, operation: 'addLocation', times: 1 }] } });
    await store.load();
    const shown: string[] = [];
    const Row = defineComponent({
      setup() {
        const group = useGroup(store, 'beta');
        const meta = useGroupMeta(store, 'beta');
        return () => {
          const text = `${rowText('beta', group.value?.locations, meta.value.pending)}:${meta.value.error?.code ?? 'ok'}`;
          shown.push(text);
          return h('p', text);
        };
      },
    });
    const wrapper = mount(Row);
    unmounts.push(() => wrapper.unmount());

    const adding = store.addLocation('beta', 'nrt').catch((error: unknown) => error);
    await nextTick();
    const failure = await adding;
    await nextTick();

    expect(failure).toMatchObject({ code: 'validation', status: 400 });
    expect(shown).toEqual(['beta:fra:idle:ok', 'beta:fra+nrt:addLocation:ok', 'beta:fra:idle:validation']);
  });

  it('the list status goes idle, loading, success', async () => {
    const { store } = await startStore({ groups: SEED });
    const seen: string[] = [];
    const wrapper = mount(
      defineComponent({
        setup() {
          const status = useListStatus(store);
          return () => {
            seen.push(status.value.status);
            return h('p', status.value.status);
          };
        },
      }),
    );
    unmounts.push(() => wrapper.unmount());
    const loading = store.load();
    await nextTick();
    await loading;
    await nextTick();
    expect(seen).toEqual(['idle', 'loading', 'success']);
  });
});

describe('following a name that changes', () => {
  it('a ref: the binding shows the new group at once and drops the old subscription', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const before = store.observerCount();
    const [alpha, beta] = [store.getGroup('alpha'), store.getGroup('beta')];
    const name = ref('alpha');
    const scope = effectScope();
    const group = scope.run(() => useGroup(store, name));
    const meta = scope.run(() => useGroupMeta(store, name));
    const counts: number[] = [store.observerCount()];
    const seen = [group?.value];

    name.value = 'beta';
    seen.push(group?.value);
    counts.push(store.observerCount());
    await store.addLocation('alpha', 'syd'); // no longer followed
    seen.push(group?.value);
    name.value = 'nope';
    seen.push(group?.value);
    counts.push(store.observerCount());
    const lastMeta = meta?.value;
    scope.stop();

    expect(seen[0]).toBe(alpha);
    expect(seen[1]).toBe(beta);
    expect(seen[2]).toBe(beta);
    expect(seen[3]).toBeUndefined();
    expect(lastMeta).toBe(IDLE_META);
    expect(counts).toEqual([before + 2, before + 2, before + 2]);
    expect(store.observerCount()).toBe(before);
  });

  it('a getter over a prop: the row renders the new group and drops the old subscription', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const before = store.observerCount();
    const renders: string[] = [];
    const wrapper = mount(groupRow(store, renders), { props: { name: 'alpha' } });
    unmounts.push(() => wrapper.unmount());
    const mounted = store.observerCount();

    await wrapper.setProps({ name: 'beta' });
    const switched = store.observerCount();
    await store.addLocation('alpha', 'syd'); // the old group changes: no render
    await nextTick();
    await store.addLocation('beta', 'nrt');
    await nextTick();

    expect(renders).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle', 'beta:fra+nrt:addLocation', 'beta:fra+nrt:idle']);
    expect([mounted, switched]).toEqual([before + 2, before + 2]);
  });
});

describe('lifetime', () => {
  it('unmounting the list closes every subscription its rows and itself opened', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const before = store.observerCount();
    const wrapper = mount(groupList(store, []));
    const mounted = store.observerCount();
    await store.create({ name: 'gamma', location: 'ams' }); // a row mounted later
    await nextTick();
    const grown = store.observerCount();
    wrapper.unmount();
    expect([mounted, grown, store.observerCount()]).toEqual([before + 5, before + 7, before]);
  });

  it('stopping a bare effectScope closes all four bindings', async () => {
    const { store } = await startStore({ groups: SEED });
    const before = store.observerCount();
    const scope = effectScope();
    scope.run(() => [useGroups(store), useListStatus(store), useGroup(store, 'alpha'), useGroupMeta(store, 'alpha')]);
    const open = store.observerCount();
    scope.stop();
    expect([open, store.observerCount()]).toEqual([before + 4, before]);
  });

  it('warns when called outside any scope, where nothing but store.dispose() closes it', async () => {
    const { store } = await startStore({ groups: SEED });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const groups = useGroups(store);
    const open = store.observerCount();
    store.dispose();
    expect(warn.mock.calls).toEqual([[expect.stringContaining('useGroups() was called outside setup() or an effectScope()')]]);
    expect([open, store.observerCount()]).toEqual([1, 0]);
    expect(groups.value).toEqual([]);
  });

  it('useScopedGroupsStore disposes its store with the scope, and refuses to run outside one', async () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
    const options = { org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: emulator.fetch }) };
    const scope = effectScope();
    const store = scope.run(() => useScopedGroupsStore(options));
    const loaded = await store?.load();
    scope.stop();
    const afterStop = await store?.load().then(() => 'loaded', (error: unknown) => error);
    expect(loaded?.map((g) => g.name)).toEqual(['alpha', 'beta']);
    expect(afterStop).toMatchObject({ code: 'aborted' });
    expect(() => useScopedGroupsStore(options)).toThrow('must be called in setup() or inside an effectScope()');
  });
});

describe('the refs', () => {
  it('are read-only: assigning warns and changes nothing', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const scope = effectScope();
    const bound = scope.run(() => ({ groups: useGroups(store), group: useGroup(store, 'alpha'), meta: useGroupMeta(store, 'alpha'), status: useListStatus(store) }));
    if (!bound) throw new Error('the scope did not run');
    // @ts-expect-error the ref is read-only
    bound.groups.value = [];
    // @ts-expect-error the ref is read-only
    bound.group.value = undefined;
    // @ts-expect-error the ref is read-only
    bound.meta.value = IDLE_META;
    // @ts-expect-error the ref is read-only
    bound.status.value = store.getSnapshot().status;
    const values = [bound.groups.value, bound.group.value, bound.meta.value, bound.status.value];
    scope.stop();
    expect(warn.mock.calls.map(([message]) => String(message))).toEqual(Array(4).fill(expect.stringContaining('target is readonly')));
    expect(values).toEqual([store.getSnapshot().groups, store.getGroup('alpha'), store.getMeta('alpha'), store.getSnapshot().status]);
    expect(values[0]).toBe(store.getSnapshot().groups);
  });

  it('hold the store’s own objects: nothing is made deeply reactive', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const scope = effectScope();
    const groups = scope.run(() => useGroups(store));
    const group = scope.run(() => useGroup(store, 'alpha'));
    const held = [groups?.value, groups?.value[0], group?.value];
    scope.stop();
    expect(held[0]).toBe(store.getSnapshot().groups);
    expect(held[1]).toBe(store.getGroup('alpha'));
    expect(held[2]).toBe(store.getGroup('alpha'));
    expect(held.map((value) => isProxy(value))).toEqual([false, false, false]);
  });
});

describe('provide and inject', () => {
  it('a component provides the store and a descendant finds it; so does app.provide', async () => {
    const { store } = await startStore({ groups: SEED });
    const found: GroupsStore[] = [];
    const Child = defineComponent({
      setup() {
        found.push(useGroupsStore());
        return () => h('span');
      },
    });
    const Parent = defineComponent({
      setup() {
        provideGroupsStore(store);
        return () => h(Child);
      },
    });
    mount(Parent).unmount();
    const app = createApp(Child);
    app.provide(GROUPS_STORE_KEY, store);
    app.mount(document.createElement('div'));
    app.unmount();
    expect(found).toEqual([store, store]);
    expect(found[0]).toBe(store);
  });

  it('throws a wiring error without a provider, and outside setup()', () => {
    const errors: unknown[] = [];
    const app = createApp(defineComponent({ setup: () => (useGroupsStore(), () => h('span')) }));
    app.config.errorHandler = (error) => errors.push(error);
    app.config.warnHandler = () => undefined; // "missing render function": setup threw before returning it
    app.mount(document.createElement('div'));
    app.unmount();
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('no store was provided') })]);
    expect(() => useGroupsStore()).toThrow('can only be called in setup()');
  });
});

describe('server rendering', () => {
  const HANDED_OVER: DehydratedGroups = {
    groups: [
      { name: 'alpha', locations: ['lhr', 'ams'], primary: 'lhr' },
      { name: 'beta', locations: ['fra'], primary: 'fra' },
    ],
    updatedAt: 1_000,
  };

  /** A store as a page would make it: over a transport it never calls. */
  function pageStore(initialState?: DehydratedGroups): GroupsStore {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
    const transport = createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: emulator.fetch });
    return createGroupsStore({ org: ORG, transport, initialState });
  }

  /** The page; `openDuringRender` records the store's open subscriptions each time the list renders. */
  function page(store: GroupsStore, openDuringRender: number[] = []): Component {
    const Row = defineComponent({
      props: { name: { type: String, required: true } },
      setup(props) {
        const group = useGroup(store, () => props.name);
        const meta = useGroupMeta(store, () => props.name);
        return () => h('li', rowText(props.name, group.value?.locations, meta.value.pending));
      },
    });
    return defineComponent({
      setup() {
        const groups = useGroups(store);
        const status = useListStatus(store);
        return () => {
          openDuringRender.push(store.observerCount());
          return h('main', [h('p', status.value.status), h('ul', groups.value.map((g) => h(Row, { key: g.name, name: g.name })))]);
        };
      },
    });
  }

  it('renderToString shows a store made with initialState, and leaves no subscription open', async () => {
    const store = pageStore(HANDED_OVER);
    const open: number[] = [];
    const html = await renderToString(createSSRApp(page(store, open)));
    expect(html).toBe('<main><p>success</p><ul><li>alpha:lhr+ams:idle</li><li>beta:fra:idle</li></ul></main>');
    // None opened even while rendering: the server never unmounts, and not every
    // Vue 3.3+ renderer stops what a component's setup opened once it is done.
    expect(open).toEqual([0]);
    expect(store.observerCount()).toBe(0);
  });

  it('a stream render leaves no subscription open either', async () => {
    const store = pageStore(HANDED_OVER);
    const open: number[] = [];
    const html = await new Response(renderToWebStream(createSSRApp(page(store, open)))).text();
    expect(html).toContain('<li>beta:fra:idle</li>');
    expect(open).toEqual([0]);
    expect(store.observerCount()).toBe(0);
  });

  it('reads the store at render time, so data loaded in onServerPrefetch is rendered', async () => {
    const store = pageStore();
    const open: number[] = [];
    const Page = page(store, open);
    const Prefetching = defineComponent({
      setup() {
        onServerPrefetch(() => store.load().then(() => undefined));
        return () => h(Page);
      },
    });
    const html = await renderToString(createSSRApp(Prefetching));
    expect(html).toContain('<p>success</p><ul><li>alpha:lhr+ams:idle</li><li>beta:fra:idle</li></ul>');
    expect(open).toEqual([0]);
    expect(store.observerCount()).toBe(0);
  });

  it('the page hydrates the server’s HTML without a mismatch, then follows the store', async () => {
    const html = await renderToString(createSSRApp(page(pageStore(HANDED_OVER))));
    const store = pageStore(HANDED_OVER);
    const root = document.createElement('div');
    root.innerHTML = html;
    document.body.append(root);
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const app = createSSRApp(page(store));
    app.mount(root);
    unmounts.push(() => app.unmount());
    const hydrated = root.innerHTML;
    await store.delete('beta');
    await nextTick();
    expect([...warn.mock.calls, ...error.mock.calls]).toEqual([]);
    expect(hydrated).toBe(html);
    expect(root.querySelectorAll('li').length).toBe(1);
    expect(store.observerCount()).toBe(4); // list, status, and alpha's group and meta
  });
});

describe('useLoad', () => {
  /** A component that loads on mount and records the list's status during setup and at each render. */
  function loader(store: GroupsStore, statuses: string[], maxAge?: number): Component {
    return defineComponent({
      setup() {
        statuses.push(`setup:${store.getSnapshot().status.status}`);
        useLoad(store, { maxAge });
        const status = useListStatus(store);
        return () => {
          statuses.push(status.value.status);
          return h('p', status.value.status);
        };
      },
    });
  }

  it('loads once the component is mounted, not during setup, and gives the load up when it unmounts', async () => {
    const transport = heldTransport();
    const store = createGroupsStore({ org: ORG, transport });
    const statuses: string[] = [];
    const wrapper = mount(loader(store, statuses));
    await nextTick();
    wrapper.unmount();

    expect(statuses).toEqual(['setup:idle', 'idle', 'loading']);
    expect(transport.calls.map((call) => [call.method, call.path, call.signal?.aborted])).toEqual([['GET', `/v1/organizations/${ORG}/groups`, true]]);
    store.dispose();
  });

  it('loads the list into the page', async () => {
    const { store, sent } = await startStore({ groups: SEED });
    const wrapper = mount(defineComponent({
      setup() {
        useLoad(store);
        const groups = useGroups(store);
        return () => h('p', groups.value.map((g) => g.name).join(', '));
      },
    }));
    unmounts.push(() => wrapper.unmount());
    await store.load({ maxAge: 60_000 }); // joins the load useLoad started
    await nextTick();

    expect([wrapper.text(), sent]).toEqual(['alpha, beta', ['GET /groups']]);
  });

  it('with maxAge, a page made from a server render’s state sends nothing', async () => {
    const transport = heldTransport();
    const store = createGroupsStore({
      org: ORG,
      transport,
      now: () => 1_500,
      initialState: { groups: [{ name: 'alpha', locations: ['lhr'], primary: 'lhr' }], updatedAt: 1_000 },
    });
    const statuses: string[] = [];
    const wrapper = mount(loader(store, statuses, 30_000));
    unmounts.push(() => wrapper.unmount());
    await nextTick();

    expect([statuses, transport.calls]).toEqual([['setup:success', 'success'], []]);
    store.dispose();
  });

  it('does nothing in a server render, where nothing mounts', async () => {
    const transport = heldTransport();
    const store = createGroupsStore({ org: ORG, transport });
    const statuses: string[] = [];
    const html = await renderToString(createSSRApp(loader(store, statuses)));

    expect([html, statuses, transport.calls]).toEqual(['<p>idle</p>', ['setup:idle', 'idle'], []]);
    store.dispose();
  });

  it('loads at once in a bare effectScope, gives up when it stops, and refuses to run outside one', () => {
    const transport = heldTransport();
    const store = createGroupsStore({ org: ORG, transport });
    const scope = effectScope();
    scope.run(() => useLoad(store));
    const sent = transport.calls.length;
    scope.stop();

    expect([sent, transport.calls[0]?.signal?.aborted]).toEqual([1, true]);
    expect(() => useLoad(store)).toThrow('useLoad() must be called in setup() or inside an effectScope()');
    store.dispose();
  });
});
