import { isGroup, isRecord } from '../../api/responseShape.js';
import { isValidGroupName } from '../../api/validate.js';
import type { Operation } from '../../contract/operations.js';
import type { GroupChange } from './feedEvent.js';

// Which upstream answers are changes, and to what. Reads are never changes;
// a mutation the upstream confirmed is; a mutation whose outcome is unknown
// (no readable answer, or a server error that may have come after the
// change) makes the group `stale`, so that listeners read it again.

/** What a mutation does to its group when the upstream confirms it. */
type Effect = 'none' | 'group' | 'removed' | 'stale';

const EFFECTS = {
  list: 'none',
  create: 'group',
  retrieve: 'none',
  delete: 'removed',
  addLocation: 'group',
  removeLocation: 'group',
  // Tokens change no group, and a minted JWT never enters the feed.
  mintToken: 'none',
  invalidateTokens: 'none',
  getConfiguration: 'none',
  // The answer is the configuration, not the group: listeners read the group.
  updateConfiguration: 'stale',
  unarchive: 'group',
  // Gone from this organization.
  transfer: 'removed',
  listLocations: 'none',
} as const satisfies Record<Operation, Effect>;

/** What became of a forwarded request. */
export type ForwardOutcome =
  /** The upstream's answer, relayed: its status and parsed body (token redacted; `undefined` when empty). */
  | { readonly kind: 'answered'; readonly status: number; readonly body: unknown }
  /** No readable answer (unreachable, timed out, malformed, the browser left): it may have taken effect. */
  | { readonly kind: 'unknown' };

const JWT_LIKE = /eyJ[\w-]*\.[\w-]*\./;

/** Whether `operation` may change a group: its answers are numbered as events. */
export function isMutation(operation: Operation): boolean {
  return EFFECTS[operation] !== 'none';
}

/** The name of the group a create asks for, from the body forwarded, or `undefined`. */
export function nameOfCreate(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  const value: unknown = JSON.parse(body);
  const name = isRecord(value) ? value['name'] : undefined;
  return isValidGroupName(name) ? name : undefined;
}

/** The group an answer holds (`{ group }`), when it is the one asked for and quotes nothing like a JWT. */
function answeredGroup(body: unknown, name: string): GroupChange | undefined {
  const group = isRecord(body) ? body['group'] : undefined;
  if (!isGroup(group) || group.name !== name || JWT_LIKE.test(JSON.stringify(group))) return undefined;
  return { kind: 'group', name, group };
}

/**
 * The change `operation` on group `name` made, judged by its outcome, or
 * `undefined` when it made none.
 */
export function changeOf(operation: Operation, name: string | undefined, outcome: ForwardOutcome): GroupChange | undefined {
  const effect: Effect = EFFECTS[operation];
  if (effect === 'none' || name === undefined) return undefined;
  const stale: GroupChange = { kind: 'stale', name };
  if (outcome.kind === 'unknown') return stale;
  const { status, body } = outcome;
  // 503 is the upstream refusing before it acted; another 5xx may come after the change was made.
  if (status >= 500) return status === 503 ? undefined : stale;
  if (status < 200 || status >= 300) return undefined;
  switch (effect) {
    case 'group':
      // An unarchive that answers less than a whole group: read it again.
      return answeredGroup(body, name) ?? stale;
    case 'removed':
      return { kind: 'removed', name };
    case 'stale':
      return stale;
  }
}
