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
  #order: readonly string[] = [];

  get(name: string): Group | undefined {
    return this.#entries.get(name)?.group;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** Names in the server's order, groups learnt since the last list last. A new array whenever it changes. */
  get order(): readonly string[] {
    return this.#order;
  }

  groups(): Group[] {
    return this.#order.map((name) => this.#entries.get(name)?.group as Group);
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
      this.#order = this.#order.filter((n) => n !== name);
      return true;
    }
    this.#tombstones.delete(name);
    if (entry) {
      entry.stamp = stamp;
      if (sameGroup(entry.group, group)) return false;
      entry.group = freezeGroup(group);
      return true;
    }
    this.#entries.set(name, { group: freezeGroup(group), stamp, listed: Number.NEGATIVE_INFINITY });
    this.#order = [...this.#order, name];
    return true;
  }

  /** Keeps `group`, equal to the confirmed one, as the confirmed object: identity is what subscribers compare. */
  adopt(name: string, group: Group): void {
    const entry = this.#entries.get(name);
    if (entry && sameGroup(entry.group, group)) entry.group = group;
  }

  /**
   * Replaces everything with a list sent at `stamp`, except what was learnt
   * after it. Returns the names whose group changed (added, replaced or gone).
   */
  setAll(list: readonly Group[], stamp: number): string[] {
    const changed: string[] = [];
    const next: string[] = [];
    const checkTombstones = this.#tombstones.size > 0;
    for (const group of list) {
      const name = group.name;
      const entry = this.#entries.get(name);
      if (entry) {
        if (entry.listed === stamp) continue; // named twice
        entry.listed = stamp;
        next.push(name);
        if (stamp < entry.stamp) continue;
        entry.stamp = stamp;
        if (entry.group !== group && !sameGroup(entry.group, group)) {
          entry.group = freezeGroup(group);
          changed.push(name);
        }
        continue;
      }
      if (checkTombstones && stamp < (this.#tombstones.get(name) ?? Number.NEGATIVE_INFINITY)) continue;
      this.#tombstones.delete(name);
      this.#entries.set(name, { group: freezeGroup(group), stamp, listed: stamp });
      next.push(name);
      changed.push(name);
    }
    // What the list does not name is gone, unless it was learnt after the list was sent.
    if (next.length !== this.#entries.size) {
      for (const name of this.#order) {
        const entry = this.#entries.get(name);
        if (!entry || entry.listed === stamp) continue;
        if (entry.stamp < stamp) {
          this.#entries.delete(name);
          this.#tombstones.set(name, stamp);
          changed.push(name);
        } else {
          next.push(name);
        }
      }
    }
    const previous = this.#order;
    if (next.length !== previous.length || next.some((name, i) => name !== previous[i])) this.#order = next;
    return changed;
  }

  /** Forgets deletions once no read that could predate them is in flight. */
  forgetTombstones(): void {
    this.#tombstones.clear();
  }
}
