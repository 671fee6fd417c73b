import type { LockManagerLike } from '../live/environment.js';
import { andThen, type GuardedStorage, type MaybePromise } from './guardedStorage.js';
import { decodeHeld, encodeHeld, type HeldRecord } from './heldRecords.js';
import type { PersistSettings } from './persistSettings.js';

/** What the ledger tells its store. */
export interface LedgerHost {
  now(): number;
  /** Held mutations this tab took over from an owner that is gone, in the order they were issued: to show and send. */
  adopted(records: readonly HeldRecord[]): void;
  /** Held mutations of a gone owner, older than `maxMutationAge`: removed from storage instead, never sent. */
  expired(records: readonly HeldRecord[]): void;
}

/** The Web Lock a store holds as long as it lives: while it is held, nobody else may take over what it holds. */
const ownerLock = (owner: string): string => `turso-groups-store:owner:${owner}`;

function sameRecords(a: readonly HeldRecord[], b: readonly HeldRecord[]): boolean {
  return a.length === b.length && a.every((record, i) => record.uid === b[i]?.uid && record.owner === b[i]?.owner);
}

/**
 * The held mutations of every tab of one organization and API, in one
 * stored entry, each marked with the tab that owns it. The rules that make
 * each one sent exactly once, whatever the tabs do:
 * - a tab sends only what it owns, and takes it out of storage (under the
 *   entry's lock) before it goes on the wire: what is stored was never sent;
 * - a tab holds a Web Lock named after itself as long as it lives, and
 *   writes nothing as its own before it holds it;
 * - a tab takes over another's mutations only while holding that owner's
 *   lock, which it gets once the owner is gone (closed, reloaded, disposed):
 *   so never while the owner may still send them, and when two tabs wait for
 *   the same gone owner, the second finds them owned by the first.
 * Every read-modify-write of the entry runs under one lock, and this tab's
 * operations run one at a time, in order. Without a lock manager (no Web
 * Locks: Node, a test) the store takes it that it is alone: what is stored
 * is taken over at once.
 */
export class HeldLedger {
  readonly #settings: PersistSettings;
  readonly #storage: GuardedStorage;
  readonly #locks: LockManagerLike | undefined;
  readonly #tabId: string;
  readonly #host: LedgerHost;
  readonly #abort = new AbortController();
  /** This tab's operations, one at a time; the first waits for its own lock. */
  #chain: Promise<unknown> = Promise.resolve();
  #started = false;
  /** Uids of this tab's records that are, or may be, in storage. */
  #written = new Set<string>();
  /** Owners whose lock this tab is waiting for. */
  readonly #watched = new Set<string>();
  #releaseOwn: (() => void) | undefined;
  /** Operations queued or running. */
  #busy = 0;
  #writeQueued = false;
  #closed = false;

  constructor(settings: PersistSettings, storage: GuardedStorage, locks: LockManagerLike | undefined, tabId: string, host: LedgerHost) {
    this.#settings = settings;
    this.#storage = storage;
    this.#locks = locks;
    this.#tabId = tabId;
    this.#host = host;
  }

  /** Whether some record of this tab's may be in storage: a write is then needed to take it out. */
  get writing(): boolean {
    return this.#written.size > 0 || this.#writeQueued;
  }

  /** Reads the entry and takes over, once each owner is gone, what other tabs hold. */
  scan(): void {
    if (this.#closed) return;
    void this.#enqueue(async () => {
      const stored = decodeHeld(await this.#storage.load(this.#settings.heldKey), this.#settings);
      this.#watchOwners(stored ?? []);
    });
  }

  /** Writes this tab's held mutations (`own()`, read when the write runs), keeping the other tabs'. */
  writeOwn(own: () => readonly HeldRecord[]): void {
    if (this.#writeQueued || this.#closed) return;
    this.#writeQueued = true;
    void this.#enqueue(() => {
      this.#writeQueued = false;
      return Promise.resolve(this.#write(own));
    });
  }

  /**
   * Takes `uid` out of storage before it is sent. Resolves whether this tab
   * may send it: false only when another tab owns it now.
   */
  takeOut(uid: string): boolean | Promise<boolean> {
    if (!this.#written.has(uid)) return true;
    return this.#enqueue(async () =>
      this.#withEntryLock(async () => {
        this.#written.delete(uid);
        const stored = decodeHeld(await this.#storage.load(this.#settings.heldKey), this.#settings);
        const index = stored?.findIndex((record) => record.uid === uid) ?? -1;
        // Gone (cleared, or unreadable): nothing stored to send it again.
        if (stored === undefined || index < 0) return true;
        if (stored[index]?.owner !== this.#tabId) return false;
        stored.splice(index, 1);
        await this.#store(stored);
        return true;
      }),
    );
  }

