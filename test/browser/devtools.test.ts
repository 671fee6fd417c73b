// Runs in headless Chromium: the devtools panel over a store talking to the
// emulator on loopback (real CORS, real fetch), in a real shadow root, with
// the browser's own styles, focus and timers.
import axe from 'axe-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connectReduxDevtools, DEVTOOLS_TAG, mountGroupsDevtools, type ReduxDevtoolsExtension } from '../../src/devtools/index.js';
import { createFetchTransport, createGroupsApi, createGroupsStore, isGroupsError, manualEnvironment, type GroupsStore, type GroupsStoreOptions } from '../../src/index.js';

const TOKEN = 'browser-token';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function storeAt(url: string, options: Partial<GroupsStoreOptions> = {}): GroupsStore {
  const store = createGroupsStore({ org: 'acme', transport: createFetchTransport({ token: TOKEN, baseURL: url, retry: 0 }), ...options });
  cleanups.push(() => store.dispose());
  return store;
}

function mount(store: GroupsStore): { root: ShadowRoot; unmount: () => void } {
  const unmount = mountGroupsDevtools(store);
  cleanups.push(unmount);
  const host = document.querySelector(DEVTOOLS_TAG);
  if (!host?.shadowRoot) throw new Error('the panel has no shadow root');
  return { root: host.shadowRoot, unmount };
}

