// @vitest-environment happy-dom
// The Angular binding with Angular's own renderer: components compiled at
// run time (JIT, by @angular/compiler), rendered by TestBed and by
// createApplication, always zoneless, never with a manual detectChanges():
// what renders is what a signal change scheduled.
import '@angular/compiler';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  createEnvironmentInjector,
  EnvironmentInjector,
  inject,
  InjectionToken,
  Injector,
  input,
  provideZonelessChangeDetection,
  runInInjectionContext,
  signal,
  type Signal,
} from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { createApplication } from '@angular/platform-browser';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GROUPS_STORE,
  injectGroup,
  injectGroupMeta,
  injectGroups,
  injectGroupsStore,
  injectListStatus,
  injectLoad,
  provideGroupsStore,
} from '../../src/bindings/angular.js';
import { createFetchTransport, createGroupsStore, IDLE_META, type Group, type GroupMeta, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { heldTransport } from '../support/heldTransport.js';
import { signalInputs } from '../support/signalInputs.js';
import { SEED, startStore } from '../support/storeHarness.js';

TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting());

/** Every template evaluation of the components below, in order: the list's as 'list', a row's as its text. */
const renders: string[] = [];
const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  TestBed.resetTestingModule();
  renders.length = 0;
  document.body.innerHTML = '';
});

/** A group row as text: name, locations, and what is pending ('idle' when nothing). */
function rowText(name: string, group: Group | undefined, meta: GroupMeta): string {
  return `${name}:${group?.locations.join('+') ?? '-'}:${meta.pending.join(',') || 'idle'}`;
}

@Component({
  selector: 'group-row',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<li>{{ render() }}</li>',
})
class GroupRow {
  static propDecorators = signalInputs('name');
  readonly name = input.required<string>();
  readonly group = injectGroup(this.name);
  readonly meta = injectGroupMeta(this.name);

  render(): string {
    const text = rowText(this.name(), this.group(), this.meta());
    renders.push(text);
    return text;
  }
}

@Component({
  selector: 'group-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GroupRow],
  template: '<ul>{{ render() }}@for (group of groups(); track group.name) {<group-row [name]="group.name" />}</ul>',
})
class GroupList {
  readonly groups = injectGroups();

  render(): string {
    renders.push('list');
    return '';
  }
}

@Component({
  selector: 'list-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<p>{{ render() }}</p>',
})
class ListStatusLine {
  readonly status = injectListStatus();

  render(): string {
    renders.push(this.status().status);
    return this.status().status;
  }
}

/** Renders `component` with `store` provided (the test owns the store), zoneless. */
async function render<T>(component: new () => T, store: GroupsStore): Promise<ComponentFixture<T>> {
  TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), { provide: GROUPS_STORE, useValue: store }] });
  const fixture = TestBed.createComponent(component);
  await fixture.whenStable();
  return fixture;
}

/**
 * A store over a fresh emulator whose answers wait, while `hold()` is on,
 * until `release()`: Angular renders on a task, after an in-memory answer
 * has long landed, so an optimistic state is seen only while its answer waits.
 */
function storeWithHeldAnswers(emulatorOptions: Partial<PlatformEmulatorOptions> = {}) {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, ...emulatorOptions });
  let holding = false;
  const waiting: Array<() => void> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await emulator.fetch(input, init);
    if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
    return response;
  };
  const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch, retryDelay: 0 }) });
  cleanups.push(() => store.dispose());
  return {
    store,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const open of waiting.splice(0)) open();
    },
  };
}

function texts(fixture: ComponentFixture<unknown>): string[] {
  return [...(fixture.nativeElement as HTMLElement).querySelectorAll('li')].map((li) => li.textContent ?? '');
}

