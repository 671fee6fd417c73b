// Runs in headless Chromium: the Vue binding with Vue's DOM renderer and the
// browser's own microtask scheduling, over the emulator's in-memory fetch.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, defineComponent, h, nextTick, type App } from 'vue';
import { useGroup, useGroupMeta, useGroups } from '../../src/bindings/vue.js';
import type { GroupsStore } from '../../src/index.js';
import { pageStore } from '../support/pageStore.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Mounts the list into the page; every render is recorded: the list's as 'list', a row's as its text. */
function mountList(store: GroupsStore, renders: string[]): { app: App; root: HTMLElement } {
  const Row = defineComponent({
    props: { name: { type: String, required: true } },
    setup(props) {
      const group = useGroup(store, () => props.name);
      const meta = useGroupMeta(store, () => props.name);
      return () => {
        const text = `${props.name}:${group.value?.locations.join('+') ?? '-'}:${meta.value.pending.join(',') || 'idle'}`;
        renders.push(text);
        return h('li', text);
      };
    },
  });
  const List = defineComponent({
    setup() {
      const groups = useGroups(store);
      return () => {
        renders.push('list');
        return h('ul', groups.value.map((group) => h(Row, { key: group.name, name: group.name })));
      };
    },
  });
  const root = document.createElement('div');
  document.body.append(root);
  cleanups.push(() => root.remove());
  const app = createApp(List);
  app.mount(root);
  return { app, root };
}

describe('the Vue binding in a real browser', () => {
  it('a change to one group renders only its row again, optimistic value first, confirmed after', async () => {
    const store = pageStore();
    await store.load();
    const renders: string[] = [];
    const { app, root } = mountList(store, renders);
    cleanups.push(() => app.unmount());
    const first = renders.splice(0);

    const adding = store.addLocation('alpha', 'fra');
    await nextTick();
    const optimistic = renders.splice(0);
    const optimisticDom = root.textContent;
    await adding;
    await nextTick();
    const confirmed = renders.splice(0);

    expect(first).toEqual(['list', 'alpha:lhr+ams:idle', 'beta:fra:idle']);
    expect(optimistic).toEqual(['list', 'alpha:lhr+ams+fra:addLocation']);
    expect(optimisticDom).toBe('alpha:lhr+ams+fra:addLocationbeta:fra:idle');
    expect(confirmed).toEqual(['alpha:lhr+ams+fra:idle']);
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['alpha:lhr+ams+fra:idle', 'beta:fra:idle']);
  });

  it('unmounting closes every subscription the list and its rows opened', async () => {
    const store = pageStore();
    await store.load();
    const before = store.observerCount();
    const { app } = mountList(store, []);
    const mounted = store.observerCount();
    await store.create({ name: 'gamma', location: 'ams' });
    await nextTick();
    const grown = store.observerCount();
    app.unmount();
    expect([mounted, grown, store.observerCount()]).toEqual([before + 5, before + 7, before]);
  });
});
