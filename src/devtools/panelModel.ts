import type { Group } from '../api/group.js';
import type { FeedStatus } from '../store/feedStatus.js';
import type { GroupMeta } from '../store/groupMeta.js';
import type { GroupsSnapshot } from '../store/groupsStore.js';
import type { ListStatus } from '../store/listStatus.js';
import type { PendingMutation } from '../store/pendingMutation.js';
import type { GroupsStoreInspection } from './inspectGroupsStore.js';
import { describeInput } from './mutationInput.js';

/** One group: what the server is known to hold beside what is shown. */
export interface GroupRow {
  readonly name: string;
  /** The confirmed value in words; `undefined` when the server is not known to hold it. */
  readonly confirmed: string | undefined;
  /** What is shown, in words; `undefined` when it is hidden (a delete or transfer pending). */
  readonly shown: string | undefined;
  /** Pending changes make what is shown another object than the confirmed one. */
  readonly differs: boolean;
  /** The group's meta in words: pending, unconfirmed, paused, optimistic, error. */
  readonly meta: string;
  readonly failed: boolean;
}

/**
 * Where a pending mutation is: `queued` behind the group's earlier ones,
 * `held` offline, `sent` and waiting for its answer, `unconfirmed` (its answer
 * could not be read; the group is being re-read), or `answered` (a
 * configuration answered, its change kept until a read sent after it lands);
 * `pending` when the store cannot be inspected (a production build), so its
 * stage is not known.
 */
export type MutationStage = 'queued' | 'held' | 'sent' | 'unconfirmed' | 'answered' | 'pending';

export interface MutationRow {
  readonly id: number;
  readonly operation: PendingMutation['operation'];
  readonly group: string;
  /** Names, locations and options only (see `describeInput`). */
  readonly input: string;
  readonly stage: MutationStage;
  /** Not sent yet: `store.cancel(id)` takes it back. */
  readonly cancellable: boolean;
}

/** A term and its value, as a definition list shows them. */
export type Fact = readonly [term: string, value: string];

export interface PanelModel {
  readonly groups: readonly GroupRow[];
  readonly mutations: readonly MutationRow[];
  readonly list: readonly Fact[];
  /** Stamps of groups learnt apart from a list, newest first. */
  readonly groupStamps: readonly Fact[];
  readonly offline: readonly Fact[];
  /** The offline queue, in the order it will go. */
  readonly held: readonly MutationRow[];
  readonly polling: readonly Fact[];
  readonly tabs: readonly Fact[];
  readonly peers: readonly Fact[];
  /** The change feed's connection (`store.getFeed()`). */
  readonly feed: readonly Fact[];
  /** False when the store cannot be inspected (a production build of the store, or not a store of this package): only the public surface is shown. */
  readonly inspected: boolean;
}

/** What the panel reads of the store at one moment. */
export interface PanelReading {
  readonly snapshot: GroupsSnapshot;
  readonly confirmed: readonly Group[];
  readonly pending: readonly PendingMutation[];
  readonly inspection: GroupsStoreInspection | undefined;
  /** `store.getFeed()`; `undefined` from a store without one. */
  readonly feed: FeedStatus | undefined;
  /** Whether command `id` succeeded (from the panel's timeline). */
  readonly succeeded: (id: number) => boolean;
  /** `Date.now()` at the reading: the timers' clock. */
  readonly wallNow: number;
}

/** A group in words: its locations, primary, and flags. */
export function describeGroup(group: Group): string {
  const flags = [group.delete_protection === true ? 'protected' : '', group.archived === true ? 'archived' : ''].filter(Boolean);
  return `${group.locations.join(', ')} (primary ${group.primary})${flags.length > 0 ? ` · ${flags.join(' · ')}` : ''}`;
}

function describeMeta(meta: GroupMeta | undefined): string {
  if (!meta) return 'idle';
  const words: string[] = [];
  if (meta.pending.length > 0) words.push(`pending: ${meta.pending.join(', ')}`);
  if (meta.unconfirmed.length > 0) words.push(`unconfirmed, re-reading: ${meta.unconfirmed.join(', ')}`);
  if (meta.paused) words.push('held offline');
  if (meta.optimistic) words.push('optimistic (not on the server yet)');
  if (meta.error) words.push(`error: ${meta.error.code}${meta.error.status === undefined ? '' : ` ${meta.error.status}`}`);
  return words.length > 0 ? words.join(' · ') : 'idle';
}

/** A duration in words: "850 ms", "12.3 s", "4 min 5 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  if (abs < 60_000) return `${(abs / 1000).toFixed(1)} s`;
  const minutes = Math.floor(abs / 60_000);
  return `${minutes} min ${Math.round((abs - minutes * 60_000) / 1000)} s`;
}

const ago = (now: number, then: number): string => `${duration(now - then)} ago`;

/** A stamp (microseconds of the store's clock) in words, with its age. */
function stampText(stamp: number, now: number): string {
  return stamp <= 0 ? 'none' : `${stamp} (${ago(now, stamp / 1000)})`;
}

function listFacts(status: ListStatus, now: number): Fact[] {
  const facts: Fact[] = [
    ['status', status.status],
    ['fetching', status.fetching ? 'yes' : 'no'],
    ['loaded', status.updatedAt === undefined ? 'never' : ago(now, status.updatedAt)],
  ];
  if (status.error) facts.push(['error', `${status.error.code}: ${status.error.message}`]);
  if (status.refreshError) facts.push(['last refresh failed', `${status.refreshError.code}: ${status.refreshError.message}`]);
  return facts;
}

