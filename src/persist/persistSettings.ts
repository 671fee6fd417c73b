import { invalidRequest, isGroupsError } from '../errors.js';
import type { PersistOptions, PersistStorage } from '../store/persistOption.js';

/** 24 hours, in ms: the default of `maxAge` and `maxMutationAge`. */
export const DAY_MS = 86_400_000;

/** The `persist` option, read once and checked, with its defaults. */
export interface PersistSettings {
  readonly storage: PersistStorage;
  readonly org: string;
  readonly base: string;
  readonly buster: string;
  /** Where the confirmed groups are kept. */
  readonly groupsKey: string;
  /** Where the held mutations are kept (every tab's, each marked with its owner). */
  readonly heldKey: string;
  readonly maxAge: number;
  readonly maxMutationAge: number;
}

function text(value: unknown, name: string, fallback: string | undefined): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || (fallback === undefined && value === '') || value.length > 2048) {
    throw invalidRequest(`persist.${name} must be a ${fallback === undefined ? 'non-empty ' : ''}string of at most 2048 characters`);
  }
  return value;
}

function duration(value: unknown, name: string): number {
  if (value === undefined) return DAY_MS;
  if (typeof value !== 'number' || !(value >= 0)) throw invalidRequest(`persist.${name} must be a number of ms, 0 or more`);
  return value;
}

/** Reads `persist` (each field once); anything it cannot use is a `validation` GroupsError. */
export function readPersistSettings(options: PersistOptions, org: string): PersistSettings {
  try {
    const { storage, base, buster, key, maxAge, maxMutationAge } = options;
    const prefix = text(key, 'key', 'turso-groups-store');
    const api = text(base, 'base', undefined);
    const groupsKey = `${prefix}:${org}@${api}`;
    return {
      storage,
      org,
      base: api,
      buster: text(buster, 'buster', ''),
      groupsKey,
      heldKey: `${groupsKey}:held`,
      maxAge: duration(maxAge, 'maxAge'),
      maxMutationAge: duration(maxMutationAge, 'maxMutationAge'),
    };
  } catch (error) {
    if (isGroupsError(error)) throw error;
    throw invalidRequest('persist could not be read', error);
  }
}
