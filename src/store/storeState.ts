import type { Group } from '../api/group.js';
import type { GroupsError, GroupsOperation } from '../errors.js';
import type { Fold } from './commands.js';
import { ConfirmedGroups } from './confirmedGroups.js';
import { IDLE_META, sameMeta, type GroupMeta } from './groupMeta.js';
import { readers } from './inspection.js';
import { IDLE, type ListStatus } from './listStatus.js';
import type { Mutation, PendingMutation } from './pendingMutation.js';
import { sameGroup } from './sameGroup.js';
import { ShownList } from './shownList.js';

/** What changed since the last {@link StoreState.commit}: whom the store must tell. */
export interface StateChanges {
  /** The shown list is a new array. */
  readonly list: boolean;
  /** A list answer changed groups: any group may have. */
  readonly allGroups: boolean;
  /** Groups whose shown value may have changed (when not `allGroups`). */
  readonly groups: ReadonlySet<string>;
  readonly meta: ReadonlySet<string>;
  readonly status: boolean;
}

interface Unannounced {
  readonly groups: Set<string>;
  readonly meta: Set<string>;
  /** A group appeared or went. */
  existence: boolean;
  /** A list answer was applied: take the server's order. */
  listed: boolean;
  all: boolean;
  status: boolean;
}

/** The names a round has no change of: one set, never written to. */
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * A fresh record of what is unannounced. The sets of `last` that stayed empty
 * are kept (a round hands on NO_NAMES instead): most rounds are a status alone.
 */
function nothingUnannounced(last?: Unannounced): Unannounced {
  const groups = last && last.groups.size === 0 ? last.groups : new Set<string>();
  const meta = last && last.meta.size === 0 ? last.meta : new Set<string>();
  return { groups, meta, existence: false, listed: false, all: false, status: false };
}

function isNothing(u: Unannounced): boolean {
  return u.groups.size === 0 && u.meta.size === 0 && !u.existence && !u.listed && !u.all && !u.status;
}

/**
 * The store's state and its transitions, with no I/O: the confirmed groups,
 * the pending mutations layered over them, per-group meta and the list
 * status. Each transition records what it changed; {@link commit} hands that
 * over once, so a batch of transitions is told to subscribers as one.
 */
export class StoreState {
  /**
   * One empty state, kept for good: while an instance lives, V8 keeps the
   * hidden classes of the state and of its parts (confirmed groups, shown
   * list), and the code it optimized for them. Once a disposed store's state
   * was collected with no other store open, that code was thrown away, and
   * the next store loaded and compared its first lists in unoptimized code
   * (W1a 3.6 to 6.8 ms against 2.4 to 3.7 ms, alternated in the bench).
   */
  static readonly empty = new StoreState();
  readonly #confirmed = new ConfirmedGroups();
  /** Pending mutations per group, oldest first; a group is a key only while it has some. */
  readonly #queues = new Map<string, Mutation[]>();
  /**
   * What is shown for the groups that have pending recipes (`undefined`:
   * hidden). Every other group is shown as confirmed, so a list answer costs
   * nothing here and a command costs one group.
   */
  readonly #overrides = new Map<string, Group | undefined>();
  readonly #shownList = new ShownList((name) => this.shown(name));
  readonly #meta = new Map<string, GroupMeta>();
  readonly #errors = new Map<string, GroupsError>();
  /** Ids of the pending mutations held offline. */
  readonly #paused = new Set<number>();
  /** Ids of the mutations whose answer could not be read, shown until a re-read settles them. */
  readonly #unconfirmed = new Set<number>();
  #status: ListStatus = IDLE;
  /** What changed since the last commit, for the store to announce. */
  #unannounced = nothingUnannounced();
  /** The meta map handed out by {@link metaMap}, kept until some meta changes. */
  #metaMap: ReadonlyMap<string, GroupMeta> | undefined;

  // ── reading ────────────────────────────────────────────────────────────

  /** What is shown for one group: its override while it has pending recipes, else its confirmed value. */
  shown(name: string): Group | undefined {
    return this.#overrides.has(name) ? this.#overrides.get(name) : this.#confirmed.get(name);
  }

