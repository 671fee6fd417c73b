// The dashboards' "Live:" line: whether the store hears of other people's
// changes as they happen (the proxy's change feed), in words. One object per
// page, framework-free: each dashboard only draws `text` in a status line
// (role="status", so a screen reader hears it change) and marks it with
// `data-feed-status`.
import type { FeedStatus, GroupsStore } from 'turso-groups-store';

/** What the line shows. */
export interface LiveLine {
  /** The feed's status, for `data-feed-status` (and the style). */
  readonly status: FeedStatus['status'];
  readonly text: string;
}

/** The line for a feed status, in words. */
export function liveText(status: FeedStatus): string {
  switch (status.status) {
    case 'connected':
      return 'Live: connected';
    case 'connecting':
      return 'Live: connecting…';
    case 'reconnecting':
      return 'Live: reconnecting… (checking for changes every 15 s meanwhile)';
    case 'follower':
      return 'Live: through another tab';
    case 'idle':
      return 'Live: paused';
    case 'off':
      return 'Live: off (checking for changes every 15 s)';
  }
}

/**
 * The store's `feed$` as the line: a snapshot (the same object until the
 * status changes) and a subscribe that calls the listener on each change,
 * the contract the other shared feeds of the dashboards follow.
 */
export class LiveStatus {
  readonly #store: GroupsStore;
  #status: FeedStatus | undefined;
  #line: LiveLine = { status: 'off', text: '' };

  constructor(store: GroupsStore) {
    this.#store = store;
  }

  readonly getSnapshot = (): LiveLine => {
    const status = this.#store.getFeed();
    if (status !== this.#status) {
      this.#status = status;
      this.#line = { status: status.status, text: liveText(status) };
    }
    return this.#line;
  };

  readonly subscribe = (listener: (line: LiveLine) => void): (() => void) => {
    const subscription = this.#store.feed$.subscribe(() => listener(this.getSnapshot()));
    return () => subscription.unsubscribe();
  };
}
