// Type-level tests of the Angular binding: checked by `tsc` in `npm test`, never executed.
import type { EnvironmentProviders, InputSignal, Signal, WritableSignal } from '@angular/core';
import { expectTypeOf } from 'vitest';
import { injectGroup, injectGroupMeta, injectGroups, injectGroupsStore, injectListStatus, provideGroupsStore, type GroupName } from '../../src/bindings/angular.js';
import type { Group, GroupMeta, GroupsStore, ListStatus } from '../../src/index.js';

// Read-only signals of the store's own types: no set(), no update().
expectTypeOf(injectGroups).returns.toEqualTypeOf<Signal<readonly Group[]>>();
expectTypeOf(injectGroup).returns.toEqualTypeOf<Signal<Group | undefined>>();
expectTypeOf(injectGroupMeta).returns.toEqualTypeOf<Signal<GroupMeta>>();
expectTypeOf(injectListStatus).returns.toEqualTypeOf<Signal<ListStatus>>();
expectTypeOf(injectGroups).returns.not.toMatchTypeOf<WritableSignal<readonly Group[]>>();

// A name is a string or any signal of one: a component's input() among them.
expectTypeOf<InputSignal<string>>().toMatchTypeOf<GroupName>();
expectTypeOf<Signal<number>>().not.toMatchTypeOf<GroupName>();

// An environment provider, from a function that makes the store.
expectTypeOf(provideGroupsStore).parameter(0).toEqualTypeOf<() => GroupsStore>();
expectTypeOf(provideGroupsStore).returns.toEqualTypeOf<EnvironmentProviders>();
expectTypeOf(injectGroupsStore).returns.toEqualTypeOf<GroupsStore>();
