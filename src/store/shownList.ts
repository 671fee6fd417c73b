import type { Group } from '../api/group.js';

/**
 * The shown groups as one ordered, frozen list. Its order is the server's
 * after a list answer and stays put between list answers (a group that
 * appears goes last, one that goes is taken out), so confirmations arriving
 * out of order never reorder it. When some groups change, the list is a
 * patched copy of the last one, not a rebuild; when none of them shows
 * anything new, it is the same array. It is the one array handed out, so a
 * command costs one copy of it when it changes what is shown, and nothing
 * more (no comparison with another array, no rebuild).
 */
export class ShownList {
  #ids: readonly string[] = [];
  /** Where each name is in #ids, built when a patch first needs it. */
  #index: Map<string, number> | undefined;
  #list: readonly Group[] | undefined;

  readonly #shown: (name: string) => Group | undefined;

  constructor(shown: (name: string) => Group | undefined) {
    this.#shown = shown;
  }

  get ids(): readonly string[] {
    return this.#ids;
  }

  /** Whether the list is held (else the next {@link list} builds it). */
  get built(): boolean {
    return this.#list !== undefined;
  }

  /** Takes `list`, the shown groups in the order of {@link ids}, as the list: no copy. */
  startFrom(list: readonly Group[]): void {
    this.#list = list;
  }

  /**
   * After a list answer: the server's `order`, then the groups shown only
   * because of a pending create, where they were. Returns whether the order changed.
   */
  takeServerOrder(order: readonly string[], pending: ReadonlyMap<string, Group | undefined>): boolean {
    if (pending.size === 0) return this.#setIds(order);
    const ids: string[] = [];
    for (const name of order) if (this.#shown(name) !== undefined) ids.push(name);
    const placed = new Set(ids);
    for (const name of [...this.#ids, ...pending.keys()]) {
      if (!placed.has(name) && this.#shown(name) !== undefined) {
        ids.push(name);
        placed.add(name);
      }
    }
    return this.#setIds(ids);
  }

  /**
   * After commands: shown groups keep their place. A newly shown one among
   * `changed` that the server lists (`order`: a delete or a transfer taken
   * back) goes back where the server has it, before the first shown group
   * the server lists after it; any other (a pending create) goes last.
   */
  keepOrder(changed: ReadonlySet<string>, order: readonly string[]): boolean {
    const ids = this.#ids.filter((name) => this.#shown(name) !== undefined);
    const present = new Set(ids);
    let rank: Map<string, number> | undefined;
    for (const name of changed) {
      if (present.has(name) || this.#shown(name) === undefined) continue;
      rank ??= new Map(order.map((id, i) => [id, i]));
      const at = rank.get(name);
      const before = at === undefined ? -1 : ids.findIndex((id) => (rank?.get(id) ?? Infinity) > at);
      if (before < 0) ids.push(name);
      else ids.splice(before, 0, name);
      present.add(name);
    }
    return this.#setIds(ids);
  }

  /** Any group may have changed: the next list is built afresh. */
  forget(): void {
    this.#list = undefined;
  }

  /** Only the `changed` groups are replaced in the next list; when none shows anything new, it stays the same array. */
  patch(changed: ReadonlySet<string>): void {
    const previous = this.#list;
    if (!previous) return;
    if (!this.#index) {
      const index = new Map<string, number>();
      this.#ids.forEach((name, i) => index.set(name, i));
      this.#index = index;
    }
    let next: Group[] | undefined;
    for (const name of changed) {
      const i = this.#index.get(name);
      if (i === undefined) continue;
      const group = this.#shown(name) as Group;
      if (group === previous[i]) continue; // changed and changed back within the round
      next ??= [...previous]; // not slice(): slicing a frozen array takes V8's slow path
      next[i] = group;
    }
    if (next) this.#list = Object.freeze(next);
  }

  list(): readonly Group[] {
    this.#list ??= Object.freeze(this.#ids.map((name) => this.#shown(name) as Group));
    return this.#list;
  }

  /**
   * Takes `ids` as the order, even when equal to the current one (sharing the
   * confirmed order array lets the store show the confirmed list as is).
   * Returns whether the order changed.
   */
  #setIds(ids: readonly string[]): boolean {
    const previous = this.#ids;
    this.#ids = ids;
    if (ids === previous || (ids.length === previous.length && ids.every((name, i) => name === previous[i]))) return false;
    this.#index = undefined;
    this.#list = undefined;
    return true;
  }
}
