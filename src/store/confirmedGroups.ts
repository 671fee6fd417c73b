import type { Group } from '../api/group.js';
import { freezeGroup, sameGroup } from './sameGroup.js';

interface Entry {
  readonly group: Group;
  /** The logical time of what this entry is known from (a read's send, a mutation's confirmation). */
  readonly stamp: number;
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
  #order: string[] = [];

  get(name: string): Group | undefined {
    return this.#entries.get(name)?.group;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** Names in the server's order, groups learnt since the last list last. */
  get order(): readonly string[] {
    return this.#order;
  }

  groups(): Group[] {
    return this.#order.map((name) => this.#entries.get(name)?.group).filter((g): g is Group => g !== undefined);
  }

  /**
   * Sets one group (or its absence) as known at `stamp`. Returns whether the
   * group changed; an equal group keeps its identity.
   */
  set(name: string, group: Group | undefined, stamp: number): boolean {
    const existed = this.#entries.has(name);
    const changed = this.#apply(name, group, stamp);
    if (changed && group === undefined) this.#order = this.#order.filter((n) => n !== name);
    if (changed && !existed && group !== undefined) this.#order = [...this.#order, name];
    return changed;
  }

  #apply(name: string, group: Group | undefined, stamp: number): boolean {
    const entry = this.#entries.get(name);
    const known = entry?.stamp ?? this.#tombstones.get(name) ?? Number.NEGATIVE_INFINITY;
    if (stamp < known) return false;
    if (group === undefined) {
      this.#tombstones.set(name, stamp);
      if (!entry) return false;
      this.#entries.delete(name);
      return true;
    }
    this.#tombstones.delete(name);
    const same = entry !== undefined && sameGroup(entry.group, group);
    this.#entries.set(name, { group: same ? entry.group : freezeGroup(group), stamp });
    return !same;
  }

  /**
   * Replaces everything with a list sent at `stamp`, except what was learnt
   * after it. Returns the names whose group changed.
   */
  setAll(list: readonly Group[], stamp: number): Set<string> {
    const changed = new Set<string>();
    const listed = new Set<string>();
    for (const group of list) {
      listed.add(group.name);
      if (this.#apply(group.name, group, stamp)) changed.add(group.name);
    }
    for (const name of this.#order) {
      if (!listed.has(name) && this.#apply(name, undefined, stamp)) changed.add(name);
    }
    // The server's order; groups kept because they are newer than the list go last.
    const next: string[] = [];
    for (const group of list) if (this.#entries.has(group.name)) next.push(group.name);
    for (const name of this.#order) if (!listed.has(name) && this.#entries.has(name)) next.push(name);
    if (next.length !== this.#order.length || next.some((name, i) => name !== this.#order[i])) this.#order = next;
    return changed;
  }

  /** Forgets deletions once no read that could predate them is in flight. */
  forgetTombstones(): void {
    this.#tombstones.clear();
  }
}
