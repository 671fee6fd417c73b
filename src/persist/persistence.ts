import type { Group } from '../api/group.js';
import { GroupsError } from '../errors.js';
import { restored } from '../store/listStatus.js';
import type { PendingMutation } from '../store/pendingMutation.js';
import type { PersistenceEngine, PersistenceHost, PersistenceSession } from '../store/persistOption.js';
import { andThen, GuardedStorage } from './guardedStorage.js';
import { HeldLedger } from './heldLedger.js';
import { isStorable, mutationData, type HeldRecord } from './heldRecords.js';
import { decodeGroups, encodeGroups } from './persistedGroups.js';
import { readPersistSettings, type PersistSettings } from './persistSettings.js';

/**
 * The shortest time between two writes of the groups, in ms: a burst of
 * changes is written at its start and once more at the end of the window,
 * not once per answer (each write is the JSON of every group). Hiding the
 * page (closing or reloading it included) and dispose() write at once.
 */
export const GROUPS_WRITE_INTERVAL_MS = 1_000;

/** How this tab's held mutations are known in storage: their uid, and since when they are held. */
interface HeldTag {
  readonly uid: string;
  readonly heldAt: number;
}

/**
 * One store's persistence: it shows the groups an earlier visit stored
 * (synchronously when the storage is), takes over the mutations held offline
 * that nobody else may send any more, and saves what changed: the mutations
 * this tab holds offline at the end of the task that changed them, the
 * confirmed groups at once and then at most once per
 * {@link GROUPS_WRITE_INTERVAL_MS}.
 */
