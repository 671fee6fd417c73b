// The Svelte binding in headless Chromium: compiled components, Svelte's
// client runtime, a real DOM, and the emulator's in-memory fetch in the page.
import { flushSync, mount, unmount, type Component } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFetchTransport, createGroupsStore, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import GroupList from '../bindings/svelte/GroupList.svelte';
import GroupRow from '../bindings/svelte/GroupRow.svelte';
import RenamedRow from '../bindings/svelte/RenamedRow.svelte';

const ORG = 'acme';
const TOKEN = 'page-token';
const SEED = [
  { name: 'alpha', locations: ['lhr', 'ams'] },
  { name: 'beta', locations: ['fra'] },
];

const stores: GroupsStore[] = [];
let warnings: unknown[][] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push(args);
  });
});
afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
  document.body.innerHTML = '';
  expect(warnings).toEqual([]);
});

async function loadedStore(): Promise<GroupsStore> {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
  const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: emulator.fetch }) });
  stores.push(store);
  await store.load();
  return store;
}

function render<P extends Record<string, unknown>, E extends Record<string, unknown>>(component: unknown, props: P) {
  const target = document.createElement('div');
  document.body.append(target);
  const exports = mount(component as Component<P, E>, { target, props });
  flushSync();
  return { target, exports, rows: () => [...target.querySelectorAll('li')].map((li) => li.textContent ?? '') };
}

describe('the Svelte binding in Chromium', () => {
  it('a change to one group re-renders only its row, optimistic then confirmed; unmount closes every subscription', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const renders: string[] = [];
    const list = render(GroupList, { store, renders });
    const open = store.observerCount() - before;
    const shown = [list.rows()];
    renders.length = 0;

    const added = store.addLocation('beta', 'lhr');
    flushSync();
    shown.push(list.rows());
    const optimistic = renders.splice(0);
    await added;
    flushSync();
    shown.push(list.rows());
    unmount(list.exports);

    expect(shown).toEqual([
      ['alpha:lhr+ams:idle', 'beta:fra:idle'],
      ['alpha:lhr+ams:idle', 'beta:fra+lhr:addLocation'],
      ['alpha:lhr+ams:idle', 'beta:fra+lhr:idle'],
    ]);
    expect(optimistic).toEqual(['beta:fra+lhr:addLocation', 'list:success:2']);
    expect(renders).toEqual(['beta:fra+lhr:idle']);
    expect(open).toBe(2 + 2 * 2);
    expect(store.observerCount()).toBe(before);
  });

  it('a changing name is followed with one subscription per readable, and none after unmount', async () => {
    const store = await loadedStore();
    const before = store.observerCount();
    const renders: string[] = [];
    const row = render<Record<string, unknown>, { show(name: string): void }>(RenamedRow, { store, renders, Row: GroupRow });
    const seen: Array<[string[], number]> = [[row.rows(), store.observerCount() - before]];
    for (const name of ['beta', 'nobody', 'alpha']) {
      row.exports.show(name);
      flushSync();
      seen.push([row.rows(), store.observerCount() - before]);
    }
    unmount(row.exports);

    expect(seen).toEqual([
      [['alpha:lhr+ams:idle'], 2],
      [['beta:fra:idle'], 2],
      [['nobody:-:idle'], 2],
      [['alpha:lhr+ams:idle'], 2],
    ]);
    expect(renders).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle', 'nobody:-:idle', 'alpha:lhr+ams:idle']);
    expect(store.observerCount()).toBe(before);
  });
});
