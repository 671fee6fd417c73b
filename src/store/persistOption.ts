import { invalidRequest } from '../errors.js';
import type { LiveEnvironment } from '../live/environment.js';
import type { HybridClock } from './hybridClock.js';
import type { Notifier } from './notifier.js';
import type { MutationInfo, PendingMutation } from './pendingMutation.js';
import type { StoreState } from './storeState.js';

// The store's side of `persist`: the option's type, and the hook a persister
// plugs into. The persistence code itself ships with the persisters
// (`turso-groups-store/persist`), so an app that does not persist never
// bundles it: the core only knows this interface.

/**
 * Where the store keeps what it persists: three methods over text values,
 * each synchronous or returning a promise. A method that throws or rejects
 * (a full storage, private mode) turns persistence off for that store, which
 * says so once in `events$` and runs on without it.
 */
export interface PersistStorage {
  /** The text saved under `key`; `null` or `undefined` when there is none. */
  load(key: string): string | null | undefined | Promise<string | null | undefined>;
  save(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

/** The key of a persister's persistence code: the same symbol in every copy of the package. */
export const PERSISTENCE = Symbol.for('turso-groups-store.persistence');

/**
 * A storage with the persistence code attached: what `persist.storage`
 * takes. Make one with `localStoragePersister()`, `indexedDbPersister()`, or
 * `createPersister({ load, save, remove })` over a storage of your own (all
 * from `turso-groups-store/persist`).
 */
export interface Persister extends PersistStorage {
  readonly [PERSISTENCE]: PersistenceEngine;
}

/** What `createGroupsStore`'s `persist` option takes. */
export interface PersistOptions {
  /**
   * Where to keep the groups and the held mutations: `localStoragePersister()`
   * (synchronous: the groups show on the first render) or
   * `indexedDbPersister()` (asynchronous: they show as soon as it answers),
   * from `turso-groups-store/persist`.
   */
  readonly storage: Persister;
  /**
   * Which API the groups come from, as part of the storage key beside the
   * organization, so that one API's groups never show as another's (the
   * emulator's as the real organization's). The store cannot tell where a
   * transport sends its requests: name it, usually the transport's
   * `baseURL` (`'https://api.turso.tech'`), or `'emulator'`.
   * Required.
   */
  readonly base: string;
  /**
   * Persisted groups older than this (ms since they were loaded) are not
   * shown, and are removed.
   * @default 86400000 (24 h)
   */
  readonly maxAge?: number | undefined;
  /**
   * A mutation held offline longer than this (ms since it was issued) is
   * dropped when a later visit restores it, with a `failure` event
   * (`aborted`), and never sent.
   * @default 86400000 (24 h)
   */
  readonly maxMutationAge?: number | undefined;
  /**
   * Any string: what was stored under another one is ignored and removed.
   * Change it when a deploy must not restore what an earlier one stored.
   * @default ''
   */
  readonly buster?: string | undefined;
  /**
   * The start of the storage keys; the organization and `base` follow it.
   * @default 'turso-groups-store'
   */
  readonly key?: string | undefined;
}

/** What the persistence code may use of the store: no API, no transport, so never a token. */
export interface PersistenceHost {
  readonly state: Pick<StoreState, 'status' | 'confirmedList' | 'exportConfirmed' | 'pending' | 'meta' | 'applyList' | 'setStatus'>;
  readonly clock: Pick<HybridClock, 'now'>;
  readonly notifier: Pick<Notifier, 'batch' | 'emit'>;
  readonly environment: LiveEnvironment;
  /** The next command id, for the events persistence raises. */
  nextId(): number;
  /**
   * Runs a mutation another visit (or a tab now gone) held offline, which
   * this tab took over: shown at once, held while offline, sent once, its
   * events told like a command's. No caller waits for it, and it is not
   * checked against what is shown: the server decides. Returns its id.
   */
  restore(mutation: MutationInfo): number;
}

/** One store's persistence, started by its persister: it restores the groups at once. */
export interface PersistenceSession {
  /**
   * The store is being used (observed, read, or sent a command): from now on
   * it takes over what other tabs (or visits) held offline. A store made and
   * dropped unused (React StrictMode's second initializer call) never does.
   */
  start(): void;
  /** A notification round told subscribers of changes: saves what changed, once for the rounds of one task. */
  afterRound(): void;
  /** Mutation `mutation` is about to be sent: false (or a promise of it) when it must not be, another tab having taken it. */
  beforeSend(mutation: PendingMutation): boolean | Promise<boolean>;
  /** The store is disposed: saves what is not saved yet, then lets the storage go. */
  dispose(): void;
  /** Removes what is stored for this organization and API, and persists nothing more. */
  clear(): Promise<void>;
}

/** Reads the rest of the options (throwing a `validation` GroupsError), and returns what starts a store's session. */
export type PersistenceEngine = (options: PersistOptions, org: string) => (host: PersistenceHost) => PersistenceSession;

/** The `persist` option, checked enough to start it: its persister's code reads the rest. */
export function readPersistOption(value: unknown, org: string): ((host: PersistenceHost) => PersistenceSession) | undefined {
  if (value === undefined) return undefined;
  const storage: unknown = typeof value === 'object' && value !== null ? (value as { storage?: unknown }).storage : undefined;
  const engine: unknown = typeof storage === 'object' && storage !== null ? (storage as Partial<Persister>)[PERSISTENCE] : undefined;
  if (typeof engine !== 'function') {
    throw invalidRequest('persist.storage must be a persister from turso-groups-store/persist: localStoragePersister(), indexedDbPersister(), or createPersister({ load, save, remove })');
  }
  return (engine as PersistenceEngine)(value as PersistOptions, org);
}
