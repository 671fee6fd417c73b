import { isRecord } from '../api/responseShape.js';
import { isValidGroupName, isValidLocation, isValidOrganization, readNewGroup } from '../api/validate.js';
import type { MutationInfo, MutationOperation, PendingMutation } from '../store/pendingMutation.js';
import { entryHeader, hasHeader } from './persistedGroups.js';
import type { PersistSettings } from './persistSettings.js';

/**
 * One mutation held offline, as stored: its data (never a closure, never a
 * token), who holds it, and since when. Every tab of one organization and
 * API keeps its held mutations in one entry, each marked with its owner: a
 * tab only sends what it owns, and takes over a mutation only from an owner
 * that is gone (see HeldLedger).
 */
export interface HeldRecord {
  /** Unique across tabs and visits: how tabs tell one held mutation from another. */
  readonly uid: string;
  /** The id of the tab (the store) that holds it. */
  readonly owner: string;
  /** When it was issued, in ms. */
  readonly heldAt: number;
  readonly mutation: MutationInfo;
}

/**
 * Each operation's stored fields, read back and checked as the command would
 * check them; `undefined` when they are not valid. A minted token goes to
 * its caller only: after a reload there is no caller, so `mintToken` is never
 * stored (and never read back).
 */
const READERS: { readonly [Op in MutationOperation]: ((value: Record<string, unknown>, group: string) => MutationInfo | undefined) | undefined } = {
  create: (value, group) => {
    try {
      const { name, location, extensions } = readNewGroup({ name: group, location: value.location, extensions: value.extensions });
      return extensions === undefined ? { operation: 'create', group: name, location } : { operation: 'create', group: name, location, extensions };
    } catch {
      return undefined;
    }
  },
  delete: (_, group) => ({ operation: 'delete', group }),
  addLocation: (value, group) => (isValidLocation(value.location) ? { operation: 'addLocation', group, location: value.location } : undefined),
  removeLocation: (value, group) => (isValidLocation(value.location) ? { operation: 'removeLocation', group, location: value.location } : undefined),
  mintToken: undefined,
  invalidateTokens: (_, group) => ({ operation: 'invalidateTokens', group }),
  updateConfiguration: (value, group) =>
    typeof value.deleteProtection === 'boolean' ? { operation: 'updateConfiguration', group, deleteProtection: value.deleteProtection } : undefined,
  unarchive: (_, group) => ({ operation: 'unarchive', group }),
  transfer: (value, group) => (isValidOrganization(value.organization) ? { operation: 'transfer', group, organization: value.organization } : undefined),
};

/** Whether a pending mutation of this kind is stored while held (all but `mintToken`). */
export function isStorable(mutation: PendingMutation): boolean {
  return READERS[mutation.operation] !== undefined;
}

/** The mutation's data without its id (a number of this session only). */
export function mutationData(mutation: PendingMutation): MutationInfo {
  const { id: _, ...data } = mutation;
  return data as MutationInfo;
}

function readMutation(value: unknown): MutationInfo | undefined {
  if (!isRecord(value) || typeof value.operation !== 'string' || !Object.hasOwn(READERS, value.operation) || !isValidGroupName(value.group)) return undefined;
  return READERS[value.operation as MutationOperation]?.(value, value.group);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 128;

export function encodeHeld(records: readonly HeldRecord[], settings: PersistSettings): string {
  return JSON.stringify({ ...entryHeader(settings), held: records });
}

/**
 * The held mutations stored, checked one by one and copied; `undefined` when
 * the entry is unreadable, foreign or of another format (all of it is then
 * ignored, and replaced at the next write).
 */
export function decodeHeld(text: string | null | undefined, settings: PersistSettings): HeldRecord[] | undefined {
  if (text === null || text === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !hasHeader(value, settings) || !Array.isArray(value.held)) return undefined;
  const records: HeldRecord[] = [];
  const uids = new Set<string>();
  for (const entry of value.held as unknown[]) {
    if (!isRecord(entry) || !isText(entry.uid) || !isText(entry.owner) || uids.has(entry.uid)) return undefined;
    const { heldAt } = entry;
    if (typeof heldAt !== 'number' || !Number.isFinite(heldAt)) return undefined;
    const mutation = readMutation(entry.mutation);
    if (mutation === undefined) return undefined;
    uids.add(entry.uid);
    records.push({ uid: entry.uid, owner: entry.owner, heldAt, mutation });
  }
  return records;
}
