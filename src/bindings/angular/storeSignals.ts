import { assertNotInReactiveContext, type Injector, type Signal } from '@angular/core';
import type { Group, GroupMeta, GroupsStore, ListStatus } from '../../index.js';
import { injectorOf } from './injectionContext.js';
import { injectGroupsStore } from './storeProvider.js';
import { storeSignal, type StoreSource } from './storeSignal.js';

// Each function here returns a read-only signal over the one observable that
// holds its value, so a template re-renders only when that value changes: a
// row bound with injectGroup and injectGroupMeta stays still while other
// groups, or the list's status, change. Call them where inject() works (a
// constructor, a field initializer), or pass { injector }.

/** A group's name: fixed, or a signal that changes (a component's `input()`, a `computed`). */
export type GroupName = string | Signal<string>;

export interface InjectGroupsOptions {
  /**
   * The injector to find the store in and to close the subscription with
   * (its `DestroyRef`), for a call outside an injection context.
   * @default the current injection context's injector
   */
  readonly injector?: Injector | undefined;
}

const GROUPS: StoreSource<undefined, readonly Group[]> = {
  read: (store) => store.getSnapshot().groups,
  observe: (store) => store.groups$,
};
const GROUP: StoreSource<string, Group | undefined> = {
  read: (store, name) => store.getGroup(name),
  observe: (store, name) => store.group$(name),
};
const META: StoreSource<string, GroupMeta> = {
  read: (store, name) => store.getMeta(name),
  observe: (store, name) => store.meta$(name),
};
const STATUS: StoreSource<undefined, ListStatus> = {
  read: (store) => store.getSnapshot().status,
  observe: (store) => store.status$,
};

function bind<K, T>(caller: (...args: never[]) => unknown, options: InjectGroupsOptions, key: K | Signal<K>, source: StoreSource<K, T>): Signal<T> {
  // Never inside a computed or an effect: each run would open a subscription again.
  assertNotInReactiveContext(caller, 'Call it in a constructor or a field initializer, or pass { injector }.');
  const injector = injectorOf(caller, options.injector);
  const store: GroupsStore = injectGroupsStore({ injector });
  return storeSignal(store, injector, key, source);
}

/**
 * The groups shown (confirmed, with pending mutations applied), in the
 * server's order, new ones last: `store.groups$` as a read-only signal. The
 * same array until one group is added, removed or changed; unchanged groups
 * keep their objects, so `@for (group of groups(); track group.name)` keeps
 * their rows.
 *
 * @example
 * readonly groups = injectGroups() // groups(): readonly Group[]
 */
export function injectGroups(options: InjectGroupsOptions = {}): Signal<readonly Group[]> {
  return bind(injectGroups, options, undefined, GROUPS);
}

/**
 * One group as shown, `undefined` while there is none (not loaded, deleted,
 * or never existed): `store.group$(name)` as a read-only signal. `name` may
 * be a string or a signal (such as an `input()`); when it changes, the
 * signal follows the new group and the old group's subscription is closed.
 *
 * @example
 * readonly name = input.required<string>()
 * readonly group = injectGroup(this.name) // group(): Group | undefined
 */
export function injectGroup(name: GroupName, options: InjectGroupsOptions = {}): Signal<Group | undefined> {
  return bind(injectGroup, options, name, GROUP);
}

/**
 * What is going on with one group: the mutations pending on it, its last
 * error, whether it is shown only because a create is pending; `IDLE_META`
 * (one shared object) while nothing is. `name` is followed as in {@link injectGroup}.
 *
 * @example
 * readonly meta = injectGroupMeta(this.name) // meta().pending.length > 0 while saving
 */
export function injectGroupMeta(name: GroupName, options: InjectGroupsOptions = {}): Signal<GroupMeta> {
  return bind(injectGroupMeta, options, name, META);
}

/**
 * The status of the list: `idle`, `loading` (first load), `success` (with
 * `fetching` during a refresh) or `error` (with the error): `store.status$`
 * as a read-only signal.
 *
 * @example
 * readonly status = injectListStatus() // @if (status().status === 'loading') { … }
 */
export function injectListStatus(options: InjectGroupsOptions = {}): Signal<ListStatus> {
  return bind(injectListStatus, options, undefined, STATUS);
}
