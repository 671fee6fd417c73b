import type { Group } from '../../api/group.js';

// What the change feed carries: a change to one group of the organization,
// numbered by the bus. The numbering (an epoch naming one sequence, and a
// position in it) is what a browser compares, never a clock.

/** What the proxy learnt about one group. `stale`: its value is unknown now; read it again. */
export type GroupChange =
  | { readonly kind: 'group'; readonly name: string; readonly group: Group }
  | { readonly kind: 'removed'; readonly name: string }
  | { readonly kind: 'stale'; readonly name: string };

/** A change with its position: `seq` increases by one per organization within an epoch. */
export type FeedEvent = GroupChange & { readonly seq: number };

/** A place in the feed: `seq` 0 is "nothing yet". Written `<epoch>:<seq>`. */
export interface FeedPosition {
  readonly epoch: string;
  readonly seq: number;
}

/** Why a browser is told to read the whole list again. */
export type ReloadReason = 'history' | 'epoch' | 'overflow' | 'bus';

// Url-safe, and never ':' (the separator) nor anything a header may not hold.
const EPOCH = /^[A-Za-z0-9_-]{1,64}$/;

/** A new random epoch: 16 url-safe characters. */
export function newEpoch(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

/** `<epoch>:<seq>`, as the SSE `id:` field and the `X-Groups-Feed` header write it. */
export function formatPosition(position: FeedPosition): string {
  return `${position.epoch}:${position.seq}`;
}

/** A position a browser sent back (`Last-Event-ID`), or `undefined` when it is not one. */
export function parsePosition(text: string | null | undefined): FeedPosition | undefined {
  if (typeof text !== 'string') return undefined;
  const colon = text.lastIndexOf(':');
  const epoch = text.slice(0, colon);
  const digits = text.slice(colon + 1);
  if (colon < 0 || !EPOCH.test(epoch) || !/^\d{1,15}$/.test(digits)) return undefined;
  return { epoch, seq: Number(digits) };
}

/** Whether `epoch` may name a numbering (what a bus accepts from storage). */
export function isEpoch(value: unknown): value is string {
  return typeof value === 'string' && EPOCH.test(value);
}