  /**
   * The store is gone: writes `own` (what it still holds, for a later visit
   * or another tab to send), stops waiting for other owners, then lets its
   * own lock go. Resolves when all of that is done.
   */
  close(own: readonly HeldRecord[] | undefined): Promise<void> {
    if (this.#closed) return this.#chain.then(() => undefined);
    this.#closed = true;
    if (own !== undefined) {
      // Alone (no lock manager) with nothing queued, a synchronous storage is written now: the
      // next visit may start in this very task (a store made right after this one is disposed).
      if (this.#locks === undefined && this.#busy === 0) void this.#write(() => own);
      else void this.#enqueue(() => Promise.resolve(this.#write(() => own)));
    }
    this.#abort.abort();
    return this.#chain.then(() => this.#releaseOwn?.());
  }

  #holdOwnLock(): Promise<void> {
    const locks = this.#locks;
    if (!locks) return Promise.resolve();
    return new Promise<void>((granted) => {
      locks
        .request(ownerLock(this.#tabId), { signal: this.#abort.signal }, () => {
          granted();
          return new Promise<void>((release) => {
            this.#releaseOwn = release;
          });
        })
        .catch(() => granted()); // closed before it was granted: the operations queued behind it run, and find it closed
    });
  }

  /** Writes this tab's records, keeping the others'; synchronous when the storage is and no lock is needed. */
  #write(own: () => readonly HeldRecord[]): MaybePromise<void> {
    return this.#withEntryLock(() => {
      const mine = own();
      // Counted as written before the save: a takeOut queued behind this one must look.
      for (const record of mine) this.#written.add(record.uid);
      return andThen(this.#storage.load(this.#settings.heldKey), (text) => {
        const stored = decodeHeld(text, this.#settings);
        const others = (stored ?? []).filter((record) => record.owner !== this.#tabId);
        const next = [...others, ...mine];
        const saved = stored === undefined || !sameRecords(stored, next) ? this.#store(next) : undefined;
        return andThen(saved, () => {
          this.#written = new Set(mine.map((record) => record.uid));
          this.#watchOwners(others);
        });
      });
    });
  }

  /** Waits for the lock of each owner not waited for yet; once it is gone, takes over what it held. */
  #watchOwners(records: readonly HeldRecord[]): void {
    for (const { owner } of records) {
      if (owner === this.#tabId || this.#watched.has(owner) || this.#closed) continue;
      this.#watched.add(owner);
      // The owner's lock is held while its mutations are taken over, so a second tab waiting finds them taken.
      Promise.resolve(this.#withLock(ownerLock(owner), () => this.#enqueue(() => this.#adopt(owner)), this.#abort.signal))
        .catch(() => undefined) // closed while waiting
        .finally(() => this.#watched.delete(owner));
    }
  }

  async #adopt(owner: string): Promise<void> {
    if (this.#closed) return;
    await this.#withEntryLock(async () => {
      const stored = decodeHeld(await this.#storage.load(this.#settings.heldKey), this.#settings) ?? [];
      const now = this.#host.now();
      const taken: HeldRecord[] = [];
      const expired: HeldRecord[] = [];
      const next: HeldRecord[] = [];
      for (const record of stored) {
        if (record.owner !== owner) next.push(record);
        else if (now - record.heldAt > this.#settings.maxMutationAge) expired.push(record);
        else {
          const mine = { ...record, owner: this.#tabId };
          taken.push(mine);
          next.push(mine);
          this.#written.add(record.uid);
        }
      }
      if (taken.length === 0 && expired.length === 0) return;
      await this.#store(next);
      if (expired.length > 0) this.#host.expired(expired);
      if (taken.length > 0) this.#host.adopted(taken);
    });
  }

  #store(records: readonly HeldRecord[]): MaybePromise<void> {
    const { heldKey } = this.#settings;
    return records.length === 0 ? this.#storage.remove(heldKey) : this.#storage.save(heldKey, encodeHeld(records, this.#settings));
  }

  #withEntryLock<T>(fn: () => MaybePromise<T>): MaybePromise<T> {
    return this.#withLock(`turso-groups-store:held:${this.#settings.heldKey}`, fn);
  }

  /** `fn` holding lock `name` (at once without a lock manager); `signal` stops the wait (never a write already queued: those must run). */
  #withLock<T>(name: string, fn: () => MaybePromise<T>, signal?: AbortSignal): MaybePromise<T> {
    const locks = this.#locks;
    if (!locks) return fn();
    return locks.request(name, signal ? { signal } : {}, async () => fn()) as Promise<T>;
  }

  #enqueue<T>(op: () => Promise<T>): Promise<T> {
    // This tab's own lock first: nothing is written as its own, nor taken over, before it holds it.
    if (!this.#started) {
      this.#started = true;
      this.#chain = this.#holdOwnLock();
    }
    this.#busy += 1;
    const result = this.#chain.then(op).finally(() => {
      this.#busy -= 1;
    });
    this.#chain = result.catch(() => undefined);
    return result;
  }
}