class Persistence implements PersistenceSession {
  readonly #settings: PersistSettings;
  readonly #host: PersistenceHost;
  readonly #storage: GuardedStorage;
  readonly #ledger: HeldLedger;
  readonly #tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  /** This tab's mutations as stored while held, by id. */
  readonly #tags = new Map<number, HeldTag>();
  /** Ids of the mutations that went (or are going) on the wire: never stored again. */
  readonly #sent = new Set<number>();
  #stopListening: (() => void) | undefined;
  /** What storage holds of the groups, as this store last read or wrote it. */
  #saved: { groups: readonly Group[]; updatedAt: number | undefined } = { groups: [], updatedAt: undefined };
  #scheduled = false;
  /** The window after a write of the groups, during which the next waits. */
  #groupsWindow: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(settings: PersistSettings, host: PersistenceHost) {
    this.#settings = settings;
    this.#host = host;
    this.#storage = new GuardedStorage(settings.storage, (cause) => this.#failed(cause));
    this.#ledger = new HeldLedger(settings, this.#storage, host.environment.locks, this.#tabId, {
      now: () => host.clock.now(),
      adopted: (records) => this.#adopted(records),
      expired: (records) => this.#expired(records),
    });
    this.#restoreGroups();
  }

  start(): void {
    if (this.#stopListening !== undefined || this.#closed) return;
    this.#ledger.scan();
    // Back online, look again: a tab closed while offline may have left mutations nobody sends.
    this.#stopListening = this.#host.environment.subscribe((signal) => {
      if (signal === 'online') this.#ledger.scan();
      // The page may be going away (closed, reloaded): what waits for its window is written now.
      if (signal === 'hidden' && !this.#closed) this.#flushGroups();
    });
  }

  afterRound(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (!this.#closed) this.#save();
    });
  }

  beforeSend(mutation: PendingMutation): boolean | Promise<boolean> {
    this.#sent.add(mutation.id);
    const tag = this.#tags.get(mutation.id);
    if (tag === undefined) return true;
    this.#tags.delete(mutation.id);
    return this.#ledger.takeOut(tag.uid);
  }

  dispose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopListening?.();
    this.#flushGroups();
    // What is held now stays stored, for a later visit (or another tab) to send.
    void this.#ledger.close(this.#ownHeld());
  }

  async clear(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#stopListening?.();
      clearTimeout(this.#groupsWindow);
    }
    await this.#ledger.close(undefined);
    const { groupsKey, heldKey } = this.#settings;
    await Promise.all([this.#storage.clear(groupsKey), this.#storage.clear(heldKey)]);
  }

  // ── restoring ──────────────────────────────────────────────────────────

  #restoreGroups(): void {
    const { groupsKey, maxAge } = this.#settings;
    void andThen(this.#storage.load(groupsKey), (text) => {
      if (text === undefined || this.#closed) return;
      const entry = decodeGroups(text, this.#settings);
      const now = this.#host.clock.now();
      if (entry === undefined || now - entry.updatedAt > maxAge) {
        void this.#storage.remove(groupsKey); // unreadable, foreign, of another format or too old: replaced
        return;
      }
      const { state, notifier } = this.#host;
      notifier.batch(() => {
        const status = state.status;
        // Only while nothing was loaded: a list (or a server render's groups) learnt already is newer.
        if (status.status !== 'idle' && status.status !== 'loading') return;
        // Stamp 0, older than anything this session learns: the stamps stored come from another
        // session's clock, which may have run ahead of this one's (a peer's lead, a clock set back).
        state.applyList(entry.groups, 0);
        // A time in this page's future (a clock set back since) is taken as now.
        state.setStatus(restored(Math.min(entry.updatedAt, now), status.fetching));
      });
      this.#saved = { groups: state.confirmedList(), updatedAt: state.status.updatedAt };
    });
  }

  #adopted(records: readonly HeldRecord[]): void {
    if (this.#closed) return;
    for (const { uid, heldAt, mutation } of records) {
      const id = this.#host.restore(mutation);
      this.#tags.set(id, { uid, heldAt });
    }
  }

  #expired(records: readonly HeldRecord[]): void {
    const { notifier, nextId } = this.#host;
    const { maxMutationAge } = this.#settings;
    for (const { mutation } of records) {
      const id = nextId();
      const { operation, group } = mutation;
      const error = new GroupsError({ code: 'aborted', operation, group, detail: `held offline for more than persist.maxMutationAge (${maxMutationAge} ms): dropped, not sent` });
      notifier.emit({ type: 'start', id, operation, group });
      notifier.emit({ type: 'failure', id, operation, group, error });
    }
  }

  // ── saving ─────────────────────────────────────────────────────────────

  #save(): void {
    if (this.#storage.off) return;
    if (this.#sent.size + this.#tags.size > 64) this.#forgetSettled();
    this.#throttleGroups();
    // Online, nothing is held: only what is stored already needs taking out.
    if (!this.#host.environment.isOnline() || this.#ledger.writing) this.#ledger.writeOwn(() => this.#ownHeld());
  }

  /** Writes the groups now, unless one was written less than the interval ago: then at the window's end. */
  #throttleGroups(): void {
    if (this.#groupsWindow !== undefined || !this.#saveGroups()) return;
    this.#groupsWindow = setTimeout(() => {
      this.#groupsWindow = undefined;
      if (!this.#closed) this.#throttleGroups();
    }, GROUPS_WRITE_INTERVAL_MS);
  }

  #flushGroups(): void {
    clearTimeout(this.#groupsWindow);
    this.#groupsWindow = undefined;
    this.#saveGroups();
  }

  /** Writes the confirmed groups when they or the time of their list changed since last written; returns whether it wrote. */
  #saveGroups(): boolean {
    const { state, clock } = this.#host;
    const groups = state.confirmedList();
    const { updatedAt } = state.status;
    // Nothing loaded yet (updatedAt undefined): nothing worth showing at the next visit.
    if (updatedAt === undefined || (groups === this.#saved.groups && updatedAt === this.#saved.updatedAt)) return false;
    this.#saved = { groups, updatedAt };
    const { listStamp, own } = state.exportConfirmed();
    const stamps: Record<string, number> = {};
    for (const entry of own) if (entry.group !== null) stamps[entry.name] = entry.stamp;
    void this.#storage.save(this.#settings.groupsKey, encodeGroups({ updatedAt, savedAt: clock.now(), listStamp, stamps, groups }, this.#settings));
    return true;
  }

  /**
   * This tab's mutations held offline, in the order issued: while offline,
   * every one not sent yet (issued a moment ago included: the tab may close
   * before it is marked paused), if storable (a minted token would have
   * nobody to go to after a reload). Online, none: what is not sent yet is
   * on its way.
   */
  #ownHeld(): HeldRecord[] {
    const { state, clock, environment } = this.#host;
    const held: HeldRecord[] = [];
    if (environment.isOnline()) return held;
    for (const mutation of state.pending()) {
      if (this.#sent.has(mutation.id) || !isStorable(mutation)) continue;
      let tag = this.#tags.get(mutation.id);
      if (tag === undefined) {
        tag = { uid: `${this.#tabId}.${mutation.id}`, heldAt: clock.now() };
        this.#tags.set(mutation.id, tag);
      }
      held.push({ uid: tag.uid, owner: this.#tabId, heldAt: tag.heldAt, mutation: mutationData(mutation) });
    }
    return held;
  }

  /** Forgets the ids of mutations no longer pending (answered, refused, cancelled): only pending ones can be held. */
  #forgetSettled(): void {
    const pending = new Set(this.#host.state.pending().map((mutation) => mutation.id));
    for (const id of this.#sent) if (!pending.has(id)) this.#sent.delete(id);
    for (const id of this.#tags.keys()) if (!pending.has(id)) this.#tags.delete(id);
  }

  #failed(cause: unknown): void {
    // Later, not now: a failure while the store is being made is heard by whoever subscribes right after.
    queueMicrotask(() => {
      this.#host.notifier.emit({ type: 'storageFailed', id: this.#host.nextId(), operation: 'request', group: undefined, cause });
    });
  }
}

/** The persistence code every persister carries (see `PersistenceEngine`). */
export const persistenceEngine: PersistenceEngine = (options, org) => {
  const settings = readPersistSettings(options, org);
  return (host) => new Persistence(settings, host);
};
