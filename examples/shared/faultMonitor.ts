// What the server panels show of the emulator's fault plan: always the
// server's own count, read from `/__emulator/faults`, never what the page
// remembers asking for (a reload, another tab or the failures firing would
// make that a lie).
import { BehaviorSubject, Observable, type Subscription } from 'rxjs';
import type { StoreEvent } from 'turso-groups-store';
import { FaultControlError, getFaults, sendFaultCommand, type FaultCommand, type FaultState } from './emulatorControl.js';

/** The plan as last read: `reading` until the first answer, `unreachable` when the server cannot be asked. */
export type FaultReading =
  | { readonly status: 'reading' }
  | { readonly status: 'read'; readonly faults: FaultState }
  | { readonly status: 'unreachable' };

export interface FaultMonitorOptions {
  /** The store's events: each answer (any event but `start`) may have spent an armed failure, so the plan is read again. */
  readonly events$: Observable<StoreEvent>;
  /** The page, whose visibility decides when to read. @default globalThis.document */
  readonly document?: Document | undefined;
  /**
   * While failures are armed and the page is shown, the plan is read again
   * this often, in ms: requests the store does not tell of (the locations
   * list, another tab) spend failures too.
   * @default 2000
   */
  readonly pollMs?: number | undefined;
}

/**
 * Reads the emulator's fault plan when the first subscriber arrives, again
 * after each answer the store reports, when the page is shown again, and
 * every `pollMs` while failures are armed; stops when the last one leaves.
 * Commands go through it, so their answer is shown too. Readings that
 * arrive out of order are dropped: only a later question replaces an answer.
 */
export class FaultMonitor {
  readonly #events$: Observable<StoreEvent>;
  readonly #document: Document | undefined;
  readonly #pollMs: number;
  readonly #reading = new BehaviorSubject<FaultReading>({ status: 'reading' });
  #watchers = 0;
  #asked = 0;
  #answered = 0;
  #events: Subscription | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** The plan as last read; subscribing starts the reading. */
  readonly reading$: Observable<FaultReading> = new Observable<FaultReading>((subscriber) => {
    const subscription = this.#reading.subscribe(subscriber);
    if (this.#watchers++ === 0) this.#start();
    return () => {
      subscription.unsubscribe();
      if (--this.#watchers === 0) this.#stop();
    };
  });

  constructor(options: FaultMonitorOptions) {
    this.#events$ = options.events$;
    this.#document = options.document ?? globalThis.document;
    this.#pollMs = options.pollMs ?? 2_000;
  }

  /** Reads the plan now; what it finds is shown, a failure to reach the server included. */
  refresh(): void {
    this.#track(getFaults()).catch(() => {});
  }

  /** Sends one change; the plan it answers is shown. Rejects with a message a person can read. */
  send(command: FaultCommand): Promise<FaultState> {
    return this.#track(sendFaultCommand(command));
  }

  async #track(answer: Promise<FaultState>): Promise<FaultState> {
    const asked = ++this.#asked;
    try {
      const faults = await answer;
      this.#show(asked, { status: 'read', faults });
      return faults;
    } catch (error) {
      // A refused command changed nothing: the plan shown still holds.
      if (error instanceof FaultControlError && error.code === 'unreachable') this.#show(asked, { status: 'unreachable' });
      throw error;
    }
  }

  #show(asked: number, reading: FaultReading): void {
    if (asked < this.#answered) return;
    this.#answered = asked;
    this.#reading.next(reading);
    this.#schedule();
  }

  readonly #onVisibility = (): void => {
    if (this.#document?.visibilityState !== 'hidden') this.refresh();
    else this.#schedule();
  };

  #start(): void {
    this.#events = this.#events$.subscribe((event) => {
      if (event.type !== 'start') this.refresh();
    });
    this.#document?.addEventListener('visibilitychange', this.#onVisibility);
    this.refresh();
  }

  #stop(): void {
    this.#events?.unsubscribe();
    this.#events = undefined;
    this.#document?.removeEventListener('visibilitychange', this.#onVisibility);
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The next poll, if one is due: only while watched, shown, and something is armed to be spent. */
  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const reading = this.#reading.value;
    const armed = reading.status === 'read' && reading.faults.failures.length > 0;
    if (this.#watchers === 0 || !armed || this.#document?.visibilityState === 'hidden') return;
    this.#timer = setTimeout(() => this.refresh(), this.#pollMs);
  }
}
