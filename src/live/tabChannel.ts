import type { Group } from '../api/group.js';
import { isGroup, isGroupArray, isRecord } from '../api/responseShape.js';
import { readers } from '../store/inspection.js';
import type { LockManagerLike } from './environment.js';
import { readFeedPosition, type FeedSpan } from './feedMessage.js';

/** The part of `BroadcastChannel` the store uses; inject one to test delays, drops and duplicates. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  close(): void;
}

/**
 * What tabs tell each other. Every stamp is on the stores' shared clock (a
 * hybrid logical clock: wall time, kept monotonic and merged on receipt), so
 * a tab folds a peer's answer exactly as it folds its own: it replaces only
 * what the tab learnt earlier. Messages carry server answers only: never the
 * platform token, never a minted JWT, never a pending change.
 */
export type TabMessage =
  /** A new tab asks its peers for what they know. */
  | { readonly type: 'hello'; readonly from: string }
  /** A list answer, sent at `stamp`. */
  | { readonly type: 'list'; readonly from: string; readonly stamp: number; readonly updatedAt: number; readonly groups: readonly Group[]; readonly span?: FeedSpan | undefined }
  /** One group as a confirmed mutation or a retrieve found it at `stamp` (`null`: absent). */
  | {
      readonly type: 'group';
      readonly from: string;
      readonly stamp: number;
      readonly name: string;
      readonly group: Group | null;
      /** Where the value sits in the change feed's numbering, as far as the sender knew (with a change feed). */
      readonly span?: FeedSpan | undefined;
    }
  /**
   * The answer to a hello: the sender's confirmed groups, as of its last list
   * (`listStamp`), and what it learnt of single groups since (`own`).
   */
  | {
      readonly type: 'state';
      readonly from: string;
      readonly to: string;
      readonly listStamp: number;
      readonly updatedAt: number | null;
      readonly groups: readonly Group[];
      readonly own: ReadonlyArray<{ readonly name: string; readonly group: Group | null; readonly stamp: number }>;
    };

/** How many messages a tab sent, took in, and ignored as malformed or foreign. */
export interface TabStats {
  readonly sent: number;
  readonly received: number;
  readonly ignored: number;
}

const APP = 'turso-groups-store';
const VERSION = 1;

/** A stamp: whole microseconds, exact (a stamp past 2^53 could not be made one larger, and clocks must move). */
const isStamp = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
/** A time in ms, as the store's `now` gives it. */
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 256;

function isOwnList(value: unknown): value is Array<{ name: string; group: Group | null; stamp: number }> {
  if (!Array.isArray(value)) return false;
  for (const entry of value as unknown[]) {
    if (!isRecord(entry) || !isText(entry.name) || !isStamp(entry.stamp) || !(entry.group === null || isGroup(entry.group))) return false;
    // As in a group message: a group filed under another name would show twice, or in another's place.
    if (entry.group !== null && entry.group.name !== entry.name) return false;
  }
  return true;
}

/** A peer's message for this organization, checked field by field; `undefined` for anything else. */
export function readTabMessage(data: unknown, org: string): TabMessage | undefined {
  if (!isRecord(data) || data.app !== APP || data.v !== VERSION || data.org !== org) return undefined;
  const message = data.message;
  if (!isRecord(message) || !isText(message.from)) return undefined;
  switch (message.type) {
    case 'hello':
      return { type: 'hello', from: message.from };
    case 'list':
      if (!isStamp(message.stamp) || !isTime(message.updatedAt) || !isGroupArray(message.groups)) return undefined;
      return { type: 'list', from: message.from, stamp: message.stamp, updatedAt: message.updatedAt, groups: message.groups, ...spanOf(message.span) };
    case 'group':
      if (!isStamp(message.stamp) || !isText(message.name) || !(message.group === null || isGroup(message.group))) return undefined;
      if (message.group !== null && message.group.name !== message.name) return undefined;
      return { type: 'group', from: message.from, stamp: message.stamp, name: message.name, group: message.group, ...spanOf(message.span) };
    case 'state':
      if (!isText(message.to) || !isStamp(message.listStamp) || !(message.updatedAt === null || isTime(message.updatedAt))) return undefined;
      if (!isGroupArray(message.groups) || !isOwnList(message.own)) return undefined;
      return { type: 'state', from: message.from, to: message.to, listStamp: message.listStamp, updatedAt: message.updatedAt, groups: message.groups, own: message.own };
    default:
      return undefined;
  }
}

/** A feed span as a peer sent it (`{ epoch, lower, upper }`), when it reads as one; else nothing (the message is folded by its stamp alone). */
function spanOf(value: unknown): { span?: FeedSpan } {
  if (!isRecord(value) || typeof value.epoch !== 'string' || typeof value.lower !== 'number') return {};
  const lower = readFeedPosition(`${value.epoch}:${value.lower}`);
  const upper = value.upper;
  if (lower === undefined || !(upper === null || (Number.isSafeInteger(upper) && (upper as number) >= lower.seq))) return {};
  return { span: { epoch: lower.epoch, lower: lower.seq, upper: upper as number | null } };
}