function stageOf(mutation: PendingMutation, inspection: GroupsStoreInspection, succeeded: (id: number) => boolean): MutationStage {
  if (inspection.held.includes(mutation.id)) return 'held';
  if (inspection.unsent.includes(mutation.id)) return 'queued';
  if (inspection.unconfirmed.includes(mutation.id)) return 'unconfirmed';
  return succeeded(mutation.id) ? 'answered' : 'sent';
}

function pollingFacts(polling: GroupsStoreInspection['polling'], wallNow: number): Fact[] {
  if (polling.interval === false) return [['polling', 'off (no refetchInterval)'], ['observed', polling.observed ? 'yes' : 'no']];
  let next = 'not scheduled (unobserved, hidden, offline or another tab polls)';
  if (polling.inFlight) next = 'a refresh is in flight';
  else if (polling.nextAt !== undefined) next = `in ${duration(Math.max(0, polling.nextAt - wallNow))}`;
  return [
    ['interval', duration(polling.interval)],
    ['observed', polling.observed ? 'yes' : 'no'],
    ['next poll', next],
    ['failures in a row', String(polling.failures)],
    ['backoff', polling.failures === 0 ? 'none' : `after ${polling.failures} failure${polling.failures === 1 ? '' : 's'}`],
    ['Retry-After', polling.retryAfterMs === undefined ? 'none' : duration(polling.retryAfterMs)],
  ];
}

function tabFacts(tabs: GroupsStoreInspection['tabs']): Fact[] {
  let lock = 'no lock: every tab polls for itself';
  if (tabs.locked) lock = tabs.poller ? 'this tab' : 'another tab, or none (this one waits, or is not observed)';
  return [
    ['this tab', tabs.id ?? 'not joined (no crossTab, or the store is not used yet)'],
    ['peers heard from', String(tabs.peers.length)],
    ['messages', `${tabs.stats.sent} sent · ${tabs.stats.received} received · ${tabs.stats.ignored} ignored`],
    ['poller lock', lock],
  ];
}

function feedFacts(feed: FeedStatus | undefined, now: number): Fact[] {
  switch (feed?.status) {
    case undefined:
    case 'off':
      return [['change feed', 'off (no changes option)']];
    case 'idle':
      return [['change feed', 'idle: not listening (unobserved, or offline)']];
    case 'follower':
      return [['change feed', 'follower: another tab listens for this one']];
    case 'connecting':
      return [['change feed', 'connecting']];
    case 'connected':
      return [['change feed', `connected for ${duration(now - feed.since)}`]];
    case 'reconnecting':
      return [['change feed', 'reconnecting'], ['because', `${feed.error.code}: ${feed.error.message}`]];
  }
}

/** The panel's content at one moment, from what the store tells. */
export function panelModel(reading: PanelReading): PanelModel {
  const { snapshot, confirmed, pending, inspection, feed, succeeded, wallNow } = reading;
  const now = inspection?.now ?? wallNow;
  const confirmedByName = new Map(confirmed.map((group) => [group.name, group]));
  const names = [...new Set([...snapshot.groups.map((group) => group.name), ...confirmed.map((group) => group.name), ...snapshot.meta.keys()])];
  const shownByName = new Map(snapshot.groups.map((group) => [group.name, group]));
  const groups = names.map((name): GroupRow => {
    const base = confirmedByName.get(name);
    const shown = shownByName.get(name);
    const meta = snapshot.meta.get(name);
    return {
      name,
      confirmed: base && describeGroup(base),
      shown: shown && describeGroup(shown),
      differs: base !== shown,
      meta: describeMeta(meta),
      failed: meta?.error !== undefined,
    };
  });
  const mutations = pending.map(
    (mutation): MutationRow => {
      const stage: MutationStage = inspection ? stageOf(mutation, inspection, succeeded) : 'pending';
      return { id: mutation.id, operation: mutation.operation, group: mutation.group, input: describeInput(mutation), stage, cancellable: stage === 'queued' || stage === 'held' };
    },
  );
  if (!inspection) {
    return { groups, mutations, list: listFacts(snapshot.status, now), groupStamps: [], offline: [], held: [], polling: [], tabs: [], peers: [], feed: feedFacts(feed, now), inspected: false };
  }
  const byId = new Map(mutations.map((row) => [row.id, row]));
  return {
    groups,
    mutations,
    list: [
      ...listFacts(snapshot.status, now),
      ['list stamp', stampText(inspection.stamps.list, now)],
      ['last confirmation', stampText(inspection.stamps.lastConfirmed, now)],
    ],
    groupStamps: [...inspection.stamps.groups]
      .sort((a, b) => b.stamp - a.stamp)
      .map(({ name, stamp, present }): Fact => [name, `${present ? 'present' : 'absent'} as of ${stampText(stamp, now)}`]),
    offline: [
      ['network', inspection.online ? 'online' : 'offline'],
      ['page', inspection.visible ? 'visible' : 'hidden'],
      ['held', String(inspection.held.length)],
    ],
    held: inspection.held.flatMap((id) => byId.get(id) ?? []),
    polling: pollingFacts(inspection.polling, wallNow),
    tabs: tabFacts(inspection.tabs),
    peers: inspection.tabs.peers.map(({ id, lastSeen }): Fact => [id, `last heard ${ago(now, lastSeen)}`]),
    feed: feedFacts(feed, now),
    inspected: true,
  };
}
