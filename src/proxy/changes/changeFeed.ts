import type { Group } from '../../api/group.js';
import type { Operation } from '../../contract/operations.js';
import { jsonError } from '../proxyResponse.js';
import type { BusSignal, Since } from './changeBus.js';
import { changeOf, isMutation, type ForwardOutcome } from './changePublisher.js';
import type { ChangesSettings } from './changesOptions.js';
import { FeedConnection } from './feedConnection.js';
import { formatPosition, newEpoch, parsePosition, type FeedPosition, type ReloadReason } from './feedEvent.js';
import { changeFrame, helloFrame, PING_FRAME, reloadFrame, RETRY_FRAME } from './feedFrames.js';
import { timedBus } from './timedBus.js';
import { UpstreamPoller } from './upstreamPoller.js';

/** The response header that tells a browser which feed position an answer reflects at most. */
export const FEED_HEADER = 'x-groups-feed';

export interface ChangeFeedOptions {
  readonly org: string;
  readonly settings: ChangesSettings;
  /** Reads the upstream's list for the poll; `undefined` when it failed. */
  readonly list: () => Promise<readonly Group[] | undefined>;
  /** Tells the operator of a failure of the feed's own (the bus down, the poll failing). */
  readonly report: (detail: string, cause: unknown) => void;
}

export interface ChangeFeed {
  /** The event stream for an authorized request. */
  serve(request: Request): Promise<Response>;
  /**
   * Publishes what a forwarded request changed (before its answer goes to
   * the browser) and stamps the answer with `X-Groups-Feed`.
   */
  stamp(operation: Operation, group: string | undefined, outcome: ForwardOutcome, response: Response, forwardedAt?: FeedPosition): Promise<Response>;
  /**
   * The position before a mutation is forwarded (`undefined` for a read, or
   * when the bus cannot tell): given back to `stamp`, so that a change of
   * the same group numbered meanwhile makes this one `stale`.
   */
  forwarding(operation: Operation): Promise<FeedPosition | undefined>;
}

const STREAM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
};

/** One browser listening. */
interface Listener {
  readonly connection: FeedConnection;
  /** The position of the last frame sent: the epoch it is in, and the newest seq. */
  position: FeedPosition;
  /** The keep-alive tick it was ended at; still open a tick later, it is dropped. */
  endedAt: number | undefined;
}

/** A timer that does not keep a Node process alive on its own. */
function unref(timer: ReturnType<typeof setInterval>): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) timer.unref();
}

