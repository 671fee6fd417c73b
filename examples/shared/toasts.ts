import { isGroupsError, type GroupsError, type GroupsOperation, type GroupsStore } from 'turso-groups-store';
import { createDetailsMemory, type CommandDetails } from './commandDetails.js';
import { failureText, messageOf } from './failureText.js';

/** `failure` is shown as an alert; `success` and `info` as a status. */
export type ToastTone = 'success' | 'info' | 'failure';

/** One message of the stack. */
export interface Toast {
  /** New for every message: a key, so the same words twice are announced twice. */
  readonly id: number;
  readonly text: string;
  readonly tone: ToastTone;
  /** True when it stays until dismissed: a failure the page shows nowhere else. */
  readonly sticky: boolean;
}

/** The clock the toasts go away by; injected so a test can drive it. */
export interface ToastTimers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

/** How long a success or a note stays, in ms. */
export const PASSING_TOAST_MS = 5_000;
/**
 * How long a failure stays that the page also shows where it happened (the
 * group's card, the list's status), in ms. A group's failure goes then only
 * if its card still shows it, or the group is gone; else it stays until
 * dismissed.
 */
export const SHOWN_ELSEWHERE_TOAST_MS = 10_000;
/** The most messages shown at once: a new one pushes out the oldest. */
export const MAX_TOASTS = 4;

/**
 * Failures the page also shows in place, so their toast may go: a group's
 * command sets the error in the group's card (a failed delete or transfer
 * brings the group back with it) until a later command on it succeeds. A
 * failed create is not among them: its card goes with the rollback.
 */
const SHOWN_IN_CARD: ReadonlySet<GroupsOperation> = new Set<GroupsOperation>([
  'delete',
  'addLocation',
  'removeLocation',
  'mintToken',
  'invalidateTokens',
  'updateConfiguration',
  'unarchive',
  'transfer',
]);

/** Whether the card's error is this failure (the same error, or one read again from the same answer). */
function sameFailure(shown: GroupsError | undefined, error: GroupsError): boolean {
  return shown !== undefined && (shown === error || (shown.operation === error.operation && shown.code === error.code && shown.status === error.status));
}

const browserTimers = (): ToastTimers => ({
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
});

/**
 * The dashboard's messages, one stack for the page, shared by the four
 * dashboards: each renders `getSnapshot()` and calls the methods. Successes
 * and notes go after {@link PASSING_TOAST_MS}; a failure shown in place as
 * well goes after {@link SHOWN_ELSEWHERE_TOAST_MS}; any other failure stays
 * until dismissed. `subscribe` follows Svelte's store contract (the listener
 * is called at once), which React's `useSyncExternalStore` accepts too.
 */
export class Toasts {
  #list: readonly Toast[] = [];
  readonly #listeners = new Set<(toasts: readonly Toast[]) => void>();
  readonly #timers = new Map<number, unknown>();
  /** Errors told already: `events$` and a command's own promise tell of the same error object. */
  readonly #told = new WeakSet<object>();
  /** Mutations whose answer could not be read, by event id: told only if the server turns out not to have the change. */
  readonly #unknown = new Map<number, { readonly error: GroupsError; readonly details: CommandDetails | undefined }>();
  readonly #clock: ToastTimers;
  #nextId = 0;
  /** The store watched: a group's failure toast goes only while its card shows the failure. */
  #store: Pick<GroupsStore, 'getMeta' | 'getGroup'> | undefined;

  /** @param timers the clock messages go away by. @default the page's `setTimeout` and `clearTimeout`, read when called */
  constructor(timers: ToastTimers = browserTimers()) {
    this.#clock = timers;
  }

  /** The messages shown, oldest first; a new array only when they changed. */
  readonly getSnapshot = (): readonly Toast[] => this.#list;

