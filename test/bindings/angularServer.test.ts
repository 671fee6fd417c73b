// @vitest-environment happy-dom
// The Angular binding under Angular's server render (@angular/platform-server
// renderApplication, zoneless) and the page's hydration of that HTML: the
// store's state handed over with TransferState, as an Angular app does.
import '@angular/compiler';
import {
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  makeStateKey,
  provideAppInitializer,
  provideZonelessChangeDetection,
  TransferState,
  type ApplicationRef,
  type EnvironmentProviders,
  type Provider,
} from '@angular/core';
import { bootstrapApplication, provideClientHydration, type BootstrapContext } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { injectGroup, injectGroupMeta, injectGroups, injectGroupsStore, injectListStatus, injectLoad, provideGroupsStore } from '../../src/bindings/angular.js';
import { createFetchTransport, createGroupsStore, type DehydratedGroups, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { signalInputs } from '../support/signalInputs.js';
import { SEED } from '../support/storeHarness.js';

const HANDED_OVER: DehydratedGroups = {
  groups: [
    { name: 'alpha', locations: ['lhr', 'ams'], primary: 'lhr' },
    { name: 'beta', locations: ['fra'], primary: 'fra' },
  ],
  updatedAt: 1_000,
};

/** Where the server puts the store's state for the page, and the page finds it. */
const GROUPS_STATE = makeStateKey<DehydratedGroups>('turso-groups');

const DOCUMENT = '<!doctype html><html><head><title>groups</title></head><body><groups-page></groups-page></body></html>';

/** The store's open subscriptions each time the page's template ran. */
const openDuringRender: number[] = [];
const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  openDuringRender.length = 0;
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

@Component({
  selector: 'group-row',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<li>{{ name() }}:{{ group()?.locations?.join("+") }}:{{ meta().pending.length === 0 ? "idle" : meta().pending.join(",") }}</li>',
})
class GroupRow {
  static propDecorators = signalInputs('name');
  readonly name = input.required<string>();
  readonly group = injectGroup(this.name);
  readonly meta = injectGroupMeta(this.name);
}

@Component({
  selector: 'groups-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GroupRow],
  template: '<main><p>{{ render() }}</p><ul>@for (group of groups(); track group.name) {<group-row [name]="group.name" />}</ul></main>',
})
class GroupsPage {
  readonly store = injectGroupsStore();
  readonly groups = injectGroups();
  readonly status = injectListStatus();

  constructor() {
    injectLoad({ maxAge: 60_000 });
  }

  render(): string {
    openDuringRender.push(this.store.observerCount());
    return this.status().status;
  }
}

/** A store as a page would make it: over a transport to an emulator in memory; `sent` records its requests. */
function pageStore(initialState?: DehydratedGroups): { store: GroupsStore; sent: string[] } {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
  const sent: string[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    sent.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
    return emulator.fetch(input, init);
  };
  const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch }), initialState });
  return { store, sent };
}

function renderOnServer(providers: Array<Provider | EnvironmentProviders>): Promise<string> {
  const bootstrap = (context: BootstrapContext): Promise<ApplicationRef> =>
    bootstrapApplication(GroupsPage, { providers: [provideServerRendering(), provideZonelessChangeDetection(), provideClientHydration(), ...providers] }, context);
  return renderApplication(bootstrap, { document: DOCUMENT, url: 'http://localhost/', allowedHosts: ['localhost'] });
}

/** The server's rendered `<main>`, without Angular's hydration annotations and comments. */
function mainOf(html: string): string {
  const main = /<main>.*<\/main>/s.exec(html)?.[0] ?? '';
  return main.replace(/<!--.*?-->/g, '').replace(/ ngh="\d+"/g, '');
}