/** The position a browser sent back: `Last-Event-ID`, or `?lastEventId=` for EventSource polyfills. */
function lastEventIdOf(request: Request): FeedPosition | undefined {
  return parsePosition(request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId'));
}

/**
 * The change feed of one organization: the streams of the browsers that
 * listen, the upstream poll while any does, and the numbering of what the
 * proxy forwards.
 */
export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const { org, settings, report } = options;
  const bus = timedBus(settings.bus, settings.busTimeout);
  const listeners = new Set<Listener>();
  const poller =
    settings.pollInterval > 0 ? new UpstreamPoller({ org, bus, interval: settings.pollInterval, holder: newEpoch(), list: options.list, onError: report }) : undefined;
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let tick = 0;

  function end(listener: Listener, position: FeedPosition, reason: ReloadReason): void {
    listener.connection.end(reloadFrame(position, reason), reason === 'overflow');
    listener.endedAt = tick;
  }

  function send(listener: Listener, frame: string, position: FeedPosition): void {
    if (listener.connection.send(frame) === 'overflow') end(listener, position, 'overflow');
    else listener.position = position;
  }

  function hear(listener: Listener, signal: BusSignal): void {
    if (!listener.connection.open) return;
    const { position } = listener;
    if (signal.type === 'down') return end(listener, position, 'bus');
    const { epoch, event } = signal;
    const at: FeedPosition = { epoch, seq: event.seq };
    // A bus that lost its data numbers anew: what the browser holds cannot be compared any more.
    if (epoch !== position.epoch) return end(listener, at, 'epoch');
    // Already sent (in the replay, or heard before the replay was read).
    if (event.seq <= position.seq) return;
    // An event missed (a bus that lost its subscription for a while): positions cannot be trusted.
    if (event.seq > position.seq + 1) return end(listener, at, 'bus');
    send(listener, changeFrame(epoch, event), at);
  }

  function ping(): void {
    tick += 1;
    for (const listener of listeners) {
      if (listener.connection.ending) {
        // Ended a tick ago and its last frame still not taken: the browser reads nothing.
        if (listener.endedAt !== undefined && listener.endedAt < tick - 1) listener.connection.abort();
      } else send(listener, PING_FRAME, listener.position);
    }
  }

  function track(listener: Listener, listening: boolean): void {
    if (listening) listeners.add(listener);
    else listeners.delete(listener);
    poller?.setListening(listeners.size > 0);
    if (listeners.size > 0 && keepAlive === undefined) {
      keepAlive = setInterval(ping, settings.keepAlive);
      unref(keepAlive);
    } else if (listeners.size === 0 && keepAlive !== undefined) {
      clearInterval(keepAlive);
      keepAlive = undefined;
    }
  }

  async function serve(request: Request): Promise<Response> {
    const last = lastEventIdOf(request);
    // Heard before the history is read, sent after it: nothing published meanwhile falls between.
    const early: BusSignal[] = [];
    let listener: Listener | undefined;
    let unsubscribe = (): void => undefined;
    let start: Since;
    try {
      unsubscribe = await bus.subscribe(org, (signal) => (listener === undefined ? early.push(signal) : hear(listener, signal)));
      start = last !== undefined ? await bus.since(org, last) : { kind: 'events', events: [], position: await bus.current(org) };
    } catch (cause) {
      unsubscribe();
      report('the change bus could not be read for a new stream', cause);
      return jsonError(503, 'change feed unavailable', { 'retry-after': '5' });
    }
    if (early.some((signal) => signal.type === 'down')) {
      unsubscribe();
      return jsonError(503, 'change feed unavailable', { 'retry-after': '5' });
    }

    const { position } = start;
    const connection = new FeedConnection(settings, () => {
      unsubscribe();
      track(created, false);
    });
    const created: Listener = { connection, position, endedAt: undefined };
    send(created, RETRY_FRAME, position);
    if (start.kind === 'gone') send(created, reloadFrame(position, start.reason), position);
    else for (const event of start.events) send(created, changeFrame(position.epoch, event), { epoch: position.epoch, seq: event.seq });
    send(created, helloFrame(position), position);
    listener = created;
    track(created, true);
    for (const signal of early) hear(created, signal);
    // The browser left: its stream is freed at once (toNodeHandler also cancels the body).
    if (request.signal.aborted) connection.close();
    else request.signal.addEventListener('abort', () => connection.close(), { once: true });
    return new Response(connection.body, { status: 200, headers: STREAM_HEADERS });
  }

  async function forwarding(operation: Operation): Promise<FeedPosition | undefined> {
    if (!isMutation(operation)) return undefined;
    try {
      return await bus.current(org);
    } catch {
      return undefined; // the bus is down: the publish after the answer fails too, and says so
    }
  }

  async function stamp(operation: Operation, group: string | undefined, outcome: ForwardOutcome, response: Response, forwardedAt?: FeedPosition): Promise<Response> {
    const change = changeOf(operation, group, outcome);
    let position: FeedPosition | undefined;
    try {
      if (change !== undefined) {
        // Two changes of one group in flight together are numbered as their answers arrive, which
        // need not be the order the upstream made them in: the later-numbered one goes out as `stale`.
        const published = await bus.publish(org, change, forwardedAt === undefined ? undefined : { staleIfChangedAfter: forwardedAt });
        // An answer whose change went out as `stale` is not known to be as of that position: it
        // carries none (a browser takes a mutation's position as exactly its answer's).
        const exact = published !== undefined && !(published.event.kind === 'stale' && change.kind !== 'stale');
        if (exact) position = { epoch: published.epoch, seq: published.event.seq };
      } else position = await bus.current(org);
    } catch (cause) {
      // The answer still goes to the browser: the feed is a help, never a condition.
      report(change !== undefined ? `the change to group "${change.name}" could not be published` : 'the change bus could not be read', cause);
    }
    if (position !== undefined) response.headers.set(FEED_HEADER, formatPosition(position));
    return response;
  }

  return { serve, stamp, forwarding };
}
