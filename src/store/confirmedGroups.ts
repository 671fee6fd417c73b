import type { Group } from '../api/group.js';
import { freezeGroup, sameGroup } from './sameGroup.js';

interface Entry {
  group: Group;
  /** The logical time this group is known from (a read's send, a mutation's confirmation). */
  stamp: number;
  /** The stamp of the last list that named it. */
  listed: number;
}

/**
 * What the server is known to hold, each group stamped with when it was
 * learnt. An answer only replaces what is older than itself, so a list that
 * was sent before a mutation was confirmed cannot undo that mutation.
 */
export class ConfirmedGroups {
  readonly #entries = new Map<string, Entry>();
  /** Deletions still newer than some read in flight. */
  readonly #tombstones = new Map<string, number>();
  /** Names in the server's order; groups learnt since the last list go last. */
  #order: readonly string[] = [];
  /** The entries in the same order, so an unchanged list is compared position by position. */
  #ordered: Entry[] = [];
  /** The groups in the same order, built when asked for and kept until something changes. */
  #list: readonly Group[] | undefined = Object.freeze([]);

  get(name: string): Group | undefined {
    return this.#entries.get(name)?.group;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** The names in order: a new array whenever the order changes. */
  get order(): readonly string[] {
    return this.#order;
  }

  /** The groups in order: the same array until something changes. */
  get list(): readonly Group[] {
    this.#list ??= Object.freeze(this.#ordered.map((entry) => entry.group));
    return this.#list;
  }

  /**
   * Sets one group (or its absence) as known at `stamp`. Returns whether the
   * group changed; an equal group keeps its identity.
   */
  set(name: string, group: Group | undefined, stamp: number): boolean {
    const entry = this.#entries.get(name);
    if (stamp < (entry?.stamp ?? this.#tombstones.get(name) ?? Number.NEGATIVE_INFINITY)) return false;
    if (group === undefined) {
      this.#tombstones.set(name, stamp);
      if (!entry) return false;
      this.#entries.delete(name);
      this.#setOrder(this.#ordered.filter((e) => e !== entry), this.#order.filter((n) => n !== name));
      return true;
    }
    this.#tombstones.delete(name);
    if (entry) {
      entry.stamp = stamp;
      if (sameGroup(entry.group, group)) return false;
      entry.group = freezeGroup(group);
      this.#list = undefined;
      return true;
    }
    const added: Entry = { group: freezeGroup(group), stamp, listed: Number.NEGATIVE_INFINITY };
    this.#entries.set(name, added);
    this.#setOrder([...this.#ordered, added], [...this.#order, name]);
    return true;
  }

  /** Keeps `group`, equal to the confirmed one, as the confirmed object: identity is what subscribers compare. */
  adopt(name: string, group: Group): void {
    const entry = this.#entries.get(name);
    if (entry && entry.group !== group && sameGroup(entry.group, group)) {
      entry.group = group;
      this.#list = undefined;
    }
  }

  /**
   * Replaces everything with a list sent at `stamp`, except what was learnt
   * after it. Returns how many groups changed (added, replaced or gone).
   */
  setAll(list: readonly Group[], stamp: number): number {
    return this.#setAllInPlace(list, stamp) ?? this.#setAllReordered(list, stamp);
  }

  /**
   * The common case, without allocating: the list names exactly the groups
   * known, in the same order. `undefined` (having changed nothing) otherwise.
   */
  #setAllInPlace(list: readonly Group[], stamp: number): number | undefined {
    const order = this.#order;
    if (list.length !== order.length || list.length !== this.#entries.size) return undefined;
    for (let i = 0; i < list.length; i++) if ((list[i] as Group).name !== order[i]) return undefined;
    let changed = 0;
    for (let i = 0; i < list.length; i++) {
      const group = list[i] as Group;
      const entry = this.#ordered[i] as Entry;
      entry.listed = stamp;
      if (stamp < entry.stamp) continue;
      entry.stamp = stamp;
      if (entry.group !== group && !sameGroup(entry.group, group)) {
        entry.group = freezeGroup(group);
        changed += 1;
      }
    }
    if (changed > 0) this.#list = undefined;
    return changed;
  }

  #setAllReordered(list: readonly Group[], stamp: number): number {
    let changed = 0;
    const order: string[] = [];
    const ordered: Entry[] = [];
    const previous = this.#ordered;
    const previousOrder = this.#order;
    const checkTombstones = this.#tombstones.size > 0;
    const empty = this.#entries.size === 0;
    for (let i = 0; i < list.length; i++) {
      const group = list[i] as Group;
      const name = group.name;
      let entry = previousOrder[i] === name ? previous[i] : empty ? undefined : this.#entries.get(name);
      if (entry) {
        if (entry.listed === stamp) continue; // named twice
        entry.listed = stamp;
        order.push(name);
        ordered.push(entry);
        if (stamp < entry.stamp) continue;
        entry.stamp = stamp;
        if (entry.group !== group && !sameGroup(entry.group, group)) {
          entry.group = freezeGroup(group);
          changed += 1;
        }
        continue;
      }
      if (checkTombstones) {
        if (stamp < (this.#tombstones.get(name) ?? Number.NEGATIVE_INFINITY)) continue;
        this.#tombstones.delete(name);
      }
      entry = { group: freezeGroup(group), stamp, listed: stamp };
      this.#entries.set(name, entry);
      order.push(name);
      ordered.push(entry);
      changed += 1;
    }
    // What the list does not name is gone, unless it was learnt after the list was sent.
    if (ordered.length !== this.#entries.size) {
      for (const entry of previous) {
        if (entry.listed === stamp) continue;
        const name = entry.group.name;
        if (entry.stamp < stamp) {
          this.#entries.delete(name);
          this.#tombstones.set(name, stamp);
          changed += 1;
        } else {
          order.push(name);
          ordered.push(entry);
        }
      }
    }
    const sameOrder = order.length === previousOrder.length && order.every((name, i) => name === previousOrder[i]);
    if (!sameOrder) this.#setOrder(ordered, order);
    else if (changed > 0) this.#list = undefined;
    return changed;
  }

  /** Forgets deletions once no read that could predate them is in flight. */
  forgetTombstones(): void {
    this.#tombstones.clear();
  }

  #setOrder(ordered: Entry[], order: readonly string[]): void {
    this.#ordered = ordered;
    this.#order = order;
    this.#list = undefined;
  }
}
