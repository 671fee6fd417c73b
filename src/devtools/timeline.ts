import type { GroupsError } from '../errors.js';
import type { StoreEvent } from '../store/storeEvent.js';

/** One event of `events$` as the panel lists it: plain words, no error object (its cause stays out). */
export interface TimelineEntry {
  /** Counts every event the panel saw, from 1. */
  readonly seq: number;
  /** When the panel saw it, in ms of `Date.now()`. */
  readonly at: number;
  readonly type: StoreEvent['type'];
  /** The command's id (the same in all its events). */
  readonly id: number;
  readonly operation: string;
  readonly group: string | undefined;
  /** What the event adds: the error, the retry's wait, whether the server held the change. */
  readonly detail: string;
}

/** The event types, in the order a command goes through them: the timeline's type filter. */
export const EVENT_TYPES: readonly StoreEvent['type'][] = ['start', 'retry', 'success', 'failure', 'rollback', 'unknown', 'reconciled', 'storageFailed'];

function errorText(error: GroupsError): string {
  return `${error.code}${error.status === undefined ? '' : ` ${error.status}`}: ${error.message}`;
}

/** What an event adds to its type, operation and group, in words (an error as its code, status and message). */
export function eventDetail(event: StoreEvent): string {
  switch (event.type) {
    case 'failure':
    case 'unknown':
      return errorText(event.error);
    case 'retry':
      return `retry ${event.attempt} in ${event.waitMs} ms, after ${errorText(event.reason)}`;
    case 'reconciled':
      return event.applied ? 'the server has the change' : 'the server does not have the change';
    case 'storageFailed':
      // What the storage threw (a QuotaExceededError): its name and message, never the object.
      return event.cause instanceof Error ? `${event.cause.name}: ${event.cause.message}` : 'the storage failed';
    case 'start':
    case 'success':
    case 'rollback':
      return '';
  }
}

/** What the timeline shows: events of one type (or all), whose words contain `text` (any case). */
export interface TimelineFilter {
  readonly type: StoreEvent['type'] | 'all';
  readonly text: string;
}

/**
 * The last `max` events of a store, oldest first, each read into words as it
 * arrives (an error keeps only its code, status and message). It also
 * remembers which commands succeeded, to tell a pending mutation already
 * answered (a configuration waiting for a fresh read) from one on the wire.
 */
export class Timeline {
  readonly #max: number;
  #entries: TimelineEntry[] = [];
  #seq = 0;
  readonly #succeeded = new Set<number>();

  constructor(max: number) {
    this.#max = max;
  }

  add(event: StoreEvent, at: number): void {
    this.#seq += 1;
    if (event.type === 'success') this.#succeeded.add(event.id);
    if (this.#succeeded.size > this.#max) this.#succeeded.delete(this.#succeeded.values().next().value as number);
    const entry: TimelineEntry = { seq: this.#seq, at, type: event.type, id: event.id, operation: event.operation, group: event.group, detail: eventDetail(event) };
    this.#entries = [...this.#entries.slice(Math.max(0, this.#entries.length - this.#max + 1)), entry];
  }

  /** Every entry kept, oldest first. */
  get entries(): readonly TimelineEntry[] {
    return this.#entries;
  }

  /** Whether command `id` was answered with success (among the last ones). */
  succeeded(id: number): boolean {
    return this.#succeeded.has(id);
  }

  /** The entries `filter` lets through, oldest first. */
  select(filter: TimelineFilter): TimelineEntry[] {
    const text = filter.text.trim().toLowerCase();
    return this.#entries.filter((entry) => {
      if (filter.type !== 'all' && entry.type !== filter.type) return false;
      if (text === '') return true;
      return `#${entry.id} ${entry.type} ${entry.operation} ${entry.group ?? ''} ${entry.detail}`.toLowerCase().includes(text);
    });
  }
}
