import type { Group } from '../api/group.js';
import { freezeGroup, sameGroup } from './sameGroup.js';

/**
 * What the server is known to hold, each group stamped with the logical time
 * it was learnt at (a read's send, a mutation's confirmation). An answer only
 * replaces what is older than itself, so a list that was sent before a
 * mutation was confirmed cannot undo that mutation.
 *
 * Most groups are known from the last list, so they share its stamp; only
 * the others carry their own. A list of 10,000 groups costs a map and two
 * arrays, and nothing per group beyond the group itself.
 */
export class ConfirmedGroups {
  readonly #groups = new Map<string, Group>();
  /** The stamp of the last list applied: what a group is known from unless #stamps says otherwise. */
  #listStamp = Number.NEGATIVE_INFINITY;
  /** Groups known from another time than the last list: confirmed since, or kept as newer than it. */
  readonly #stamps = new Map<string, number>();
  /** Deletions still newer than some read in flight (or some peer's message on its way). */
  readonly #tombstones = new Map<string, number>();
  /** The newest deletion forgotten: nothing older may bring an absent group back. */
  #floor = Number.NEGATIVE_INFINITY;
  /** Names in the server's order; groups learnt since the last list go last. A new array when it changes. */
  #order: readonly string[] = [];
  /** The groups in that order, built when asked for and kept until something changes. */
  #list: readonly Group[] | undefined = Object.freeze([]);

  get(name: string): Group | undefined {
    return this.#groups.get(name);
  }

  has(name: string): boolean {
    return this.#groups.has(name);
  }

  get order(): readonly string[] {
    return this.#order;
  }

  /** The groups in order: the same array until something changes. */
  get list(): readonly Group[] {
    this.#list ??= Object.freeze(this.#order.map((name) => this.#groups.get(name) as Group));
    return this.#list;
  }