/** The highest stamp a message carries: what the receiving clock merges. */
export function stampOf(message: TabMessage): number {
  switch (message.type) {
    case 'hello':
      return 0;
    case 'list':
    case 'group':
      return message.stamp;
    case 'state':
      return message.own.reduce((max, entry) => Math.max(max, entry.stamp), message.listStamp);
  }
}

/** When the message's list was loaded (ms of the senders' shared clock), or 0 when it holds none. */
function updatedAtOf(message: TabMessage): number {
  return message.type === 'list' || message.type === 'state' ? message.updatedAt ?? 0 : 0;
}

/**
 * One tab's end of the channel its organization's stores share. Whatever a
 * listener or a malformed message does, the channel keeps sending and
 * receiving: each message is handled on its own, and failures are counted.
 * A message stamped after `newest()` is ignored too: tabs share a wall clock,
 * and merging a stamp from far ahead would drag this tab's clock there, so
 * that nothing it learns afterwards could replace what that message said.
 * So is a list loaded after it (its `updatedAt`, in ms, on the same clock):
 * taken, it would keep the data fresh, and unrefreshed, until then.
 */
export class TabChannel {
  readonly #channel: BroadcastChannelLike;
  readonly #org: string;
  readonly #listener: (event: { readonly data: unknown }) => void;
  #sent = 0;
  #received = 0;
  #ignored = 0;

  constructor(channel: BroadcastChannelLike, org: string, tabId: string, newest: () => number, receive: (message: TabMessage) => void) {
    this.#channel = channel;
    this.#org = org;
    this.#listener = (event) => {
      const read = readTabMessage(event?.data, org);
      const message = read !== undefined && stampOf(read) <= newest() && updatedAtOf(read) * 1000 <= newest() ? read : undefined;
      if (message === undefined || message.from === tabId || (message.type === 'state' && message.to !== tabId)) {
        if (message === undefined) this.#ignored += 1;
        return;
      }
      this.#received += 1;
      try {
        receive(message);
      } catch {
        // The store's own fold does not throw; whatever did must not stop the next message.
        this.#ignored += 1;
      }
    };
    channel.addEventListener('message', this.#listener);
  }

  get stats(): TabStats {
    return { sent: this.#sent, received: this.#received, ignored: this.#ignored };
  }

  send(message: TabMessage): void {
    try {
      this.#channel.postMessage({ app: APP, v: VERSION, org: this.#org, message });
      this.#sent += 1;
    } catch {
      // A closed channel or an uncloneable field: the peers catch up at their next list.
    }
  }

  close(): void {
    this.#channel.removeEventListener('message', this.#listener);
    this.#channel.close();
  }
}

/**
 * Which tab polls: the one holding a Web Lock named after the organization.
 * When it closes, the lock passes to a waiting tab, which takes over. Without
 * a lock manager every tab is its own poller.
 */
export class PollerLock {
  readonly #locks: LockManagerLike | undefined;
  readonly #name: string;
  readonly #onChange: () => void;
  #held = false;
  #release: (() => void) | undefined;
  #abort: AbortController | undefined;

  constructor(locks: LockManagerLike | undefined, name: string, onChange: () => void) {
    this.#locks = locks;
    this.#name = name;
    this.#onChange = onChange;
  }

  /** Whether this tab polls. */
  get held(): boolean {
    return this.#locks === undefined || this.#held;
  }

  static {
    // Development builds only: the devtools' reader (see ../store/inspection.ts): whether a lock chooses the polling tab (else every tab polls).
    if (process.env.NODE_ENV !== 'production') readers.locked = (poller) => poller.#locks !== undefined;
  }

  /** Whether another tab holds the lock now; `undefined` where the lock manager cannot say. */
  async heldElsewhere(): Promise<boolean | undefined> {
    const locks = this.#locks;
    if (this.#held || !locks) return false; // without a lock manager every tab listens for itself
    if (!locks.query) return undefined;
    try {
      const { held = [] } = await locks.query();
      return !this.#held && held.some((lock) => lock.name === this.#name);
    } catch {
      return undefined;
    }
  }

  /** Asks for the lock (once); `onChange` runs when it is granted. */
  request(): void {
    const locks = this.#locks;
    if (!locks || this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    locks
      .request(this.#name, { signal: abort.signal }, () => {
        this.#held = true;
        this.#onChange();
        return new Promise<void>((resolve) => {
          this.#release = resolve;
        });
      })
      .catch(() => undefined); // aborted while waiting: nothing to do
  }

  /** Gives the lock back (or stops waiting for it). */
  release(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    const wasHeld = this.#held;
    this.#held = false;
    this.#release?.();
    this.#release = undefined;
    if (wasHeld) this.#onChange();
  }
}
