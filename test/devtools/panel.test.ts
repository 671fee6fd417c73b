// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectReduxDevtools, defineGroupsDevtools, DEVTOOLS_TAG, mountGroupsDevtools, type GroupsDevtoolsElement, type ReduxDevtoolsExtension } from '../../src/devtools/index.js';
import { panelModel } from '../../src/devtools/panelModel.js';
import { INSPECT } from '../../src/store/inspection.js';
import { GroupsError, isGroupsError, manualEnvironment, type GroupsStore } from '../../src/index.js';
import { openTab, pass, startEmulator } from '../live/liveHarness.js';

// The devtools panel on happy-dom, over the in-memory emulator: what it shows
// of a store as commands run, its Cancel, its filter, what it leaves behind,
// and the Redux DevTools adapter. Chromium runs the same panel for real in
// test/browser/devtools.test.ts.

const unmounts: Array<() => void> = [];
afterEach(() => {
  for (const unmount of unmounts.splice(0)) unmount();
  document.body.innerHTML = '';
  vi.useRealTimers();
});

function mount(store: GroupsStore, options: Parameters<typeof mountGroupsDevtools>[1] = {}): { panel: GroupsDevtoolsElement; root: ShadowRoot; unmount: () => void } {
  const unmount = mountGroupsDevtools(store, options);
  unmounts.push(unmount);
  const panel = document.querySelector(DEVTOOLS_TAG) as GroupsDevtoolsElement;
  return { panel, root: panel.shadowRoot as ShadowRoot, unmount };
}

/** Lets the panel's queued render run (a microtask after the events). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const words = (node: Node): string => (node.textContent ?? '').replace(/\s+/g, ' ').trim();
const text = (root: ParentNode, selector: string): string[] => [...root.querySelectorAll(selector)].map(words);
/** Table rows as their cells' words, joined with " | ". */
const rows = (root: ParentNode, selector: string): string[] => [...root.querySelectorAll(selector)].map((row) => [...row.children].map(words).join(' | '));

