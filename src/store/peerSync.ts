import { stampOf, TabChannel, type BroadcastChannelLike, type TabMessage, type TabStats } from '../live/tabChannel.js';
import type { Group } from '../api/group.js';
import { noteHeard, readers } from './inspection.js';
import type { Reads } from './reads.js';
import type { PeerNews, StoreContext } from './storeContext.js';

/** How far, in ms, a peer's stamp may be ahead of this tab's wall clock (they share one): beyond, its message is ignored. */
const PEER_CLOCK_LEAD = 300_000;

/**
 * Sync with the organization's other tabs: what this tab learns is told to
 * them, and what they tell is folded in exactly as this store folds its own
 * answers (stamps decide). The channel opens when the store is first used,
 * so a store made and dropped unused never joins its peers.
 */
export class PeerSync {
  readonly #context: StoreContext;
  readonly #reads: Reads;
  readonly #open: (() => BroadcastChannelLike) | undefined;
  readonly #tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  #tabs: TabChannel | undefined;

  constructor(context: StoreContext, reads: Reads, open: (() => BroadcastChannelLike) | undefined) {
    this.#context = context;
    this.#reads = reads;
    this.#open = open;
  }

  /** Joins the other tabs, once: asks them what they know. */
  join(): void {
    if (this.#tabs || !this.#open || this.#context.isDisposed()) return;
    const { clock, api } = this.#context;
    const newest = (): number => clock.wallStamp(clock.now() + PEER_CLOCK_LEAD);
    this.#tabs = new TabChannel(this.#open(), api.org, this.#tabId, newest, (message) => this.#receive(message));
    this.#tabs.send({ type: 'hello', from: this.#tabId });
  }

  /** Tells the other tabs what this one learnt (once joined). */
  publish(news: PeerNews): void {
    this.#tabs?.send({ ...news, from: this.#tabId });
  }

  get stats(): TabStats {
    return this.#tabs?.stats ?? { sent: 0, received: 0, ignored: 0 };
  }

  close(): void {
    this.#tabs?.close();
  }

  static {
    // Development builds only: the devtools' reader (see ./inspection.ts): this tab's id on the channel, once joined.
    if (process.env.NODE_ENV !== 'production') readers.tabId = (peers) => peers.#tabs && peers.#tabId;
  }

  #receive(message: TabMessage): void {
    const { state, clock, notifier } = this.#context;
    if (this.#context.isDisposed()) return;
    clock.merge(stampOf(message));
    if (process.env.NODE_ENV !== 'production') noteHeard(this, message.from, clock.now());
    switch (message.type) {
      case 'hello': {
        const { updatedAt } = state.status;
        this.#tabs?.send({ type: 'state', from: this.#tabId, to: message.from, ...state.exportConfirmed(), updatedAt: updatedAt ?? null });
        return;
      }
      case 'group': {
        const fold = (): void => {
          clock.confirmed(message.stamp);
          notifier.batch(() => state.applyGroup(message.name, message.group ?? undefined, message.stamp));
        };
        // With a change feed, where the value sits in its numbering decides first.
        if (this.#context.feed) this.#context.feed.peerGroup(message, fold);
        else fold();
        return;
      }
      case 'list': {
        const fold = (groups: readonly Group[] = message.groups): void => notifier.batch(() => this.#reads.applyPeerList(groups, message.stamp, message.updatedAt));
        if (this.#context.feed) this.#context.feed.peerList(message, fold);
        else fold();
        return;
      }
      case 'state':
        notifier.batch(() => {
          // A peer that never loaded a list knows no list: its empty one would take away groups
          // this tab holds at stamp 0 (restored from storage, or handed over by a server render).
          if (message.updatedAt !== null) this.#reads.applyPeerList(message.groups, message.listStamp, message.updatedAt);
          for (const entry of message.own) state.applyGroup(entry.name, entry.group ?? undefined, entry.stamp);
        });
        return;
    }
  }
}