  /** Calls `listener` now and after every change; returns the way to stop. */
  readonly subscribe = (listener: (toasts: readonly Toast[]) => void): (() => void) => {
    this.#listeners.add(listener);
    listener(this.#list);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  /** Something went well: "Tokens of eu invalidated." Goes by itself. */
  success(text: string): void {
    this.#push(text, 'success', PASSING_TOAST_MS);
  }

  /** A note: goes by itself. */
  info(text: string): void {
    this.#push(text, 'info', PASSING_TOAST_MS);
  }

  /** A failure in words the page shows nowhere else: it stays until dismissed. */
  show(text: string): void {
    this.#push(text, 'failure', undefined);
  }

  /**
   * A failure, in plain language, once: whichever of `events$` and the
   * command's promise tells it first. Aborted work was given up on purpose
   * and says nothing; so does a mutation whose answer could not be read,
   * until the server says it does not have the change.
   */
  readonly failure = (error: unknown): void => {
    this.#failure(error, undefined);
  };

  #failure(error: unknown, details: CommandDetails | undefined): void {
    if (isGroupsError(error) && error.code === 'aborted') return;
    if (typeof error === 'object' && error !== null) {
      if (this.#told.has(error)) return;
      this.#told.add(error);
    }
    this.#tell(error, details);
  }

  dismiss(id: number): void {
    if (!this.#list.some((toast) => toast.id === id)) return;
    this.#forget(id);
    this.#set(this.#list.filter((toast) => toast.id !== id));
  }

  /**
   * Tells the store's failures: every `failure` event (background refreshes
   * included), and a mutation whose answer could not be read once the
   * server turns out not to have its change; each in the words of what it
   * asked for ("Couldn't turn on delete protection for eu"), read from the
   * store when it started. Returns the way to stop.
   */
  watch(store: Pick<GroupsStore, 'events$' | 'getMeta' | 'getGroup' | 'getPending'>): () => void {
    this.#store = store;
    const detailsOf = createDetailsMemory(store);
    const subscription = store.events$.subscribe((event) => {
      const details = detailsOf(event);
      switch (event.type) {
        case 'failure':
          // The dashboards never read one group themselves: a failed `retrieve` is the store
          // checking a change whose answer was lost. The card says "checking with the server"
          // until it is settled, and the log tells each try; a toast per try would only alarm.
          if (event.operation !== 'retrieve') this.#failure(event.error, details);
          break;
        case 'unknown':
          // The card shows "checking with the server"; the promise's rejection must not say it failed.
          this.#told.add(event.error);
          this.#unknown.set(event.id, { error: event.error, details });
          break;
        case 'reconciled': {
          const unknown = this.#unknown.get(event.id);
          this.#unknown.delete(event.id);
          if (!event.applied && unknown !== undefined) this.#tell(unknown.error, unknown.details);
          break;
        }
        default:
          break;
      }
    });
    return () => subscription.unsubscribe();
  }

  /** Stops every timer; the messages stay as they are. */
  dispose(): void {
    for (const id of [...this.#timers.keys()]) this.#forget(id);
  }

  #tell(error: unknown, details: CommandDetails | undefined): void {
    if (!isGroupsError(error)) {
      this.show(messageOf(error));
      return;
    }
    const text = failureText(error, { withGroup: true, details });
    const { group } = error;
    if (error.operation === 'list') {
      // The list's status says it as long as it matters.
      this.#push(text, 'failure', SHOWN_ELSEWHERE_TOAST_MS);
    } else if (SHOWN_IN_CARD.has(error.operation) && group !== undefined && this.#store !== undefined) {
      const store = this.#store;
      // A group deleted since has taken the failure with it: nothing is left to act on.
      this.#push(text, 'failure', SHOWN_ELSEWHERE_TOAST_MS, () => store.getGroup(group) === undefined || sameFailure(store.getMeta(group).error, error));
    } else {
      this.#push(text, 'failure', undefined);
    }
  }

  /** Adds a message that goes after `ms` (when `mayGo` agrees then; else it stays until dismissed), or stays for good. */
  #push(text: string, tone: ToastTone, ms: number | undefined, mayGo: () => boolean = () => true): void {
    const toast: Toast = { id: ++this.#nextId, text, tone, sticky: ms === undefined };
    const kept = [...this.#list, toast];
    for (const dropped of kept.splice(0, Math.max(0, kept.length - MAX_TOASTS))) this.#forget(dropped.id);
    if (ms !== undefined) {
      const expire = (): void => {
        this.#timers.delete(toast.id);
        if (mayGo()) this.dismiss(toast.id);
        else this.#set(this.#list.map((shown) => (shown.id === toast.id ? { ...shown, sticky: true } : shown)));
      };
      this.#timers.set(toast.id, this.#clock.setTimeout(expire, ms));
    }
    this.#set(kept);
  }

  #forget(id: number): void {
    if (!this.#timers.has(id)) return;
    this.#clock.clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  #set(list: readonly Toast[]): void {
    this.#list = list;
    for (const listener of [...this.#listeners]) listener(list);
  }
}