  /** The shown groups in order, as of the last {@link commit}: the same array until one of them changes. */
  list(): readonly Group[] {
    // With nothing pending and the server's order, what is shown is the confirmed list
    // itself: the shown list starts from that array (no copy), and is patched from there.
    if (!this.#shownList.built && this.#overrides.size === 0 && this.#shownList.ids === this.#confirmed.order) {
      this.#shownList.startFrom(this.#confirmed.list);
    }
    return this.#shownList.list();
  }

  /** What the server is known to hold, without pending mutations. */
  confirmedList(): readonly Group[] {
    return this.#confirmed.list;
  }

  meta(name: string): GroupMeta {
    return this.#meta.get(name) ?? IDLE_META;
  }

  /** Meta of the groups that have any: the same map until one of them changes. */
  metaMap(): ReadonlyMap<string, GroupMeta> {
    this.#metaMap ??= new Map(this.#meta);
    return this.#metaMap;
  }

  get status(): ListStatus {
    return this.#status;
  }

  /**
   * The mutations layered over the confirmed groups, in the order they were
   * issued: those not yet answered, and those answered unreadably until a
   * re-read settles them (each group's meta tells which is which).
   */
  pending(): PendingMutation[] {
    return [...this.#queues.values()].flat().map((m) => m.info).sort((a, b) => a.id - b.id);
  }

  static {
    // Development builds only: the devtools' reader (see ./inspection.ts).
    if (process.env.NODE_ENV !== 'production') readers.unconfirmed = (state) => [...state.#unconfirmed];
  }

  // ── transitions ────────────────────────────────────────────────────────
  // Each transition leaves the state whole: no caller has to follow one with
  // another. What changed is recorded for the next {@link commit}.

  setStatus(status: ListStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#unannounced.status = true;
  }

  /** Queues a mutation behind the group's others and shows its effect. */
  enqueue(mutation: Mutation): void {
    const group = mutation.info.group;
    const queue = this.#queues.get(group);
    if (queue) queue.push(mutation);
    else this.#queues.set(group, [mutation]);
    this.#recompute(group);
  }

  /**
   * The server accepted a mutation, answered at `stamp`: its layer goes, its
   * error clears, and what the answer says of the group (its fold) becomes
   * the base.
   */
  confirm(mutation: Mutation, stamp: number, fold: Fold): void {
    const name = mutation.info.group;
    this.#errors.delete(name);
    if (fold.kind === 'merge') {
      // Only those fields are known as of now: the group keeps its date, and the
      // mutation's layer stays until a read sent after the answer brings the rest
      // (settleRead), so no older read can show the change undone meanwhile.
      if (this.#confirmed.patch(name, fold.fields)) this.#unannounced.groups.add(name);
      this.#recompute(name);
      return;
    }
    this.#dequeue(mutation);
    if (fold.kind === 'group') this.#setConfirmed(name, fold.group, stamp);
    else if (fold.kind === 'absent') this.#setConfirmed(name, undefined, stamp);
    this.#recompute(name);
  }

  /** A read sent after a mutation's partial answer (a 'merge' fold) was folded in: its layer goes. */
  settleRead(mutation: Mutation): void {
    this.#dequeue(mutation);
    this.#recompute(mutation.info.group);
  }

  /**
   * A mutation failed: only its own layer goes, and its error shows on the
   * group, unless it was taken back on purpose (`aborted`: cancelled before it
   * was sent). A 404 at `stamp` is believed: the group is not there.
   */
  fail(mutation: Mutation, error: GroupsError, stamp: number): void {
    const name = mutation.info.group;
    this.#dequeue(mutation);
    if (error.code !== 'aborted') this.#errors.set(name, error);
    if (error.code === 'not_found') this.#setConfirmed(name, undefined, stamp);
    this.#recompute(name);
  }

  /**
   * A mutation's answer could not be read: the server may have made the
   * change. It stays shown, listed in the group's `unconfirmed`, until
   * {@link settleUnconfirmed}.
   */
  markUnconfirmed(mutation: Mutation): void {
    this.#unconfirmed.add(mutation.info.id);
    this.#touchMeta(mutation.info.group);
  }

  /**
   * A re-read sent after an unknown outcome has answered, and is folded in:
   * the mutation's layer goes. The server holds its change when its recipe
   * changes nothing on the confirmed group; when it does not, `error` shows on
   * the group as for a refusal. Returns whether the change was applied.
   */
  settleUnconfirmed(mutation: Mutation, error: GroupsError): boolean {
    const name = mutation.info.group;
    const confirmed = this.#confirmed.get(name);
    const withChange = mutation.recipe ? mutation.recipe(confirmed) : confirmed;
    const applied = withChange === confirmed || sameGroup(withChange, confirmed);
    this.#dequeue(mutation);
    // Made: a success, which clears the group's error (the re-read's own 404 after a delete included).
    if (applied) this.#errors.delete(name);
    else this.#errors.set(name, error);
    this.#recompute(name);
    return applied;
  }

  /**
   * A retrieve sent at `stamp` answered: the group, or an error (a 404 says
   * the group is absent; an abort says nothing at all). Only a read the app
   * asked for (`command`) is an outcome of the group's own: it sets or clears
   * its error. The store's own re-reads (a feed's change, a mutation to
   * settle) do not, as a list does not: a refusal stays shown until the
   * group's next command, even when the feed has the group read right after.
   */
  applyRetrieve(name: string, answer: Group | undefined, error: GroupsError | undefined, stamp: number, command: boolean): void {
    if (answer !== undefined || error?.code === 'not_found') this.#setConfirmed(name, answer, stamp);
    // While a change of the group is unconfirmed, reads of it are re-reads: settleUnconfirmed judges them.
    if (command && error?.code !== 'aborted' && !this.#hasUnconfirmed(name)) {
      if (error === undefined) this.#errors.delete(name);
      else this.#errors.set(name, error);
    }
    this.#touchMeta(name);
  }

  /**
   * A list sent at `stamp` answered: it becomes the base (except what was
   * learnt after it was sent), pending recipes re-apply over it, and errors of
   * groups the server no longer has are forgotten.
   */
  applyList(groups: readonly Group[], stamp: number): void {
    const order = this.#confirmed.order;
    const changed = this.#confirmed.setAll(groups, stamp);
    if (changed > 0) {
      // Groups with pending recipes re-apply them on the new base; the rest show it as is.
      for (const name of [...this.#overrides.keys()]) this.#recompute(name);
      for (const name of [...this.#meta.keys()]) this.#touchMeta(name);
      this.#unannounced.all = true;
    }
    if (changed > 0 || this.#confirmed.order !== order || this.#shownList.ids !== this.#confirmed.order) this.#unannounced.listed = true;
    for (const name of [...this.#errors.keys()]) {
      if (this.#confirmed.has(name) || this.#queues.has(name)) continue;
      this.#errors.delete(name);
      this.#touchMeta(name);
    }
  }

  /** A peer (another tab) learnt `name` at `stamp`: folded like an answer of this store's own. */
  applyGroup(name: string, answer: Group | undefined, stamp: number): void {
    this.#setConfirmed(name, answer, stamp);
    this.#touchMeta(name);
  }

  /** Marks a pending mutation as held offline, or as on its way again. */
  setPaused(mutation: Mutation, paused: boolean): void {
    if (paused) this.#paused.add(mutation.info.id);
    else this.#paused.delete(mutation.info.id);
    this.#touchMeta(mutation.info.group);
  }

  /** Forgets deletions older than `before` once no answer that could predate them is on its way. */
  forgetTombstones(before?: number): void {
    this.#confirmed.forgetTombstones(before);
  }

  /** The confirmed groups with their stamps, for another tab. */
  exportConfirmed(): ReturnType<ConfirmedGroups['export']> {
    return this.#confirmed.export();
  }

  #hasUnconfirmed(name: string): boolean {
    return this.#unconfirmed.size > 0 && (this.#queues.get(name)?.some((m) => this.#unconfirmed.has(m.info.id)) ?? false);
  }

  #dequeue(mutation: Mutation): void {
    this.#paused.delete(mutation.info.id);
    this.#unconfirmed.delete(mutation.info.id);
    const queue = this.#queues.get(mutation.info.group);
    if (!queue) return;
    const index = queue.indexOf(mutation);
    if (index >= 0) queue.splice(index, 1);
    if (queue.length === 0) this.#queues.delete(mutation.info.group);
  }

  /** Folds one server answer (or absence) into the confirmed groups, and shows it. */
  #setConfirmed(name: string, group: Group | undefined, stamp: number): void {
    const shown = this.shown(name);
    if (!this.#confirmed.set(name, group, stamp)) return;
    if (this.#overrides.has(name)) {
      this.#recompute(name); // its pending recipes re-apply over the new confirmed value
      return;
    }
    this.#unannounced.groups.add(name);
    if ((shown === undefined) !== (group === undefined)) this.#unannounced.existence = true;
    if (this.#queues.has(name) || this.#meta.has(name)) this.#touchMeta(name);
  }

  /**
   * Recomputes what one group shows from its confirmed value and its pending
   * recipes, keeping the shown object when the result is equal to it.
   */
  #recompute(name: string): void {
    const shown = this.shown(name);
    const queue = this.#queues.get(name);
    let next = this.#confirmed.get(name);
    if (queue?.some((m) => m.recipe)) {
      for (const mutation of queue) if (mutation.recipe) next = mutation.recipe(next);
      if (next !== shown && sameGroup(next, shown)) next = shown;
      this.#overrides.set(name, next);
    } else if (this.#overrides.delete(name) && next !== undefined && next !== shown && sameGroup(next, shown)) {
      // The server confirmed exactly what was shown: keep showing the same object.
      this.#confirmed.adopt(name, shown as Group);
      next = shown;
    }
    if (next !== shown) {
      this.#unannounced.groups.add(name);
      if ((next === undefined) !== (shown === undefined)) this.#unannounced.existence = true;
    }
    this.#touchMeta(name);
  }

  #touchMeta(name: string): void {
    const queue = this.#queues.get(name);
    const error = this.#errors.get(name);
    const optimistic = !this.#confirmed.has(name) && this.shown(name) !== undefined;
    const paused = queue !== undefined && this.#paused.size > 0 && queue.some((m) => this.#paused.has(m.info.id));
    let next: GroupMeta = IDLE_META;
    if (queue || error || optimistic) {
      const pending: GroupsOperation[] = [];
      let unconfirmed: readonly GroupsOperation[] = IDLE_META.unconfirmed;
      if (queue) {
        // Most groups have no unconfirmed mutation: they share the one empty list.
        for (const m of queue) {
          if (this.#unconfirmed.size > 0 && this.#unconfirmed.has(m.info.id)) unconfirmed = [...unconfirmed, m.info.operation];
          else pending.push(m.info.operation);
        }
      }
      next = { pending, unconfirmed, error, optimistic, paused };
    }
    if (sameMeta(this.meta(name), next)) return;
    if (next === IDLE_META) this.#meta.delete(name);
    else this.#meta.set(name, next);
    this.#metaMap = undefined;
    this.#unannounced.meta.add(name);
  }

  /**
   * Settles the shown list's order and contents after a run of transitions,
   * and returns what changed since the last commit (`undefined`: nothing).
   */
  commit(): StateChanges | undefined {
    const changes = this.#unannounced;
    // Every flush ends on a commit with nothing recorded (and many record nothing): keep the empty record.
    if (isNothing(changes)) return undefined;
    this.#unannounced = nothingUnannounced(changes);
    const list = this.#shownList;
    let listChanged = changes.groups.size > 0 || changes.all;
    if (changes.listed) listChanged = list.takeServerOrder(this.#confirmed.order, this.#overrides) || listChanged;
    else if (changes.existence) listChanged = list.keepOrder(changes.groups, this.#confirmed.order) || listChanged;
    if (changes.all) list.forget();
    else if (listChanged) list.patch(changes.groups);
    if (!listChanged && !changes.status && changes.meta.size === 0) return undefined;
    // The sets handed on are never written to again: an empty one is kept for the next record, so NO_NAMES goes instead.
    const groups = changes.groups.size > 0 ? changes.groups : NO_NAMES;
    const meta = changes.meta.size > 0 ? changes.meta : NO_NAMES;
    return { list: listChanged, allGroups: changes.all, groups, meta, status: changes.status };
  }
}
