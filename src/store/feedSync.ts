import type { Observable } from 'rxjs';
import type { Group } from '../api/group.js';
import type { GroupsError } from '../errors.js';
import { ChangeStream } from '../live/changeStream.js';
import { FEED_HEADER, readFeedPosition, writeFeedPosition, type FeedMessage, type FeedPosition, type FeedSpan } from '../live/feedMessage.js';
import type { TransportAnswer } from '../transport/transport.js';
import { safetyNetInterval, type ChangeFeedSettings } from './changeFeedOptions.js';
import type { Fold } from './commands.js';
import { FeedPositions } from './feedPositions.js';
import { FEED_CONNECTING, FEED_FOLLOWER, FEED_IDLE, type FeedStatus } from './feedStatus.js';
import { Reconciler } from './reconciler.js';
import type { StoreContext } from './storeContext.js';
import { sameGroup } from './sameGroup.js';
import type { FeedCall, FeedCallKind, FeedHost, FeedReads, StoreFeed } from './storeFeed.js';
import { ValueChannel } from './valueChannel.js';

/** How long, at most, a first list waits for the feed's hello, in ms. */
const GATE_MS = 2_000;
/** How often a first list asks the lock manager whether another tab listens, while this one waits to be granted the lock, in ms. */
const LOCK_CHECK_MS = 50;
/** Where the lock manager cannot say who holds the lock: how long a first list waits for this tab to be granted it, in ms. */
const LOCK_GRACE_MS = 150;

const UNCHANGED: Fold = { kind: 'unchanged' };

/**
 * One request's place in the feed's numbering: where the store stood when it
 * was sent, and the position its answer carried (`X-Groups-Feed`).
 */
export class NumberedCall implements FeedCall {
  sent: FeedPosition | undefined;
  answer: FeedPosition | undefined;
  /** A read not yet folded (or failed). */
  #open: boolean;
  #sentOpen = false;
  readonly #sync: FeedSync;
  readonly #kind: FeedCallKind;