describe('rows bound with injectGroup and injectGroupMeta', () => {
  it('a change to one group renders that row again and no other, optimistic value first, confirmed after', async () => {
    const { store, hold, release } = storeWithHeldAnswers({ groups: SEED });
    await store.load();
    const fixture = await render(GroupList, store);
    const first = renders.splice(0);

    hold();
    const adding = store.addLocation('alpha', 'fra');
    await fixture.whenStable();
    const optimistic = renders.splice(0);
    release();
    await adding;
    await fixture.whenStable();
    const confirmed = renders.splice(0);

    expect(first).toEqual(['list', 'alpha:lhr+ams:idle', 'beta:fra:idle']);
    // The list renders again for the new alpha object, but passes beta the same name, so beta does not.
    expect(optimistic).toEqual(['list', 'alpha:lhr+ams+fra:addLocation']);
    // The server's answer equals what was shown, so the store keeps alpha's object: only the meta changes.
    expect(confirmed).toEqual(['alpha:lhr+ams+fra:idle']);
    expect(texts(fixture)).toEqual(['alpha:lhr+ams+fra:idle', 'beta:fra:idle']);
  });

  it('a refused change shows optimistically, then rolls back with the error in the meta, on that row alone', async () => {
    const { store, hold, release } = storeWithHeldAnswers({ groups: SEED, faults: { failures: [{ kind: 'status', status: 400, operation: 'addLocation', times: 1 }] } });
    await store.load();
    const fixture = await render(GroupList, store);
    renders.length = 0;

    hold();
    const adding = store.addLocation('beta', 'nrt').catch((error: unknown) => error);
    await fixture.whenStable();
    release();
    const failure = await adding;
    await fixture.whenStable();

    expect(failure).toMatchObject({ code: 'validation', status: 400 });
    expect(renders).toEqual(['list', 'beta:fra+nrt:addLocation', 'list', 'beta:fra:idle']);
    expect(fixture.componentInstance.groups().find((g) => g.name === 'beta')).toBe(store.getGroup('beta'));
    expect(store.getMeta('beta').error).toMatchObject({ code: 'validation' });
  });

  it('the list status goes idle, loading, success', async () => {
    const { store, hold, release } = storeWithHeldAnswers({ groups: SEED });
    const fixture = await render(ListStatusLine, store);
    hold();
    const loading = store.load();
    await fixture.whenStable();
    release();
    await loading;
    await fixture.whenStable();
    expect(renders).toEqual(['idle', 'loading', 'success']);
    expect((fixture.nativeElement as HTMLElement).textContent).toBe('success');
  });
});

describe('following a name that changes', () => {
  it('a signal: the value is the new group’s at once, and the subscription moves over', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), { provide: GROUPS_STORE, useValue: store }] });
    const before = store.observerCount();
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const name = signal('alpha');
    const [group, meta] = runInInjectionContext(injector, () => [injectGroup(name), injectGroupMeta(name)] as const);
    const [alpha, beta] = [store.getGroup('alpha'), store.getGroup('beta')];
    const seen: Array<Group | undefined> = [group()];
    TestBed.tick(); // runs the effects that open the subscriptions
    const counts = [store.observerCount()];

    name.set('beta');
    seen.push(group());
    TestBed.tick();
    counts.push(store.observerCount());
    await store.addLocation('alpha', 'syd'); // no longer followed
    seen.push(group());
    await store.addLocation('beta', 'nrt');
    seen.push(group());
    name.set('nope');
    seen.push(group());
    TestBed.tick();
    counts.push(store.observerCount());
    const lastMeta = meta();
    injector.destroy();

    expect(seen[0]).toBe(alpha);
    expect(seen[1]).toBe(beta);
    expect(seen[2]).toBe(beta);
    expect(seen[3]).toBe(store.getGroup('beta'));
    expect(seen[3]?.locations).toEqual(['fra', 'nrt']);
    expect(seen[4]).toBeUndefined();
    expect(lastMeta).toBe(IDLE_META);
    expect(counts).toEqual([before + 2, before + 2, before + 2]);
    expect(store.observerCount()).toBe(before);
  });

  it('an input: the row renders the new group and drops the old subscription', async () => {
    const { store, hold, release } = storeWithHeldAnswers({ groups: SEED });
    await store.load();
    const before = store.observerCount();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), { provide: GROUPS_STORE, useValue: store }] });
    const fixture = TestBed.createComponent(GroupRow);
    fixture.componentRef.setInput('name', 'alpha');
    await fixture.whenStable();
    const mounted = store.observerCount();

    fixture.componentRef.setInput('name', 'beta');
    await fixture.whenStable();
    const switched = store.observerCount();
    await store.addLocation('alpha', 'syd'); // the old group changes: no render
    await fixture.whenStable();
    hold();
    const adding = store.addLocation('beta', 'nrt');
    await fixture.whenStable();
    release();
    await adding;
    await fixture.whenStable();
    fixture.destroy();

    expect(renders).toEqual(['alpha:lhr+ams:idle', 'beta:fra:idle', 'beta:fra+nrt:addLocation', 'beta:fra+nrt:idle']);
    expect([mounted, switched, store.observerCount()]).toEqual([before + 2, before + 2, before]);
  });
});

