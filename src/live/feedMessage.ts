import type { Group } from '../api/group.js';
import { isGroup, isRecord } from '../api/responseShape.js';
import { isValidGroupName } from '../api/validate.js';

/**
 * A place in the proxy's numbering of what it learnt about an organization:
 * `epoch` names one numbering (a proxy restart, or a Redis that lost its
 * data, starts another), `seq` counts within it (0: nothing yet). Written
 * `<epoch>:<seq>` in the feed's ids and in the `X-Groups-Feed` header.
 */
export interface FeedPosition {
  readonly epoch: string;
  readonly seq: number;
}

/**
 * Where a value sits in the feed's numbering, as the tab that learnt it
 * knew: it reflects every change up to `lower`, none after `upper` (`null`:
 * unknown). A pushed change or a confirmed mutation is exactly at one
 * position (`lower === upper`); a read sits between the position it was
 * sent at and the one its answer carried.
 */
export interface FeedSpan {
  readonly epoch: string;
  readonly lower: number;
  readonly upper: number | null;
}

/** What the feed tells, read and checked from one server-sent event. */
export type FeedMessage =
  /** The connection is live, at `seq` (after any replay it was asked for). */
  | { readonly type: 'hello'; readonly epoch: string; readonly seq: number }
  /** A group as the upstream answered it, learnt at `seq`. */
  | { readonly type: 'change'; readonly kind: 'group'; readonly epoch: string; readonly seq: number; readonly name: string; readonly group: Group }
  /** The group is gone (deleted, or moved to another organization). */
  | { readonly type: 'change'; readonly kind: 'removed'; readonly epoch: string; readonly seq: number; readonly name: string }
  /** The group may have changed in a way the proxy could not read: re-read it. */
  | { readonly type: 'change'; readonly kind: 'stale'; readonly epoch: string; readonly seq: number; readonly name: string }
  /** What came before `seq` is unknown to this listener: re-read the list. */
  | { readonly type: 'reload'; readonly epoch: string; readonly seq: number; readonly reason: string };

/** The header the proxy adds to every answer it relays. */
export const FEED_HEADER = 'x-groups-feed';

const POSITION = /^([A-Za-z0-9_-]{1,64}):(0|[1-9][0-9]{0,15})$/;

/** `<epoch>:<seq>` as a position; `undefined` for anything else (a header or id we cannot use is ignored). */
export function readFeedPosition(text: string | null | undefined): FeedPosition | undefined {
  if (typeof text !== 'string') return undefined;
  const match = POSITION.exec(text.trim());
  if (!match) return undefined;
  const seq = Number(match[2]);
  return Number.isSafeInteger(seq) ? { epoch: match[1] as string, seq } : undefined;
}

export function writeFeedPosition(position: FeedPosition): string {
  return `${position.epoch}:${position.seq}`;
}

function parse(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const REASON = /^[a-z-]{1,32}$/;

/**
 * One server-sent event of the feed, checked field by field: its id must be
 * a position and agree with the seq its data names, names must be group
 * names, a group must be one and carry its own name. Anything else (another
 * event type, a frame that does not read) is `undefined`, and ignored.
 */
export function readFeedMessage(event: string, data: string, id: string): FeedMessage | undefined {
  const position = readFeedPosition(id);
  const body = parse(data);
  if (!position || !body || body.seq !== position.seq) return undefined;
  const { epoch, seq } = position;
  switch (event) {
    case 'hello':
      return body.epoch === epoch ? { type: 'hello', epoch, seq } : undefined;
    case 'reload':
      if (body.epoch !== epoch) return undefined;
      return { type: 'reload', epoch, seq, reason: typeof body.reason === 'string' && REASON.test(body.reason) ? body.reason : 'unknown' };
    case 'change': {
      const name = body.name;
      if (seq < 1 || !isValidGroupName(name)) return undefined;
      if (body.kind === 'removed' || body.kind === 'stale') return { type: 'change', kind: body.kind, epoch, seq, name };
      if (body.kind !== 'group' || !isGroup(body.group) || body.group.name !== name) return undefined;
      return { type: 'change', kind: 'group', epoch, seq, name, group: body.group };
    }
    default:
      return undefined;
  }
}