  constructor(sync: FeedSync, kind: FeedCallKind) {
    this.#sync = sync;
    this.#kind = kind;
    this.#open = kind !== 'mutation';
    if (this.#open) sync.readsOpen += 1;
  }

  /**
   * Sends the request: a list read that may be the store's first waits for
   * the feed's hello (see {@link FeedSync.gate}); `start` gets the listener
   * that reads each answer's position.
   */
  send<T>(start: (onAnswer: (answer: TransportAnswer) => void) => Promise<T>): Promise<T> {
    const go = (): Promise<T> => {
      this.sent = this.#sync.positionNow();
      this.#sentOpen = this.#open;
      if (this.#sentOpen) this.#sync.readsInFlight += 1;
      return start((answer) => this.#heard(answer)).catch((error: unknown) => {
        this.done();
        throw error;
      });
    };
    if (this.#kind !== 'list') return go();
    // Decided a moment later: a store observed right after load() (one render's effects) still gates it.
    return Promise.resolve()
      .then(() => this.#sync.gate())
      .then(go);
  }

  /** The answer was folded in, or the request failed. */
  done(): void {
    if (this.#sentOpen) this.#sync.readsInFlight -= 1;
    if (this.#open) this.#sync.readsOpen -= 1;
    this.#open = false;
    this.#sentOpen = false;
  }

  #heard(answer: TransportAnswer): void {
    const position = readFeedPosition(answer.headers.get(FEED_HEADER));
    if (position === undefined) return;
    // Retries and a read made of two calls: the newest position of one numbering wins.
    if (this.answer === undefined || this.answer.epoch !== position.epoch || position.seq > this.answer.seq) this.answer = position;
    this.#sync.heard(position);
  }
}

/**
 * Sync with the proxy's change feed: listens while the store is observed
 * (and this tab holds the listening lock, and the network is up), and folds
 * what it hears by the rule of {@link FeedPositions} — a change newer than
 * anything known of its group is applied as data learnt now; one already
 * reflected is ignored; one that cannot be placed, or that carries no data,
 * makes the store re-read that group (one shared, stamped read); a reload or
 * a new epoch makes it re-read the list. Pending mutations re-apply over
 * whatever it folds, and the other tabs hear of it as of any answer.
 */
export class FeedSync implements StoreFeed {
  readonly #context: StoreContext;
  readonly #settings: ChangeFeedSettings;
  readonly #host: FeedHost;
  readonly #positions = new FeedPositions();
  /** Epochs left behind: an answer from one of them never takes the store back. */
  readonly #retired = new Set<string>();
  readonly #stream: ChangeStream;
  readonly #status: ValueChannel<FeedStatus>;
  readonly #groupRereads: Reconciler;
  readonly #listRereads: Reconciler;
  /** Groups to re-read at the end of this turn, each with the stamp its read must be sent after. */
  readonly #rereads = new Map<string, number>();
  /** Groups with a re-read asked for by the feed and not yet answered, with how many. */
  readonly #rereading = new Map<string, number>();
  #current: FeedStatus = FEED_IDLE;
  #observed = false;
  #connected = false;
  /** Through where this store has heard the feed: what a reconnection asks to be replayed after. */
  #seen: FeedPosition | undefined;
  #gate: { readonly promise: Promise<void>; readonly release: () => void } | undefined;
  #unsubscribe: (() => void) | undefined;
  #disposed = false;
  /** Reads sent and not yet folded: a hello that finds one has a gap to fill. */
  readsInFlight = 0;
  /** Reads made and not yet folded, sent or still held back. */
  readsOpen = 0;
  /**
   * When the store learnt each group itself, since the oldest read still on
   * its way was sent (a pushed change, an own answer, a peer's news): a read
   * sent before that did not replace what it learnt.
   */
  readonly #learntAt = new Map<string, number>();

  readonly feed$: Observable<FeedStatus>;

  constructor(context: StoreContext, settings: ChangeFeedSettings, reads: FeedReads, maxBackoff: number, host: FeedHost) {
    this.#context = context;
    this.#settings = settings;
    this.#host = host;
    this.#status = new ValueChannel(() => this.#current);
    this.feed$ = this.#status.observable;
    this.#groupRereads = new Reconciler(context.environment, maxBackoff, (name, notBefore) => reads.retrieve(name, notBefore));
    this.#listRereads = new Reconciler(context.environment, maxBackoff, (_name, notBefore) => reads.list(notBefore));
    this.#stream = new ChangeStream(
      settings,
      {
        opening: () => {
          if (this.#current.status !== 'reconnecting') this.#setStatus(FEED_CONNECTING);
        },
        message: (message) => this.#message(message),
        dropped: (error) => this.#dropped(error),
      },
      () => (this.#seen === undefined ? undefined : writeFeedPosition(this.#seen)),
    );
  }

  get status(): FeedStatus {
    return this.#current;
  }

  /** Whether the feed is connected now: the data is kept fresh by it, and polling is only a safety net. */
  get connected(): boolean {
    return this.#connected;
  }

  /** The polling interval now: the safety net's while connected, the store's own otherwise. */
  pollInterval(interval: number | false): number | false {
    return this.#connected && interval !== false ? safetyNetInterval(this.#settings, interval) : interval;
  }

  /** The store gained its first observer or lost its last. */
  setObserved(observed: boolean): void {
    if (this.#disposed || observed === this.#observed) return;
    this.#observed = observed;
    if (observed) {
      this.#unsubscribe = this.#context.environment.subscribe((signal) => {
        if (signal === 'online' || signal === 'offline') this.reconsider();
      });
    } else {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
    }
    this.reconsider();
  }

  /** Starts or stops listening as observation, the listening lock and the network say. */
  reconsider(): void {
    if (this.#disposed) return;
    const listener = this.#host.isListener();
    const listen = this.#observed && listener && this.#context.environment.isOnline();
    if (listen) {
      this.#stream.start();
      return;
    }
    this.#stream.stop();
    this.#releaseGate();
    this.#setStatus(this.#observed && !listener ? FEED_FOLLOWER : FEED_IDLE);
    this.#setConnected(false);
  }

  /** A request about to be sent. */
  call(kind: FeedCallKind): NumberedCall {
    return new NumberedCall(this, kind);
  }

  /**
   * A read (`name`'s, or the list when `undefined`), sent at stamp `sentAt`,
   * was answered and is being folded in. Where the store learnt something
   * after it was sent (a pushed change, an own answer, a peer's news), that
   * stays, and the read's interval must not describe it.
   */
  read(call: NumberedCall | undefined, name: string | undefined, sentAt: number): void {
    if (!call) return;
    call.done();
    const learntAfter = (group: string): boolean => (this.#learntAt.get(group) ?? 0) > sentAt;
    const kept = new Set(name !== undefined ? [name].filter(learntAfter) : [...this.#learntAt.keys()].filter(learntAfter));
    this.#positions.read(name, call.sent, call.answer, kept);
    // Nothing sent before now is on its way: what was learnt when no longer matters.
    if (this.readsOpen === 0) this.#learntAt.clear();
  }

  /**
   * One of the store's own mutations of `name` was confirmed: its fold, or
   * `unchanged` when the store already holds something newer of the group
   * (a change pushed, or a read that reflects a later position, while the
   * answer was on its way), which the answer's value must not replace.
   */
  confirmed(call: NumberedCall | undefined, name: string, fold: Fold): Fold {
    if (fold.kind === 'unchanged') return fold;
    // An answer the feed did not place (its change went out as stale: another change of the group
    // was in flight with it) may be older than what is held: shown, and the group read again.
    const unplaced = call?.answer === undefined && this.#positions.interval(name).lower > 0;
    if (!this.#positions.confirmed(name, call?.answer)) return UNCHANGED;
    this.#afterOwnAnswer(name);
    if (unplaced) this.#reread(name);
    return fold;
  }

  /** The store learnt `name` itself (a pushed change, an own answer, a peer's placed news), at `stamp`. */
  #learnt(name: string, stamp = this.#context.clock.tick()): void {
    if (this.readsOpen > 0) this.#learntAt.set(name, stamp);
  }

  /**
   * One of the store's own mutations of `name` was refused with `error`:
   * whether a 404's "absent" may replace what is held of the group (not
   * when something newer is held; a re-read settles it when the two cannot
   * be ordered).
   */
  refused(call: NumberedCall | undefined, name: string, error: GroupsError): boolean {
    if (error.code !== 'not_found' || !call) return true;
    const decision = this.#positions.absent(name, call.sent, call.answer);
    if (decision === 'reread') this.#reread(name);
    if (decision === 'apply') this.#afterOwnAnswer(name);
    return decision === 'apply';
  }

  /**
   * An own answer about `name` is folded in as learnt now: a re-read the
   * feed asked for, sent before it, will be refused as older when it lands,
   * though it may bring a later change (one the feed could not place). So
   * the group is read once more, after this answer.
   */
  #afterOwnAnswer(name: string): void {
    this.#learnt(name);
    if (this.#rereading.has(name)) this.#reread(name);
  }

  /**
   * Holds back a store's first list until the feed says hello (at most
   * {@link GATE_MS}), so that the list is sent after every change the feed
   * numbered before it: nothing can fall between the two. Nothing waits
   * when the store has data already, listens already, or will not listen.
   */
  gate(): Promise<void> | undefined {
    if (this.#disposed || this.#seen !== undefined || !this.#observed || !this.#context.environment.isOnline() || this.#loaded()) return undefined;
    if (this.#gate) return this.#gate.promise;
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    const timers = [setTimeout(() => this.#releaseGate(), GATE_MS)];
    // Another tab holds the listening lock: this one gets what it hears through the tab channel, and waits for nothing.
    // Until this tab is granted the lock (which a busy browser may take long to do), it asks who holds it.
    const checkLock = (): void => {
      void this.#host.listenerElsewhere().then((elsewhere) => {
        if (this.#gate?.promise !== promise || this.#host.isListener()) return;
        if (elsewhere === true) this.#releaseGate();
        else if (elsewhere === false) timers.push(setTimeout(checkLock, LOCK_CHECK_MS));
        else timers.push(setTimeout(() => !this.#host.isListener() && this.#releaseGate(), LOCK_GRACE_MS));
      });
    };
    if (!this.#host.isListener()) checkLock();
    this.#gate = {
      promise,
      release: () => {
        for (const timer of timers) clearTimeout(timer);
        release();
      },
    };
    return promise;
  }

  /** Where a read sent now starts from. */
  positionNow(): FeedPosition | undefined {
    return this.#positions.now;
  }

  /** An answer carried `position`: the server had reached it. */
  heard(position: FeedPosition): void {
    if (this.#retired.has(position.epoch)) return;
    // A numbering met while not listening (the proxy restarted meanwhile) is the current one.
    if (this.#positions.epoch === undefined || (position.epoch !== this.#positions.epoch && !this.#connected)) this.#enter(position.epoch);
    this.#positions.reached(position);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#stream.stop();
    this.#setConnected(false);
    this.#disposed = true;
    this.#unsubscribe?.();
    this.#groupRereads.dispose();
    this.#listRereads.dispose();
    this.#releaseGate();
    this.#status.complete();
  }

  #message(message: FeedMessage): void {
    // A numbering left behind never comes back (a connection cannot send one, but a replay bug must not take the store back).
    if (this.#disposed || this.#retired.has(message.epoch)) return;
    switch (message.type) {
      case 'hello':
        return this.#hello(message);
      case 'reload':
        this.#enter(message.epoch);
        this.#hear(message);
        this.#rereadList();
        return;
      case 'change':
        if (message.epoch !== this.#positions.epoch) {
          // Never sent before a hello or reload of its numbering; if it is, all before it is unknown.
          this.#enter(message.epoch);
          this.#hear(message);
          this.#rereadList();
          return;
        }
        return this.#change(message);
    }
  }

  #hello(message: Extract<FeedMessage, { type: 'hello' }>): void {
    // A connection that did not pick up from where this store had heard (the first one, or a
    // numbering that changed without a reload): what the store holds may predate changes it
    // will never be told of, so it re-reads the list once.
    // A list held back for this hello is sent next, and covers it all.
    const continued = this.#seen?.epoch === message.epoch;
    const gap = !continued && this.#gate === undefined && (this.#positions.holdsAny || this.readsInFlight > 0 || this.#hasData());
    this.#enter(message.epoch);
    this.#hear(message);
    this.#setStatus({ status: 'connected', since: this.#context.clock.now() });
    if (gap) this.#rereadList();
    this.#releaseGate();
    this.#setConnected(true);
  }

  #change(message: Extract<FeedMessage, { type: 'change' }>): void {
    this.#hear(message);
    this.#fold(message.name, message.kind === 'stale' ? null : message.kind === 'group' ? message.group : undefined, message.seq);
  }

  /**
   * Folds a value numbered exactly `seq` (`undefined`: the group is gone;
   * `null`: unknown, re-read it) by the feed's rule; a value applied is
   * learnt now, so a read sent before cannot undo it, and the other tabs
   * hear of it with its position.
   */
  #fold(name: string, group: Group | undefined | null, seq: number): void {
    const decision = this.#positions.decide(name, seq, group === null);
    if (decision === 'ignore') return;
    if (decision === 'reread' || group === null) {
      this.#reread(name);
      return;
    }
    const { state, clock, notifier } = this.#context;
    const stamp = clock.tick();
    notifier.batch(() => {
      clock.confirmed(stamp);
      state.applyGroup(name, group, stamp);
    });
    this.#positions.applied(name, seq);
    this.#learnt(name, stamp);
    const epoch = this.#positions.epoch;
    if (epoch !== undefined) this.#context.publish({ type: 'group', stamp, name, group: group ?? null, span: { epoch, lower: seq, upper: seq } });
  }

  /**
   * Another tab's news of one group, folded by where it sits in the feed's
   * numbering first: never over something newer held here (`upper` below
   * what is held's `lower`), and over something older even when its stamp
   * is earlier (its `lower` at or past what is held's `upper`: a value this
   * tab learnt from an answer that came back late); otherwise `fold` folds
   * it by its stamp. What this tab then holds is placed by its span; a
   * value that could be neither placed nor folded, exact or reflecting a
   * later position than what is held, makes it read the group. News without a span (a value the feed did not place) makes it
   * read the group when what it holds is placed, or unplaced too; otherwise
   * it is left to `fold`, and then counts as learnt now, as an own answer.
   */
  peerGroup(message: { readonly name: string; readonly group: Group | null; readonly span?: FeedSpan | undefined }, fold: () => void): void {
    const { name, span } = message;
    if (this.#disposed) return fold();
    if (span === undefined) {
      // A value the feed did not place, over one this tab holds at a known position, or over one
      // the feed did not place either (an own answer whose change went out stale: stamps, which
      // only say which arrived last, would let the peer's older value undo it): read the group instead.
      const { lower, upper } = this.#positions.interval(name);
      if (lower > 0 || upper === Number.POSITIVE_INFINITY) this.#reread(name);
      else {
        fold();
        // Folded by its stamp, it is learnt now, as an own answer is: a re-read sent before it
        // (after a stale event of the group, maybe the one its change went out as) is refused as
        // older when it lands, though it may reflect a later change, so the group is read again.
        if (this.#holds(name, message.group ?? undefined)) this.#afterOwnAnswer(name);
      }
      return;
    }
    this.heard({ epoch: span.epoch, seq: span.upper ?? span.lower });
    if (span.epoch !== this.#positions.epoch) return fold();
    const { lower, upper } = this.#positions.interval(name);
    if (this.#heldIsNewer(lower, span)) return;
    fold();
    const group = message.group ?? undefined;
    if (!this.#holds(name, group) && span.lower >= upper) {
      const { state, clock, notifier } = this.#context;
      const stamp = clock.tick();
      notifier.batch(() => {
        clock.confirmed(stamp);
        state.applyGroup(name, group, stamp);
      });
    }
    if (this.#holds(name, group)) {
      this.#positions.read(name, { epoch: span.epoch, seq: span.lower }, span.upper === null ? undefined : { epoch: span.epoch, seq: span.upper });
      this.#learnt(name);
    } else if (span.lower === span.upper || span.lower > lower) {
      // Neither placed nor folded (its stamp older: it was sent before this tab learnt what it
      // holds, its own answer say), yet it reflects a change this tab's value may not (a re-read
      // the listening tab made after a stale event): only a read can tell which is newer.
      this.#reread(name);
    }
  }

  /**
   * Another tab's list: folded by `fold` (stamps), except for the groups
   * this tab holds at a later position than the list can reflect, which it
   * keeps; then what this tab holds of the list is placed by its span.
   */
  peerList(message: { readonly groups: readonly Group[]; readonly span?: FeedSpan | undefined }, fold: (groups: readonly Group[]) => void): void {
    const { span } = message;
    if (this.#disposed || span === undefined) return fold(message.groups);
    this.heard({ epoch: span.epoch, seq: span.upper ?? span.lower });
    if (span.epoch !== this.#positions.epoch) return fold(message.groups);
    // Groups with a position of their own are judged by it; the others by the last list's.
    const passing = this.#positions.namesHeldPast((lower) => this.#heldIsNewer(lower, span));
    const placed = this.#positions.namesHeldPast(() => true);
    const othersNewer = this.#heldIsNewer(this.#positions.listed.lower, span);
    const isNewer = (name: string): boolean => (placed.has(name) ? passing.has(name) : othersNewer);
    if (passing.size === 0 && !othersNewer) fold(message.groups);
    else {
      // The list as it would be with those groups as this tab holds them.
      const held = new Map(this.#context.state.confirmedList().map((group) => [group.name, group]));
      const groups = message.groups.filter((group) => !isNewer(group.name) || held.has(group.name)).map((group) => (isNewer(group.name) ? (held.get(group.name) as Group) : group));
      for (const [name, group] of held) if (isNewer(name) && !groups.some((g) => g.name === name)) groups.push(group);
      fold(groups);
    }
    const listed = new Map(message.groups.map((group) => [group.name, group]));
    const kept = new Set<string>();
    for (const group of this.#context.state.confirmedList()) if (!this.#holds(group.name, listed.get(group.name), group)) kept.add(group.name);
    for (const name of listed.keys()) if (!this.#holds(name, listed.get(name))) kept.add(name);
    this.#positions.read(undefined, { epoch: span.epoch, seq: span.lower }, span.upper === null ? undefined : { epoch: span.epoch, seq: span.upper }, kept);
  }

  /** Whether what is held at `lower` is at least as new as anything `span` can reflect (and so stays). */
  #heldIsNewer(lower: number, span: FeedSpan): boolean {
    const spanUpper = span.upper ?? Number.POSITIVE_INFINITY;
    // At 0, the default of a store that has loaded nothing, nothing is known to be held.
    return spanUpper < lower || (lower > 0 && spanUpper === lower);
  }

  /** Whether what this tab holds of `name` (`held`, when known already) is `group` (`undefined`: absent). */
  #holds(name: string, group: Group | undefined, held = this.#context.state.confirmedList().find((g) => g.name === name)): boolean {
    return group === undefined ? held === undefined : held !== undefined && sameGroup(held, group);
  }

  /** Where a read's (or a list's) answer sits, for the other tabs. */
  spanOf(call: NumberedCall | undefined): FeedSpan | undefined {
    const epoch = this.#positions.epoch;
    if (call === undefined || epoch === undefined || call.answer?.epoch !== epoch) return undefined;
    return { epoch, lower: call.sent?.epoch === epoch ? call.sent.seq : 0, upper: call.answer.seq };
  }

  /** Where an own confirmed answer's value sits, exactly, when its call knows it: what the other tabs are told. */
  exactSpan(call: NumberedCall | undefined): FeedSpan | undefined {
    const answer = call?.answer;
    return answer !== undefined && answer.epoch === this.#positions.epoch ? { epoch: answer.epoch, lower: answer.seq, upper: answer.seq } : undefined;
  }


  #dropped(error: GroupsError): void {
    if (this.#disposed) return;
    this.#setStatus({ status: 'reconnecting', error });
    this.#releaseGate();
    this.#setConnected(false);
  }

  /** Heard the feed at `position`: a reconnection picks up after it. */
  #hear(position: FeedPosition): void {
    this.#positions.reached(position);
    this.#seen = { epoch: position.epoch, seq: position.seq };
  }

  /** Positions are in `epoch` from now on: a new one starts with nothing known. */
  #enter(epoch: string): void {
    const current = this.#positions.epoch;
    if (current === epoch) return;
    if (current !== undefined) this.#retired.add(current);
    this.#retired.delete(epoch);
    this.#positions.reset(epoch);
  }

  /** Re-reads `name` at the end of this turn, with a read sent after now (one per group however many changes asked). */
  #reread(name: string): void {
    const first = this.#rereads.size === 0;
    this.#rereads.set(name, this.#context.clock.tick());
    if (!first) return;
    queueMicrotask(() => {
      const rereads = [...this.#rereads];
      this.#rereads.clear();
      for (const [group, notBefore] of rereads) {
        this.#rereading.set(group, (this.#rereading.get(group) ?? 0) + 1);
        this.#groupRereads.settle(group, notBefore, () => {
          const left = (this.#rereading.get(group) ?? 1) - 1;
          if (left > 0) this.#rereading.set(group, left);
          else this.#rereading.delete(group);
        });
      }
    });
  }

  #rereadList(): void {
    this.#listRereads.settle('', this.#context.clock.tick(), () => undefined);
  }

  /** Whether the store holds data from before it listened: groups (restored from storage, handed over, learnt), or a list loaded. */
  #hasData(): boolean {
    const { state } = this.#context;
    return state.confirmedList().length > 0 || state.status.updatedAt !== undefined;
  }

  /** Whether a list was loaded (or handed over by a server render): groups only restored from storage await their first list. */
  #loaded(): boolean {
    const { status } = this.#context.state.status;
    return status === 'success' || status === 'error';
  }

  #releaseGate(): void {
    const gate = this.#gate;
    this.#gate = undefined;
    gate?.release();
  }

  #setConnected(connected: boolean): void {
    if (connected === this.#connected) return;
    this.#connected = connected;
    this.#host.connectionChanged();
  }

  #setStatus(status: FeedStatus): void {
    if (status === this.#current) return;
    this.#current = status;
    this.#status.emit();
  }
}