describe('the devtools panel', () => {
  it('shows each group confirmed beside shown, and a pending mutation with its stage until it is answered', async () => {
    const { store } = openTab(startEmulator(), {}, undefined, { holdAnswer: (request) => (request.startsWith('POST') ? 200 : 0) });
    const { root } = mount(store);
    expect(text(root, 'h2')).toEqual(['Groups store devtools']);
    await store.load();
    await settle();
    expect(rows(root, '[data-part="groups"] tbody tr')).toEqual(['alpha | lhr, ams (primary lhr) | lhr, ams (primary lhr) | idle', 'beta | fra (primary fra) | fra (primary fra) | idle']);

    const adding = store.addLocation('alpha', 'nrt');
    await settle();
    const id = store.getPending()[0]?.id;
    expect(text(root, '[data-part="mutations"] li')).toEqual([`#${id} addLocation alpha location nrt sent: waiting for the answer`]);
    expect(rows(root, '[data-part="groups"] tr[data-differs]')).toEqual(['alpha | lhr, ams (primary lhr) | lhr, ams, nrt (primary lhr) differs | pending: addLocation']);
    await adding;
    await settle();
    expect(text(root, '[data-part="mutations"]')).toEqual(['No pending mutations.']);
    expect(rows(root, '[data-part="groups"] tr[data-group="alpha"]')).toEqual(['alpha | lhr, ams, nrt (primary lhr) | lhr, ams, nrt (primary lhr) | idle']);
    expect(text(root, '[data-part="timeline"] li .type')).toEqual(['success', 'start', 'success', 'start']);
  });

  it('cancels a mutation held offline: its change rolls back and its promise rejects with aborted', async () => {
    const environment = manualEnvironment();
    const emulator = startEmulator();
    const { store, sent } = openTab(emulator, {}, environment);
    await store.load();
    const { root } = mount(store);
    environment.setOnline(false);
    const adding = store.addLocation('alpha', 'nrt').catch((error: unknown) => error);
    await settle();
    const id = store.getPending()[0]?.id as number;
    expect(text(root, '[data-part="mutations"] li')).toEqual([`#${id} addLocation alpha location nrt not sent: held offline Cancel`]);
    expect(text(root, '[data-part="offline"] dd')).toEqual(['offline', 'visible', '1']);
    const cancel = root.querySelector<HTMLButtonElement>(`button[data-cancel="${id}"]`);
    expect(cancel?.getAttribute('aria-label')).toBe(`Cancel #${id}, addLocation on alpha`);
    cancel?.click();
    const error = await adding;
    expect(isGroupsError(error) && error.code).toBe('aborted');
    await settle();
    expect(store.getPending()).toEqual([]);
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams']);
    expect(text(root, '[data-part="mutations"]')).toEqual(['No pending mutations.']);
    environment.setOnline(true);
    await settle();
    expect(sent.filter((request) => !request.startsWith('GET'))).toEqual([]);
  });

  it('filters the timeline by type and by words', async () => {
    const emulator = startEmulator();
    const { store } = openTab(emulator);
    const { root } = mount(store);
    await store.load();
    emulator.setFaults({ failures: [{ kind: 'status', status: 409, message: 'nope', operation: 'addLocation', times: 1 }] });
    await store.addLocation('alpha', 'nrt').catch(() => undefined);
    await store.addLocation('beta', 'nrt');
    await settle();
    const type = root.querySelector<HTMLSelectElement>('select[data-filter="type"]') as HTMLSelectElement;
    type.value = 'failure';
    type.dispatchEvent(new Event('change', { bubbles: true }));
    expect(text(root, '[data-part="timeline"] li')).toEqual([expect.stringMatching(/ #\d+ failure addLocation alpha conflict 409: .*nope/)]);
    type.value = 'all';
    type.dispatchEvent(new Event('change', { bubbles: true }));
    const search = root.querySelector<HTMLInputElement>('input[data-filter="text"]') as HTMLInputElement;
    search.value = 'BETA';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    expect(text(root, '[data-part="timeline"] li .type')).toEqual(['success', 'start']);
    expect(text(root, '[data-part="timeline"] p.muted')).toEqual(['2 of 7 events, newest first']);
  });

  it('leaves nothing behind when removed: no element, no subscription on the store, no timer', async () => {
    vi.useFakeTimers();
    const { store } = openTab(startEmulator());
    const before = { observers: store.observerCount(), timers: vi.getTimerCount() };
    const { root, unmount } = mount(store, { refreshMs: 500 });
    expect(store.observerCount()).toBe(before.observers + 1);
    expect(vi.getTimerCount()).toBe(before.timers + 1);
    void store.load(); // an event queues a render: a timer of its own, cleared too
    expect(vi.getTimerCount()).toBeGreaterThan(before.timers + 1);
    unmount();
    expect(document.querySelectorAll(DEVTOOLS_TAG)).toHaveLength(0);
    expect(store.observerCount()).toBe(before.observers);
    expect(vi.getTimerCount()).toBe(before.timers);
    // Nothing reads the store any more: its events change nothing in the removed panel.
    const shown = root.innerHTML;
    await store.retrieve('alpha');
    await pass(2000);
    expect(root.innerHTML).toBe(shown);
    unmount(); // twice is harmless
  });

  it('does not subscribe to the store’s data: mounting it does not start polling', async () => {
    vi.useFakeTimers();
    const { store, sent } = openTab(startEmulator(), { refetchInterval: 1000 });
    mount(store);
    await pass(5000);
    expect(sent).toEqual([]);
  });

  it('is the same element class however often it is defined, and takes a store set after it is in the page', async () => {
    expect(defineGroupsDevtools()).toBe(defineGroupsDevtools());
    const { store } = openTab(startEmulator());
    const element = document.createElement(DEVTOOLS_TAG) as GroupsDevtoolsElement;
    document.body.append(element);
    expect(store.observerCount()).toBe(0);
    element.store = store;
    expect(store.observerCount()).toBe(1);
    await store.load();
    await settle();
    expect(text(element.shadowRoot as ShadowRoot, '[data-part="summary"]')).toEqual(['2 groups · 0 pending · 0 held offline']);
    element.remove();
    expect(store.observerCount()).toBe(0);
  });

  it('refuses what is not a store, with a validation error', () => {
    expect(() => mountGroupsDevtools({} as GroupsStore)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('escapes what it shows: a server message cannot become markup', async () => {
    const emulator = startEmulator();
    const { store } = openTab(emulator);
    const { root } = mount(store);
    await store.load();
    emulator.setFaults({ failures: [{ kind: 'status', status: 400, message: '<img src=x onerror=alert(1)>', operation: 'addLocation', times: 1 }] });
    await store.addLocation('alpha', 'nrt').catch(() => undefined);
    await settle();
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('[data-part="timeline"]')?.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('the panel over a production build of the store', () => {
  it('shows the public parts: a pending mutation without a stage or Cancel, and says where the inside shows', async () => {
    const { store } = openTab(startEmulator(), {}, undefined, { holdAnswer: (request) => (request.startsWith('POST') ? 200 : 0) });
    // A production build's store has no inspection method: the same store, seen without it.
    const production = new Proxy(store, {
      get: (target, key) => {
        if (key === INSPECT) return undefined;
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { root } = mount(production);
    await store.load();
    const adding = store.addLocation('alpha', 'nrt');
    await settle();
    const id = store.getPending()[0]?.id;
    expect(text(root, '[data-part="mutations"] li')).toEqual([`#${id} addLocation alpha location nrt pending (its stage shows in a development build)`]);
    expect(root.querySelector('[data-part="mutations"] button')).toBeNull();
    for (const part of ['offline', 'polling', 'tabs']) {
      expect(text(root, `[data-part="${part}"]`)).toEqual([
        'Shown in a development build of the store only: this one is a production build (or not a store of this package), so only its public surface is shown.',
      ]);
    }
    expect(rows(root, '[data-part="groups"] tr[data-differs]')).toEqual(['alpha | lhr, ams (primary lhr) | lhr, ams, nrt (primary lhr) differs | pending: addLocation']);
    await adding;
  });
});

describe('the panel’s change feed section', () => {
  it('says the feed is off for a store without one, and reads a connection’s state in words', async () => {
    const { store } = openTab(startEmulator());
    const { root } = mount(store);
    expect(text(root, '[data-part="feed"] dd')).toEqual(['off (no changes option)']);
    const base = { snapshot: store.getSnapshot(), confirmed: [], pending: [], inspection: undefined, succeeded: () => false, wallNow: Date.now() };
    const connected = panelModel({ ...base, feed: { status: 'connected', since: Date.now() - 65_000 } });
    expect(connected.feed).toEqual([['change feed', expect.stringMatching(/^connected for 1 min 5 s$/)]]);
    const error = new GroupsError({ code: 'network', operation: 'request', group: undefined, detail: 'the feed dropped' });
    expect(panelModel({ ...base, feed: { status: 'reconnecting', error } }).feed).toEqual([
      ['change feed', 'reconnecting'],
      ['because', `network: ${error.message}`],
    ]);
  });
});

describe('secrets', () => {
  it('never shows a minted token, in the panel or in what the Redux adapter sends', async () => {
    const { store } = openTab(startEmulator(), {}, undefined, { holdAnswer: (request) => (request.includes('/auth/') ? 100 : 0) });
    const sent: string[] = [];
    const extension: ReduxDevtoolsExtension = {
      connect: () => ({ init: (state) => sent.push(JSON.stringify(state)), send: (action, state) => sent.push(JSON.stringify([action, state])) }),
    };
    unmounts.push(connectReduxDevtools(store, { extension }));
    const { root } = mount(store);
    await store.load();
    const minting = store.mintToken('alpha', { expiration: '2w', authorization: 'read-only', permissions: { read_attach: { databases: ['db1'] } } });
    await settle();
    const pendingText = root.querySelector('[data-part="mutations"]')?.textContent ?? '';
    expect(pendingText).toContain('expiration 2w, authorization read-only, read_attach db1');
    const { jwt } = await minting;
    await store.invalidateTokens('alpha');
    await settle();
    expect(jwt.startsWith('eyJ')).toBe(true);
    const shown = [root.innerHTML, root.textContent ?? '', ...sent];
    for (const text of shown) {
      expect(text).not.toContain(jwt);
      expect(text).not.toContain('eyJ');
    }
    expect(sent.length).toBeGreaterThan(4);
  });
});

describe('connectReduxDevtools', () => {
  it('sends each event with the state after it, and stops when asked', async () => {
    const emulator = startEmulator();
    const { store } = openTab(emulator);
    const calls: Array<[string, unknown, unknown?]> = [];
    let unsubscribed = 0;
    const extension: ReduxDevtoolsExtension = {
      connect: (options) => {
        calls.push(['connect', options]);
        return { init: (state) => calls.push(['init', state]), send: (action, state) => calls.push(['send', action, state]), unsubscribe: () => (unsubscribed += 1) };
      },
    };
    const stop = connectReduxDevtools(store, { extension, name: 'groups' });
    await store.load();
    emulator.setFaults({ failures: [{ kind: 'status', status: 409, message: 'taken', operation: 'addLocation', times: 1 }] });
    await store.addLocation('alpha', 'nrt').catch(() => undefined);
    stop();
    await store.addLocation('beta', 'nrt');
    expect(calls.map(([kind, action]) => (kind === 'send' ? (action as { type: string }).type : kind))).toEqual([
      'connect',
      'init',
      'start list',
      'success list',
      'start addLocation',
      'failure addLocation',
      'rollback addLocation',
    ]);
    expect(calls[0]?.[1]).toEqual({ name: 'groups' });
    expect(unsubscribed).toBe(1);
    const [, failure, afterFailure] = calls[5] as [string, Record<string, unknown>, Record<string, unknown>];
    expect(failure).toMatchObject({ id: expect.any(Number), group: 'alpha', detail: expect.stringContaining('conflict 409') });
    // The state after the failure: the change is still shown (its rollback comes next), the error as plain data.
    expect(afterFailure).toMatchObject({
      groups: [{ name: 'alpha', locations: ['lhr', 'ams'] }, { name: 'beta' }],
      meta: { alpha: { pending: [], error: { code: 'conflict', status: 409 } } },
      pending: [],
      status: { status: 'success', error: undefined },
      inspection: { unsent: [], held: [], unconfirmed: [] },
    });
    const [, start, afterStart] = calls[4] as [string, Record<string, unknown>, Record<string, unknown>];
    expect(start).toMatchObject({ type: 'start addLocation', group: 'alpha', detail: '' });
    expect(afterStart).toMatchObject({ pending: [{ operation: 'addLocation', group: 'alpha', input: 'location nrt' }], groups: [{ name: 'alpha', locations: ['lhr', 'ams', 'nrt'] }, { name: 'beta' }] });
  });

  it('does nothing without the extension', async () => {
    const { store } = openTab(startEmulator());
    const stop = connectReduxDevtools(store);
    expect(store.observerCount()).toBe(0);
    stop();
  });

  it('finds the extension on the page', async () => {
    const { store } = openTab(startEmulator());
    const types: string[] = [];
    const host = globalThis as { __REDUX_DEVTOOLS_EXTENSION__?: ReduxDevtoolsExtension };
    host.__REDUX_DEVTOOLS_EXTENSION__ = { connect: () => ({ init: () => undefined, send: (action) => types.push(action.type) }) };
    try {
      const stop = connectReduxDevtools(store);
      await store.load();
      stop();
      expect(store.observerCount()).toBe(0);
    } finally {
      delete host.__REDUX_DEVTOOLS_EXTENSION__;
    }
    expect(types).toEqual(['start list', 'success list']);
  });
});