  /**
   * When what is known of `name` was learnt. A group that is absent is known
   * absent since the last list (which did not name it) or its deletion.
   */
  #stampOf(name: string): number {
    if (this.#groups.has(name)) return this.#stamps.get(name) ?? this.#listStamp;
    return Math.max(this.#tombstones.get(name) ?? Number.NEGATIVE_INFINITY, this.#listStamp, this.#floor);
  }

  /**
   * Changes some fields of a known group without dating it anew: an answer
   * that tells those fields only (a configuration) says nothing of the rest.
   * Returns whether the group changed; nothing for a group not known.
   */
  patch(name: string, fields: Partial<Group>): boolean {
    const current = this.#groups.get(name);
    if (!current) return false;
    return this.set(name, { ...current, ...fields }, this.#stampOf(name));
  }

  /**
   * Sets one group (or its absence) as known at `stamp`. Returns whether the
   * group changed; an equal group keeps its identity.
   */
  set(name: string, group: Group | undefined, stamp: number): boolean {
    if (stamp < this.#stampOf(name)) return false;
    const current = this.#groups.get(name);
    if (group === undefined) {
      this.#tombstones.set(name, stamp);
      if (!current) return false;
      this.#groups.delete(name);
      this.#stamps.delete(name);
      this.#order = this.#order.filter((n) => n !== name);
      this.#list = undefined;
      return true;
    }
    this.#tombstones.delete(name);
    this.#stamps.set(name, stamp);
    if (current && sameGroup(current, group)) return false;
    this.#groups.set(name, freezeGroup(group));
    if (!current) this.#order = [...this.#order, name];
    this.#list = undefined;
    return true;
  }

  /** Keeps `group`, equal to the confirmed one, as the confirmed object: identity is what subscribers compare. */
  adopt(name: string, group: Group): void {
    const current = this.#groups.get(name);
    if (current && current !== group && sameGroup(current, group)) {
      this.#groups.set(name, group);
      this.#list = undefined;
    }
  }

  /**
   * Replaces everything with a list sent at `stamp`, except what was learnt
   * after it. Returns how many groups changed (added, replaced or gone).
   */
  setAll(list: readonly Group[], stamp: number): number {
    let changed: number;
    if (this.#groups.size === 0) changed = this.#setIntoEmpty(list, stamp);
    else changed = this.#setInPlace(list, stamp) ?? this.#setReordered(list, stamp);
    this.#listStamp = Math.max(this.#listStamp, stamp);
    return changed;
  }

  /**
   * The first load (or one after every group went): every group is new, so
   * nothing is compared or removed and each group only needs indexing. The
   * rare lists this path does not take (deletions that may be newer than the
   * list, a name given twice) go through the general one.
   */
  #setIntoEmpty(list: readonly Group[], stamp: number): number {
    // A newer list, already applied, named none of these: an older list cannot bring them back.
    if (stamp < this.#listStamp || list.length === 0) return 0;
    if (this.#tombstones.size > 0 || stamp < this.#floor) return this.#setReordered(list, stamp);
    const groups = this.#groups;
    const order: string[] = new Array<string>(list.length);
    for (let i = 0; i < list.length; i++) {
      const group = list[i] as Group;
      // The name is read before the group is frozen (as the design floor does): read after, it made the loop slower.
      const name = group.name;
      groups.set(name, freezeGroup(group));
      order[i] = name;
      if (groups.size === i) {
        // Named twice: the general path keeps the first.
        groups.clear();
        return this.#setReordered(list, stamp);
      }
    }
    this.#order = order;
    // The answer's own array, frozen, not a copy of it: it is the answer's (a read's, a
    // peer's, a stored one), and no one else writes to it.
    this.#list = Object.freeze(list);
    return list.length;
  }

  /**
   * The usual refresh: the same groups in the same order. One pass compares
   * the list with what is known, position by position, allocating nothing
   * when it is unchanged; the names are compared with the rest (an equal
   * group has the same name), so it also finds whether the list names the
   * same groups in order. When it does not, nothing is changed and it
   * returns `undefined`.
   */
  #setInPlace(list: readonly Group[], stamp: number): number | undefined {
    const previous = this.list;
    if (list.length !== previous.length) return undefined;
    /** Positions where the list holds another value of the group known there. */
    let differs: number[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const group = list[i] as Group;
      const current = previous[i] as Group;
      if (current === group || sameGroup(current, group)) continue;
      if (group.name !== current.name) return undefined;
      (differs ??= []).push(i);
    }
    // With no group known from another time, the list's stamp decides for all of them at once.
    const takesAll = this.#stamps.size === 0;
    if (takesAll && stamp < this.#listStamp) return 0;
    // Otherwise each group's own stamp decides; #takes is asked of every group, as it dates those it lets the list set.
    const taken = takesAll ? undefined : this.#order.map((name) => this.#takes(name, stamp));
    if (!differs) return 0;
    let next: Group[] | undefined;
    let changed = 0;
    for (const i of differs) {
      if (taken?.[i] === false) continue;
      const group = list[i] as Group;
      const name = group.name;
      const frozen = freezeGroup(group);
      next ??= [...previous]; // not slice(): slicing a frozen array takes V8's slow path
      next[i] = frozen;
      this.#groups.set(name, frozen);
      changed += 1;
    }
    if (next) this.#list = Object.freeze(next);
    return changed;
  }

  /** Whether a list sent at `stamp` may set this (present) group; if so, it is known from the list from now on. */
  #takes(name: string, stamp: number): boolean {
    const own = this.#stamps.get(name);
    if (stamp < (own ?? this.#listStamp)) return false;
    if (own !== undefined) this.#stamps.delete(name);
    return true;
  }

  #setReordered(list: readonly Group[], stamp: number): number {
    let changed = 0;
    const order: string[] = [];
    const groups: Group[] = [];
    const listed = new Set<string>();
    for (const group of list) {
      const name = group.name;
      if (listed.has(name)) continue; // named twice
      listed.add(name);
      const current = this.#groups.get(name);
      if (current) {
        order.push(name);
        if (!this.#takes(name, stamp) || current === group || sameGroup(current, group)) {
          groups.push(current);
          continue;
        }
      } else {
        // Known absent since a newer list or deletion: an older list cannot bring it back.
        if (stamp < this.#stampOf(name)) continue;
        this.#tombstones.delete(name);
        order.push(name);
      }
      const frozen = freezeGroup(group);
      this.#groups.set(name, frozen);
      groups.push(frozen);
      changed += 1;
    }
    // What the list does not name is gone, unless it was learnt after the list was sent.
    for (const name of this.#order) {
      if (listed.has(name)) continue;
      if (stamp < this.#stampOf(name)) {
        order.push(name);
        groups.push(this.#groups.get(name) as Group);
        continue;
      }
      this.#groups.delete(name);
      this.#stamps.delete(name);
      this.#tombstones.set(name, stamp);
      changed += 1;
    }
    const previous = this.#order;
    if (order.length !== previous.length || order.some((name, i) => name !== previous[i])) this.#order = order;
    if (changed > 0 || this.#order === order) this.#list = Object.freeze(groups);
    return changed;
  }

  /**
   * Forgets the deletions older than `before`, once no answer that could
   * predate them is on its way; they still bar anything older than the newest
   * of them from bringing a group back.
   */
  forgetTombstones(before = Number.POSITIVE_INFINITY): void {
    for (const [name, stamp] of this.#tombstones) {
      if (stamp >= before) continue;
      this.#floor = Math.max(this.#floor, stamp);
      this.#tombstones.delete(name);
    }
  }

  /**
   * What another store needs to know all this holds: the groups, the stamp of
   * the last list (0 when none), and the groups and deletions learnt since.
   */
  export(): { listStamp: number; groups: readonly Group[]; own: Array<{ name: string; group: Group | null; stamp: number }> } {
    const own: Array<{ name: string; group: Group | null; stamp: number }> = [];
    for (const [name, stamp] of this.#stamps) own.push({ name, group: this.#groups.get(name) ?? null, stamp });
    for (const [name, stamp] of this.#tombstones) own.push({ name, group: null, stamp });
    return { listStamp: Math.max(0, this.#listStamp), groups: this.list, own };
  }
}
