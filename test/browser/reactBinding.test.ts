// Runs in headless Chromium: the React binding with react-dom's real DOM
// renderer and the browser's own scheduling, over the emulator's in-memory fetch.
import { StrictMode, act, createElement, useState, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GroupsStoreProvider, useGroupsStore, useListStatus, useLoad } from '../../src/bindings/react.js';
import { isGroupsError, type GroupsStore } from '../../src/index.js';
import { pageStore } from '../support/pageStore.js';
import { expectOnlyTheChangedRowRenders, List, Row, texts } from '../support/reactRows.js';

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
});

function mount(element: ReactElement): { root: Root; container: HTMLElement } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(element));
  cleanups.push(() => container.remove());
  return { root, container };
}

describe('the React binding in a real browser', () => {
  it('a change to one group renders only its row again, optimistic value first, confirmed after', async () => {
    const store = pageStore();
    await store.load();
    await expectOnlyTheChangedRowRenders(store, (element) => {
      const { root, container } = mount(element);
      cleanups.push(() => act(() => root.unmount()));
      return container;
    });
  });

  it('unmounting (under StrictMode) closes every subscription the list, its rows and a renamed row opened', async () => {
    const store = pageStore();
    await store.load();
    const before = store.observerCount();
    let rename: (name: string) => void = () => undefined;
    function Page(): ReactElement {
      const [name, setName] = useState('alpha');
      rename = setName;
      return createElement('div', null, createElement(List, { store, renders: [] }), createElement('ol', null, createElement(Row, { store, name, renders: [] })));
    }
    const { root, container } = mount(createElement(StrictMode, null, createElement(Page)));
    const mounted = store.observerCount();
    await act(() => store.create({ name: 'gamma', location: 'ams' }));
    const grown = store.observerCount();
    act(() => rename('gamma'));
    const renamed = store.observerCount();
    const renamedRow = container.querySelector('ol li')?.textContent;
    act(() => root.unmount());

    // The list (1) and three rows (2 each): 5 mounted with alpha, beta and the named row; gamma's row adds 2.
    expect([mounted, grown, renamed, store.observerCount()]).toEqual([before + 7, before + 9, before + 9, before]);
    expect(renamedRow).toBe('gamma:ams:idle');
  });

  it('a provider-owned store loads under StrictMode and is disposed by the real unmount', async () => {
    const used = new Set<GroupsStore>();
    const statuses: string[] = [];
    function Screen(): ReactElement {
      const store = useGroupsStore();
      used.add(store);
      useLoad(store);
      const { status } = useListStatus(store);
      if (statuses.at(-1) !== status) statuses.push(status);
      return createElement(List, { store, renders: [] });
    }
    const { root, container } = mount(createElement(StrictMode, null, createElement(GroupsStoreProvider, { create: pageStore }, createElement(Screen))));
    const [store] = [...used];
    if (!store) throw new Error('the screen got no store');
    await act(() => new Promise<void>((resolve) => {
      const subscription = store.status$.subscribe((s) => s.status === 'success' && resolve());
      cleanups.push(() => subscription.unsubscribe());
    }));
    const shown = texts(container);
    act(() => root.unmount());
    await new Promise((resolve) => setTimeout(resolve, 0));
    const afterUnmount = await store.create({ name: 'late', location: 'ams' }).then(() => 'worked', (e: unknown) => isGroupsError(e) && e.code);

    expect(used.size).toBe(1);
    expect(statuses).toEqual(['idle', 'loading', 'success']);
    expect(shown).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle']);
    expect(afterUnmount).toBe('aborted');
    expect(store.observerCount()).toBe(0);
  });
});