describe('lifetime', () => {
  it('destroying the list closes every subscription its rows and itself opened', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const before = store.observerCount();
    const fixture = await render(GroupList, store);
    const mounted = store.observerCount();
    await store.create({ name: 'gamma', location: 'ams' }); // a row mounted later
    await fixture.whenStable();
    const grown = store.observerCount();
    fixture.destroy();
    expect([mounted, grown, store.observerCount()]).toEqual([before + 5, before + 7, before]);
  });

  it('an environment injector closes all four signals when it is destroyed', async () => {
    const { store } = await startStore({ groups: SEED });
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), { provide: GROUPS_STORE, useValue: store }] });
    const before = store.observerCount();
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    runInInjectionContext(injector, () => [injectGroups(), injectListStatus(), injectGroup('alpha'), injectGroupMeta('alpha')]);
    const open = store.observerCount();
    injector.destroy();
    expect([open, store.observerCount()]).toEqual([before + 4, before]);
  });

  it('{ injector } binds outside an injection context, to that injector’s lifetime', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), { provide: GROUPS_STORE, useValue: store }] });
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const groups = injectGroups({ injector });
    const open = store.observerCount();
    injector.destroy();
    expect(groups()).toBe(store.getSnapshot().groups);
    expect([open, store.observerCount()]).toEqual([1, 0]);
  });

  it('provideGroupsStore creates the store once, on first use, in an injection context, and disposes it with its injector', async () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
    const made: GroupsStore[] = [];
    const ORGANIZATION = new InjectionToken<string>('organization');
    const providers = [
      { provide: ORGANIZATION, useValue: ORG },
      // The factory may inject: here, the organization.
      provideGroupsStore(() => {
        const store = createGroupsStore({ org: inject(ORGANIZATION), transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch: emulator.fetch }) });
        made.push(store);
        return store;
      }),
    ];
    const injector = createEnvironmentInjector(providers, TestBed.inject(EnvironmentInjector));
    const createdBeforeUse = made.length;
    const store = runInInjectionContext(injector, () => injectGroupsStore());
    const again = runInInjectionContext(injector, () => injectGroupsStore());
    const loaded = await store.load();
    injector.destroy();
    const afterDestroy = await store.load().then(() => 'loaded', (error: unknown) => error);

    expect(createdBeforeUse).toBe(0);
    expect(made).toEqual([store]);
    expect(again).toBe(store);
    expect(loaded.map((g) => g.name)).toEqual(['alpha', 'beta']);
    expect(afterDestroy).toMatchObject({ code: 'aborted' });
  });

  it('a store under GROUPS_STORE is the app’s: destroying the injector leaves it working', async () => {
    const { store } = await startStore({ groups: SEED });
    const injector = createEnvironmentInjector([{ provide: GROUPS_STORE, useValue: store }], TestBed.inject(EnvironmentInjector));
    const found = runInInjectionContext(injector, () => injectGroupsStore());
    injector.destroy();
    expect(found).toBe(store);
    expect((await store.load()).map((g) => g.name)).toEqual(['alpha', 'beta']);
  });

  it('misuse says what is wrong: no store provided, outside an injection context, no factory', () => {
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    cleanups.push(() => injector.destroy());
    expect(() => runInInjectionContext(injector, () => injectGroups())).toThrow('turso-groups-store/angular: no store was provided; add provideGroupsStore(() => createGroupsStore(…)) to the application’s providers');
    expect(() => injectGroupsStore()).toThrow(/NG0203: injectGroupsStore\(\) can only be used within an injection context/);
    expect(() => injectGroup('alpha')).toThrow(/NG0203: injectGroup\(\) can only be used within an injection context/);
    expect(() => provideGroupsStore(undefined as unknown as () => GroupsStore)).toThrow('provideGroupsStore expects a function that creates the store');
  });
});

