// Type-level tests: checked by `tsc` in `npm test`, never executed.
import { expectTypeOf } from 'vitest';
import {
  createGroupsApi,
  createFetchTransport,
  isGroupsError,
  isValidGroupName,
  type Group,
  type GroupConfiguration,
  type GroupsError,
  type GroupsErrorCode,
  type MintedToken,
  type NewGroup,
  type TokenOptions,
  type Transport,
} from '../src/index.js';
import type { FaultRule } from '../src/emulator/index.js';

const api = createGroupsApi({ org: 'acme', transport: createFetchTransport({ token: async () => 't' }) });

expectTypeOf(api.list()).resolves.toEqualTypeOf<Group[]>();
expectTypeOf(api.create({ name: 'a', location: 'lhr' })).resolves.toEqualTypeOf<Group>();
expectTypeOf(api.mintToken('a')).resolves.toEqualTypeOf<MintedToken>();
expectTypeOf(api.invalidateTokens('a')).resolves.toEqualTypeOf<void>();
expectTypeOf(api.listLocations()).resolves.toEqualTypeOf<Readonly<Record<string, string>>>();
expectTypeOf(api.getConfiguration('a')).resolves.toEqualTypeOf<GroupConfiguration>();
expectTypeOf(api.updateConfiguration('a', { delete_protection: true })).resolves.toEqualTypeOf<GroupConfiguration>();
expectTypeOf(api.unarchive('a')).resolves.toEqualTypeOf<Group>();
expectTypeOf(api.transfer('a', 'staging')).resolves.toEqualTypeOf<Group>();
expectTypeOf<GroupConfiguration['delete_protection']>().toEqualTypeOf<boolean>();
// @ts-expect-error delete_protection is a boolean.
void api.updateConfiguration('a', { delete_protection: 'yes' });

// Unknown fields survive, typed as unknown, while the documented ones stay precise.
expectTypeOf<Group['locations']>().toEqualTypeOf<readonly string[]>();
expectTypeOf<Group['delete_protection']>().toEqualTypeOf<boolean | undefined>();
expectTypeOf<Group['tier']>().toEqualTypeOf<unknown>();

// Extensions are 'all' or documented names only.
expectTypeOf<{ name: 'a'; location: 'lhr'; extensions: ['vector'] }>().toExtend<NewGroup>();
expectTypeOf<{ name: 'a'; location: 'lhr'; extensions: ['bogus'] }>().not.toExtend<NewGroup>();
expectTypeOf<{ authorization: 'admin' }>().not.toExtend<TokenOptions>();

// The error narrows and its code is a closed union.
declare const caught: unknown;
if (isGroupsError(caught)) {
  expectTypeOf(caught).toEqualTypeOf<GroupsError>();
  expectTypeOf(caught.code).toEqualTypeOf<GroupsErrorCode>();
  expectTypeOf(caught.status).toEqualTypeOf<number | undefined>();
}

// A transport is one function; any that fits is accepted.
expectTypeOf<(request: { method: 'GET' | 'POST' | 'DELETE' | 'PATCH'; path: string }) => Promise<unknown>>().toExtend<Transport>();

// Fault rules name real operations.
expectTypeOf<{ kind: 'drop'; operation: 'mintToken' }>().toExtend<FaultRule>();
expectTypeOf<{ kind: 'drop'; operation: 'explode' }>().not.toExtend<FaultRule>();

// The store: status variants fix their flags; events carry an error only on failure.
import { createGroupsStore, type GroupsSnapshot, type ListStatus, type PendingMutation, type StoreEvent } from '../src/index.js';

const store = createGroupsStore({ api });
expectTypeOf(store.getSnapshot).toEqualTypeOf<() => GroupsSnapshot>();
expectTypeOf(store.mintToken('a')).resolves.toEqualTypeOf<MintedToken>();
expectTypeOf(store.load()).resolves.toEqualTypeOf<readonly Group[]>();

declare const status: ListStatus;
if (status.status === 'success') expectTypeOf(status.updatedAt).toEqualTypeOf<number>();
if (status.status === 'loading') expectTypeOf(status.fetching).toEqualTypeOf<true>();
if (status.status === 'error') expectTypeOf(status.error).toEqualTypeOf<GroupsError>();
if (status.status === 'idle') expectTypeOf(status.error).toEqualTypeOf<undefined>();
// Restored from storage: data to show (a time), no error, maybe a background refresh's.
if (status.status === 'restored') {
  expectTypeOf(status.updatedAt).toEqualTypeOf<number>();
  expectTypeOf(status.error).toEqualTypeOf<undefined>();
  expectTypeOf(status.refreshError).toEqualTypeOf<GroupsError | undefined>();
}

declare const event: StoreEvent;
if (event.type === 'failure') expectTypeOf(event.error).toEqualTypeOf<GroupsError>();
if (event.type === 'storageFailed') expectTypeOf(event.cause).toEqualTypeOf<unknown>();
expectTypeOf<'error' extends keyof Extract<StoreEvent, { type: 'success' }> ? true : false>().toEqualTypeOf<false>();

declare const pending: PendingMutation;
if (pending.operation === 'addLocation') expectTypeOf(pending.location).toEqualTypeOf<string>();
expectTypeOf<{ id: 1; operation: 'invalidateTokens'; group: 'a' }>().toExtend<PendingMutation>();
// A pending record holds all it needs to be sent: a mint without its options is not one.
expectTypeOf<{ id: 1; operation: 'mintToken'; group: 'a' }>().not.toExtend<PendingMutation>();
expectTypeOf<{ id: 1; operation: 'mintToken'; group: 'a'; options: { expiration: '1d' } }>().toExtend<PendingMutation>();
expectTypeOf<{ id: 1; operation: 'addLocation'; group: 'a' }>().not.toExtend<PendingMutation>();

// A failed name check leaves a string a string (the guard narrows only what is not one yet).
declare const typed: string;
if (!isValidGroupName(typed)) expectTypeOf(typed).toEqualTypeOf<string>();
declare const input: unknown;
if (isValidGroupName(input)) expectTypeOf(input).toEqualTypeOf<string>();

// persist takes a persister from turso-groups-store/persist and names its API; a bare storage of three methods is not one.
import { createPersister, localStoragePersister, type Persister, type PersistStorage } from '../src/persist/index.js';

expectTypeOf(createGroupsStore({ api, persist: { storage: localStoragePersister(), base: 'https://api.turso.tech', maxAge: 60_000 } }).clearPersisted()).resolves.toEqualTypeOf<void>();
declare const ownStorage: PersistStorage;
expectTypeOf(createPersister(ownStorage)).toEqualTypeOf<Persister>();
expectTypeOf<{ storage: PersistStorage; base: string }>().not.toExtend<NonNullable<Parameters<typeof createGroupsStore>[0]['persist']>>();
expectTypeOf<{ storage: Persister }>().not.toExtend<NonNullable<Parameters<typeof createGroupsStore>[0]['persist']>>();
