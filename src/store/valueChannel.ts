import { Observable, type Subscriber } from 'rxjs';

/**
 * One observable value, read lazily from the store: a new subscriber gets the
 * current value at once, and each subscriber is told only of values that
 * differ (by identity) from the last one it saw.
 */
export class ValueChannel<T> {
  readonly #subscribers = new Map<Subscriber<T>, T>();
  readonly #read: () => T;
  #completed = false;
  readonly observable: Observable<T>;

  /**
   * @param onCount called after a subscriber arrives or leaves, with how many
   *   there are now (the store polls only while observed; keyed channels drop
   *   a key nobody watches)
   */
  constructor(read: () => T, onCount?: (size: number) => void) {
    this.#read = read;
    this.observable = new Observable<T>((subscriber) => {
      if (this.#completed) {
        subscriber.complete();
        return undefined;
      }
      const value = this.#read();
      this.#subscribers.set(subscriber, value);
      subscriber.next(value);
      onCount?.(this.#subscribers.size);
      return () => {
        if (!this.#subscribers.delete(subscriber)) return;
        onCount?.(this.#subscribers.size);
      };
    });
  }

  /** How many subscribers it has. */
  get size(): number {
    return this.#subscribers.size;
  }

  /** Tells every subscriber whose last value is not the current one. */
  emit(): void {
    const size = this.#subscribers.size;
    if (size === 0) return;
    const value = this.#read();
    // Those subscribed now, not those a subscriber adds while told: a copy, except for
    // a lone subscriber (the usual case), where the loop stops after it.
    for (const [subscriber, last] of size === 1 ? this.#subscribers : [...this.#subscribers]) {
      if (last !== value && this.#subscribers.has(subscriber)) {
        this.#subscribers.set(subscriber, value);
        subscriber.next(value);
      }
      if (size === 1) break;
    }
  }

  complete(): void {
    this.#completed = true;
    for (const subscriber of [...this.#subscribers.keys()]) subscriber.complete();
    this.#subscribers.clear();
  }
}

/** A {@link ValueChannel} per key, kept only while someone subscribes. */
export class KeyedChannels<T> {
  readonly #channels = new Map<string, ValueChannel<T>>();
  #completed = false;

  readonly #read: (key: string) => T;
  readonly #onCount: (() => void) | undefined;

  /** @param onCount called after a subscriber of any key arrives or leaves */
  constructor(read: (key: string) => T, onCount?: () => void) {
    this.#read = read;
    this.#onCount = onCount;
  }

  observable(key: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.#completed) {
        subscriber.complete();
        return undefined;
      }
      let channel = this.#channels.get(key);
      if (!channel) {
        const created: ValueChannel<T> = new ValueChannel(
          () => this.#read(key),
          (size) => {
            if (size === 0 && this.#channels.get(key) === created) this.#channels.delete(key);
            this.#onCount?.();
          },
        );
        channel = created;
        this.#channels.set(key, channel);
      }
      return channel.observable.subscribe(subscriber);
    });
  }

  /** How many subscribers all keys have together. */
  get size(): number {
    let size = 0;
    for (const channel of this.#channels.values()) size += channel.size;
    return size;
  }

  emit(key: string): void {
    this.#channels.get(key)?.emit();
  }

  /** Tells every key's subscribers whose value changed. */
  emitAll(): void {
    for (const channel of [...this.#channels.values()]) channel.emit();
  }

  complete(): void {
    this.#completed = true;
    for (const channel of [...this.#channels.values()]) channel.complete();
    this.#channels.clear();
  }
}
