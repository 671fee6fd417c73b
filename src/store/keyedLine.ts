/**
 * Items waiting in line per key, in the order they joined: the first of a
 * key's line has its turn, the others wait behind it; lines of different
 * keys do not wait for each other. Plain bookkeeping, no promises: whoever
 * owns the items starts a turn when {@link join} or {@link leave} says so.
 */
export class KeyedLine<T> {
  readonly #lines = new Map<string, T[]>();

  /** Puts `item` last in `key`'s line; true when it is first there (its turn starts now). */
  join(key: string, item: T): boolean {
    const line = this.#lines.get(key);
    if (line) {
      line.push(item);
      return false;
    }
    this.#lines.set(key, [item]);
    return true;
  }

  /** Takes `item` out of `key`'s line; returns the item whose turn starts now (the next one, when `item` was first). */
  leave(key: string, item: T): T | undefined {
    const line = this.#lines.get(key);
    const index = line ? line.indexOf(item) : -1;
    if (!line || index < 0) return undefined;
    line.splice(index, 1);
    if (line.length === 0) this.#lines.delete(key);
    return index === 0 ? line[0] : undefined;
  }
}
