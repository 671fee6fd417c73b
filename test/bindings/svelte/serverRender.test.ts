// Svelte's server render (node environment: the test components compile with
// generate: 'server'): `$readable` reads each store once and lets go.
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';
import { createFetchTransport, createGroupsStore, type GroupsStore } from '../../../src/index.js';
import { GROUPS_STORE_KEY } from '../../../src/bindings/svelte.js';
import { createPlatformEmulator } from '../../../src/emulator/index.js';
import { ORG, TOKEN } from '../../support/emulatorHarness.js';
import { heldTransport } from '../../support/heldTransport.js';
import { SEED, startStore } from '../../support/storeHarness.js';
import ContextLoader from './ContextLoader.svelte';
import GroupList from './GroupList.svelte';
import SnapshotView from './SnapshotView.svelte';

const as = <P extends Record<string, unknown>>(component: unknown) => component as Component<P>;

/** Text of the rendered HTML without Svelte's hydration markers. */
function text(html: string): string {
  return html.replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
}

describe('server rendering with the Svelte readables', () => {
  it('renders the loaded groups and leaves no subscription open', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const before = store.observerCount();
    const list = render(as<{ store: GroupsStore; renders: string[] }>(GroupList), { props: { store, renders: [] } });
    const snapshot = render(as<{ store: GroupsStore }>(SnapshotView), { props: { store } });

    expect([text(list.body), text(snapshot.body)]).toEqual(['|alpha:lhr+ams:idle|beta:fra:idle|', '|success: alpha, beta|']);
    expect(store.observerCount()).toBe(before);
  });

  it('a page store made from the dehydrated state renders the same, and its first load({ maxAge }) sends nothing', async () => {
    const { store: server } = await startStore({ groups: SEED });
    await server.load();
    const handedOver = JSON.parse(JSON.stringify(server.dehydrate())) as ReturnType<GroupsStore['dehydrate']>;
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
    const page = createGroupsStore({
      org: ORG,
      transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: emulator.fetch }),
      initialState: handedOver,
    });
    const html = render(as<{ store: GroupsStore; renders: string[] }>(GroupList), { props: { store: page, renders: [] } }).body;
    await page.load({ maxAge: 60_000 });
    page.dispose();

    expect(text(html)).toBe('|alpha:lhr+ams:idle|beta:fra:idle|');
    expect(emulator.requests).toEqual([]);
  });

  it('loadOnMount sends nothing on the server, where nothing mounts; the store handed in context renders', () => {
    // An empty store and no maxAge that could answer for it: a load would have to ask.
    const transport = heldTransport();
    const store = createGroupsStore({ org: ORG, transport });
    const html = render(as<Record<string, never>>(ContextLoader), { context: new Map([[GROUPS_STORE_KEY, store]]) }).body;
    store.dispose();

    expect(text(html)).toBe('|idle: |');
    expect(transport.calls).toEqual([]);
  });
});
