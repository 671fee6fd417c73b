import type { Group } from '../api/group.js';
import { invalidRequest, isGroupsError, type GroupsError } from '../errors.js';
import { isGroup } from '../api/responseShape.js';

/**
 * The confirmed groups as plain JSON, for a server render to hand to the
 * page: `store.dehydrate()` on the server, `initialState` or `hydrate()` in
 * the browser. It holds what the server answered and nothing else: no token,
 * no pending change.
 */
export interface DehydratedGroups {
  /** The confirmed groups, in the server's order. */
  readonly groups: readonly Group[];
  /**
   * When the list was loaded, in ms of the store's clock; `null` when it never was (then hydrating does nothing).
   * A time ahead of the page's clock (a server's clock ahead of it) is taken as the moment of hydration.
   */
  readonly updatedAt: number | null;
}

/** Where handed-over state came in: named in the error, since no request was made. */
export type DehydratedSource = 'initialState' | 'hydrate(state)';

/**
 * Checks handed-over state (it travelled through HTML, so it is input like
 * any other) and copies it, so the store never freezes the caller's objects.
 * A failure is a `validation` error of the call that was given it (the
 * constructor's `initialState`, or `hydrate`), not of a list: nothing was
 * sent.
 */
export function readDehydrated(value: unknown, source: DehydratedSource = 'hydrate(state)'): { groups: Group[]; updatedAt: number | null } {
  const invalid = (detail: string, cause?: unknown): GroupsError => invalidRequest(`invalid ${source}: ${detail}`, cause);
  try {
    // The state usually travels as JSON text in the page: the text itself is the commonest mistake.
    if (typeof value === 'string') throw invalid('expected { groups, updatedAt }, got a string: JSON.parse it first');
    if (typeof value !== 'object' || value === null) throw invalid('expected { groups, updatedAt }, as store.dehydrate() returns it');
    const { groups, updatedAt } = value as { groups?: unknown; updatedAt?: unknown };
    if (updatedAt !== null && !(typeof updatedAt === 'number' && Number.isFinite(updatedAt))) throw invalid('updatedAt must be a number or null');
    if (!Array.isArray(groups)) throw invalid('groups must be an array');
    const copies: Group[] = [];
    for (let i = 0; i < groups.length; i++) {
      const group: unknown = groups[i];
      if (!isGroup(group)) throw invalid(`groups[${i}] is not a group`);
      copies.push({ ...group, locations: [...group.locations] });
    }
    return { groups: copies, updatedAt };
  } catch (error) {
    if (isGroupsError(error)) throw error;
    throw invalid('it could not be read', error);
  }
}