describe('server rendering', () => {
  it('renderApplication shows a store made with initialState, and disposes it with the app, no subscription left open', async () => {
    const { store, sent } = pageStore(HANDED_OVER);
    const html = await renderOnServer([provideGroupsStore(() => store)]);

    expect(mainOf(html)).toBe('<main><p>success</p><ul><group-row><li>alpha:lhr+ams:idle</li></group-row><group-row><li>beta:fra:idle</li></group-row></ul></main>');
    expect(openDuringRender.length).toBeGreaterThan(0);
    expect(store.observerCount()).toBe(0);
    expect(await store.load().then(() => 'loaded', (error: unknown) => error)).toMatchObject({ code: 'aborted' });
    expect(sent).toEqual([]); // injectLoad does nothing on the server
  });

  it('renders the groups an app initializer loaded, and hands them to the page in TransferState, with no token', async () => {
    const { store, sent } = pageStore();
    const html = await renderOnServer([
      provideGroupsStore(() => store),
      provideAppInitializer(() => {
        const loaded = injectGroupsStore();
        // Read when the page is serialized: the state the HTML shows.
        inject(TransferState).onSerialize(GROUPS_STATE, () => loaded.dehydrate());
        return loaded.load();
      }),
    ]);

    expect(mainOf(html)).toContain('<p>success</p><ul><group-row><li>alpha:lhr+ams:idle</li></group-row><group-row><li>beta:fra:idle</li></group-row></ul>');
    const state = /<script id="ng-state" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
    const handedOver = (JSON.parse(state ?? '{}') as Record<string, unknown>)['turso-groups'];
    expect(handedOver).toEqual({ groups: [expect.objectContaining({ name: 'alpha' }), expect.objectContaining({ name: 'beta' })], updatedAt: expect.any(Number) });
    expect(html).not.toContain(TOKEN);
    expect(sent).toEqual([`GET /v1/organizations/${ORG}/groups`]);
    expect(store.observerCount()).toBe(0);
  });

  it('the page hydrates the server’s HTML without a mismatch, sends nothing, then follows the store', async () => {
    const server = pageStore();
    const html = await renderOnServer([
      provideGroupsStore(() => server.store),
      provideAppInitializer(() => {
        const loaded = injectGroupsStore();
        // Read when the page is serialized: the state the HTML shows.
        inject(TransferState).onSerialize(GROUPS_STATE, () => loaded.dehydrate());
        return loaded.load();
      }),
    ]);
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    document.head.innerHTML = parsed.head.innerHTML;
    document.body.innerHTML = parsed.body.innerHTML;
    const serverMain = mainOf(document.querySelector('main')?.outerHTML ?? '');
    const serverRows = [...document.querySelectorAll('li')];

    const logs = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    let page: ReturnType<typeof pageStore> | undefined;
    const app = await bootstrapApplication(GroupsPage, {
      providers: [
        provideZonelessChangeDetection(),
        provideClientHydration(),
        provideGroupsStore(() => {
          page = pageStore(inject(TransferState).get(GROUPS_STATE, null) ?? undefined);
          return page.store;
        }),
      ],
    });
    cleanups.push(() => app.destroy());
    await app.whenStable();
    const hydrated = mainOf(document.querySelector('main')?.outerHTML ?? '');
    const hydratedRows = [...document.querySelectorAll('li')];
    const store = page?.store;
    await store?.delete('beta');
    await app.whenStable();

    expect([...warn.mock.calls, ...error.mock.calls]).toEqual([]);
    // Angular's own word that it reused the server's nodes rather than rendering anew.
    expect(logs.mock.calls.map(([message]) => String(message))).toContainEqual(expect.stringMatching(/^Angular hydrated 3 component\(s\) and \d+ node\(s\), 0 component\(s\) were skipped/));
    expect(hydrated).toBe(serverMain);
    expect(hydratedRows).toHaveLength(2);
    expect(hydratedRows.every((row, index) => row === serverRows[index])).toBe(true); // the server's own nodes, kept
    expect(page?.sent).toEqual([`DELETE /v1/organizations/${ORG}/groups/beta`]); // injectLoad's maxAge: the handed-over list is fresh
    expect([...document.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['alpha:lhr+ams:idle']);
    expect(store?.observerCount()).toBe(4); // the list, the status, and alpha's group and meta
    app.destroy();
    cleanups.pop();
    expect(store?.observerCount()).toBe(0);
  });
});