describe('the signals', () => {
  it('are read-only and hold the store’s own objects', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), { provide: GROUPS_STORE, useValue: store }] });
    const bound = TestBed.runInInjectionContext(() => ({ groups: injectGroups(), group: injectGroup('alpha'), meta: injectGroupMeta('alpha'), status: injectListStatus() }));
    // @ts-expect-error a Signal has no set()
    expect(() => bound.groups.set([])).toThrow(TypeError);
    expect('set' in bound.group).toBe(false);
    expect(bound.groups()).toBe(store.getSnapshot().groups);
    expect(bound.groups()[0]).toBe(store.getGroup('alpha'));
    expect(bound.group()).toBe(store.getGroup('alpha'));
    expect(bound.meta()).toBe(IDLE_META);
    expect(bound.status()).toBe(store.getSnapshot().status);
  });

  it('refuse to be made inside a computed, where each run would subscribe again', async () => {
    const { store } = await startStore({ groups: SEED });
    TestBed.configureTestingModule({ providers: [{ provide: GROUPS_STORE, useValue: store }] });
    const injector = TestBed.inject(Injector);
    const nested: Signal<unknown> = TestBed.runInInjectionContext(() => {
      const outer = signal(0);
      return computed(() => (outer(), injectGroups({ injector })()));
    });
    expect(() => nested()).toThrow(/NG0602: injectGroups\(\) cannot be called from within a reactive context/);
    expect(store.observerCount()).toBe(0);
  });
});


describe('zoneless change detection', () => {
  it('a bootstrapped app with no zone renders the store’s changes by itself', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const host = document.createElement('group-list');
    document.body.append(host);
    const app = await createApplication({ providers: [provideZonelessChangeDetection(), { provide: GROUPS_STORE, useValue: store }] });
    cleanups.push(() => app.destroy());
    app.bootstrap(GroupList, host);
    await app.whenStable();
    const shown = [host.textContent];

    await store.delete('beta'); // answered by a fetch: no Angular event, no zone
    await app.whenStable();
    shown.push(host.textContent);
    await store.addLocation('alpha', 'fra');
    await app.whenStable();
    shown.push(host.textContent);

    expect(typeof (globalThis as { Zone?: unknown }).Zone).toBe('undefined');
    expect(shown).toEqual(['alpha:lhr+ams:idlebeta:fra:idle', 'alpha:lhr+ams:idle', 'alpha:lhr+ams+fra:idle']);
    cleanups.pop()?.();
    expect(store.observerCount()).toBe(0);
  });
});

@Component({
  selector: 'list-loader',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<p>{{ render() }}</p>',
})
class ListLoader {
  readonly store = injectGroupsStore();
  readonly constructed = this.store.getSnapshot().status.status;
  readonly status = injectListStatus();

  constructor() {
    renders.push(`constructed:${this.constructed}`);
    injectLoad({ maxAge: loaderMaxAge });
  }

  render(): string {
    renders.push(this.status().status);
    return this.status().status;
  }
}
let loaderMaxAge: number | undefined;

describe('injectLoad', () => {
  afterEach(() => {
    loaderMaxAge = undefined;
  });

  it('loads once the component has rendered, not while it is made, and gives the load up when it is destroyed', async () => {
    const transport = heldTransport();
    const store = createGroupsStore({ org: ORG, transport });
    cleanups.push(() => store.dispose());
    const fixture = await render(ListLoader, store);
    fixture.destroy();

    expect(renders).toEqual(['constructed:idle', 'idle', 'loading']);
    expect(transport.calls.map((call) => [call.method, call.path, call.signal?.aborted])).toEqual([['GET', `/v1/organizations/${ORG}/groups`, true]]);
  });

  it('loads the list into the page', async () => {
    const { store, sent } = await startStore({ groups: SEED });
    const fixture = await render(GroupList, store);
    runInInjectionContext(fixture.componentRef.injector, () => injectLoad());
    await fixture.whenStable(); // the render after which the load starts
    await store.load({ maxAge: 60_000 }); // joins it
    await fixture.whenStable();
    expect([texts(fixture), sent]).toEqual([['alpha:lhr+ams:idle', 'beta:fra:idle'], ['GET /groups']]);
  });

  it('with maxAge, a page made from a server render’s state sends nothing', async () => {
    const transport = heldTransport();
    const store = createGroupsStore({
      org: ORG,
      transport,
      now: () => 1_500,
      initialState: { groups: [{ name: 'alpha', locations: ['lhr'], primary: 'lhr' }], updatedAt: 1_000 },
    });
    cleanups.push(() => store.dispose());
    loaderMaxAge = 30_000;
    await render(ListLoader, store);
    expect([renders, transport.calls]).toEqual([['constructed:success', 'success'], []]);
  });
});