const words = (node: Node | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A table's body rows, each as its cells' words joined with " | ". */
const rows = (node: Element | null): string => [...(node?.querySelectorAll('tbody tr') ?? [])].map((row) => [...row.children].map(words).join(' | ')).join(' / ');

/** Every distinct text a part of the panel shows, in order, as it changes. */
function watchPart(root: ShadowRoot, part: string, read: (node: Element | null) => string = words): string[] {
  const seen: string[] = [];
  const record = (): void => {
    const text = read(root.querySelector(`[data-part="${part}"]`));
    if (seen.at(-1) !== text) seen.push(text);
  };
  record();
  const observer = new MutationObserver(record);
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  cleanups.push(() => observer.disconnect());
  return seen;
}

describe('the devtools panel in Chromium', () => {
  it('mounts in a shadow root of its own: the page’s styles do not reach in, and its own do not reach out', async () => {
    const style = document.createElement('style');
    style.textContent = '* { color: rgb(255, 0, 0) !important; font-family: serif !important; } button { background: rgb(0, 255, 0) !important; } h2 { margin: 17px; }';
    document.head.append(style);
    const heading = document.createElement('h2');
    heading.textContent = 'The app’s own heading';
    const button = document.createElement('button');
    button.textContent = 'The app’s own button';
    document.body.append(heading, button);
    cleanups.push(() => {
      style.remove();
      heading.remove();
      button.remove();
    });
    const outside = (): string[] => [getComputedStyle(heading).margin, getComputedStyle(button).boxSizing, getComputedStyle(button).backgroundColor, getComputedStyle(document.body).margin];
    const before = outside();
    const store = storeAt(inject('emulatorUrl'));
    const { root } = mount(store);
    await store.load();

    const title = root.querySelector('h2') as HTMLElement;
    const minimize = root.querySelector('button') as HTMLElement;
    expect(words(title)).toBe('Groups store devtools');
    expect(getComputedStyle(title).color).not.toBe('rgb(255, 0, 0)');
    expect(getComputedStyle(title).fontFamily).not.toContain('serif');
    expect(getComputedStyle(minimize).backgroundColor).not.toBe('rgb(0, 255, 0)');
    // The panel's `h2 { margin: 0 }`, `* { box-sizing }` and button colours stay inside it.
    expect(outside()).toEqual(before);
    expect(before.slice(0, 1).concat(before.slice(2, 3))).toEqual(['17px', 'rgb(0, 255, 0)']);
  });

  it('shows a pending mutation, then its rollback when the server refuses it', async () => {
    const store = storeAt(inject('refusingUrl'));
    await store.load();
    const { root } = mount(store);
    const mutations = watchPart(root, 'mutations');
    const groups = watchPart(root, 'groups', rows);
    const failed = store.addLocation('default', 'ams').catch((error: unknown) => error);
    const id = store.getPending()[0]?.id;
    await expect.poll(() => words(root.querySelector('[data-part="mutations"]')), { timeout: 1000 }).toContain('sent: waiting for the answer');
    const error = await failed;
    expect(isGroupsError(error) && error.status).toBe(400);
    await expect.poll(() => mutations.at(-1), { timeout: 1000 }).toBe('No pending mutations.');
    expect(mutations).toEqual(['No pending mutations.', `#${id} addLocation default location ams sent: waiting for the answer`, 'No pending mutations.']);
    expect(groups).toEqual([
      'default | lhr (primary lhr) | lhr (primary lhr) | idle',
      'default | lhr (primary lhr) | lhr, ams (primary lhr) differs | pending: addLocation',
      'default | lhr (primary lhr) | lhr (primary lhr) | error: validation 400',
    ]);
    const timeline = [...root.querySelectorAll('[data-part="timeline"] li')].map((item) => words(item.querySelector('.type')) + ' ' + words(item).split(' ').slice(3, 5).join(' '));
    expect(timeline.slice(0, 3)).toEqual(['rollback addLocation default', 'failure addLocation default', 'start addLocation default']);
  });

  it('cancels a mutation held offline from its Cancel button: rolled back, never sent', async () => {
    const environment = manualEnvironment();
    const store = storeAt(inject('emulatorUrl'), { environment });
    await store.load();
    const { root } = mount(store);
    environment.setOnline(false);
    const adding = store.addLocation('default', 'nrt').catch((error: unknown) => error);
    const id = store.getPending()[0]?.id as number;
    await expect.poll(() => words(root.querySelector('[data-part="mutations"]'))).toBe(`#${id} addLocation default location nrt not sent: held offline Cancel`);
    expect(words(root.querySelector('[data-part="offline"]'))).toContain(`#${id} addLocation default location nrt not sent: held offline`);
    const cancel = root.querySelector<HTMLButtonElement>(`button[data-cancel="${id}"]`) as HTMLButtonElement;
    cancel.focus();
    cancel.click();
    const error = await adding;
    expect(isGroupsError(error) && error.code).toBe('aborted');
    await expect.poll(() => words(root.querySelector('[data-part="mutations"]'))).toBe('No pending mutations.');
    // Focus goes to the list's heading, not to the page's top.
    expect(words(root.activeElement)).toBe('Pending mutations, in order');
    expect(store.getGroup('default')?.locations).toEqual(['lhr']);
    environment.setOnline(true);
    const api = createGroupsApi({ org: 'acme', transport: createFetchTransport({ token: TOKEN, baseURL: inject('emulatorUrl') }) });
    expect((await api.retrieve('default')).locations).toEqual(['lhr']);
  });

  it('leaves nothing behind when removed: no element, no subscription on the store, no timer', async () => {
    const live = new Set<number>();
    // The page's timers, with DOM signatures (Node's types would type them otherwise).
    interface Timers {
      setTimeout(handler: () => void, ms?: number): number;
      clearTimeout(id?: number): void;
      setInterval(handler: () => void, ms?: number): number;
      clearInterval(id?: number): void;
    }
    const timers = window as unknown as Timers;
    const real: Timers = { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, setInterval: timers.setInterval, clearInterval: timers.clearInterval };
    // Only the panel's own timers: those made from its code.
    const fromPanel = (): boolean => (new Error().stack ?? '').includes('groupsDevtoolsElement');
    const track = (id: number, panel: boolean): number => {
      if (panel) live.add(id);
      return id;
    };
    timers.setInterval = (handler, ms) => track(real.setInterval.call(window, handler, ms), fromPanel());
    timers.setTimeout = (handler, ms) => {
      const id = real.setTimeout.call(window, () => {
        live.delete(id);
        handler();
      }, ms);
      return track(id, fromPanel());
    };
    timers.clearInterval = (id) => {
      if (id !== undefined) live.delete(id);
      real.clearInterval.call(window, id);
    };
    timers.clearTimeout = (id) => {
      if (id !== undefined) live.delete(id);
      real.clearTimeout.call(window, id);
    };
    cleanups.push(() => Object.assign(window, real));

    const store = storeAt(inject('emulatorUrl'));
    const before = store.observerCount();
    const { root, unmount } = mount(store);
    expect(store.observerCount()).toBe(before + 1);
    expect(live.size).toBe(1); // its clock
    void store.load();
    expect(live.size).toBe(2); // and the render the load's first event queued
    unmount();
    expect(document.querySelectorAll(DEVTOOLS_TAG)).toHaveLength(0);
    expect(store.observerCount()).toBe(before);
    expect(live.size).toBe(0);
    const shown = root.innerHTML;
    await store.load();
    await new Promise<void>((resolve) => real.setTimeout.call(window, resolve, 1200));
    expect(root.innerHTML).toBe(shown);
  });

  it('never shows a minted token, nor sends one to the Redux extension', async () => {
    const store = storeAt(inject('emulatorUrl'));
    const sent: string[] = [];
    const extension: ReduxDevtoolsExtension = {
      connect: () => ({ init: (state) => sent.push(JSON.stringify(state)), send: (action, state) => sent.push(JSON.stringify([action, state])) }),
    };
    cleanups.push(connectReduxDevtools(store, { extension }));
    const { root } = mount(store);
    await store.load();
    const { jwt } = await store.mintToken('default', { expiration: '1h', authorization: 'read-only' });
    await expect.poll(() => words(root.querySelector('[data-part="timeline"]'))).toContain('success mintToken default');
    expect(jwt.startsWith('eyJ')).toBe(true);
    for (const text of [root.innerHTML, ...sent]) {
      expect(text).not.toContain(jwt);
      expect(text).not.toContain('eyJ');
    }
  });

  it('has no accessibility violation axe-core can find, mid-flight, with a held mutation and its Cancel', async () => {
    const environment = manualEnvironment();
    const store = storeAt(inject('emulatorUrl'), { environment, refetchInterval: 60_000 });
    await store.load();
    const { root } = mount(store);
    environment.setOnline(false);
    const adding = store.addLocation('default', 'ams').catch(() => undefined);
    await expect.poll(() => root.querySelectorAll('button[data-cancel]').length).toBe(1);
    const result = await axe.run(document.querySelector(DEVTOOLS_TAG) as Element, { rules: { 'target-size': { enabled: true } } });
    expect(result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' ')}`)).toEqual([]);
    expect(result.passes.map((rule) => rule.id)).toEqual(expect.arrayContaining(['color-contrast', 'label', 'button-name', 'target-size']));
    store.cancel(store.getPending()[0]?.id as number);
    await adding;
  });
});
