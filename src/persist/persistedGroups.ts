import type { Group } from '../api/group.js';
import { isGroup, isRecord } from '../api/responseShape.js';
import type { PersistSettings } from './persistSettings.js';

/** The format of what this version stores; an entry of any other is ignored and replaced. */
export const PERSIST_FORMAT = 1;
export const PERSIST_APP = 'turso-groups-store';

/**
 * The confirmed groups as stored: what the server answered and when, and
 * nothing else (no token, no JWT, no pending change). Stamps are the saving
 * store's: when it learnt the last list (`listStamp`), and each group it
 * learnt since (`stamps`). They come from another session's clock, which may
 * have run ahead of this one's, so a restored group counts as older than
 * anything this session learns, whatever its stamp.
 */
export interface PersistedGroups {
  /** When the list was loaded, in ms of the saving store's clock. */
  readonly updatedAt: number;
  /** When the entry was written, in ms. */
  readonly savedAt: number;
  readonly listStamp: number;
  readonly stamps: Readonly<Record<string, number>>;
  /** The confirmed groups, in the server's order. */
  readonly groups: readonly Group[];
}

/** The fields every entry carries, so that one of another app, organization, API, buster or format is told apart. */
export function entryHeader(settings: PersistSettings): { app: string; format: number; org: string; base: string; buster: string } {
  return { app: PERSIST_APP, format: PERSIST_FORMAT, org: settings.org, base: settings.base, buster: settings.buster };
}

/** Whether `value` carries this store's header. */
export function hasHeader(value: Record<string, unknown>, settings: PersistSettings): boolean {
  return value.app === PERSIST_APP && value.format === PERSIST_FORMAT && value.org === settings.org && value.base === settings.base && value.buster === settings.buster;
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStamp = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function encodeGroups(entry: PersistedGroups, settings: PersistSettings): string {
  return JSON.stringify({ ...entryHeader(settings), ...entry });
}

/** The entry, checked field by field and copied; `undefined` for anything unreadable, foreign or of another format. */
export function decodeGroups(text: string, settings: PersistSettings): PersistedGroups | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !hasHeader(value, settings)) return undefined;
  const { updatedAt, savedAt, listStamp, stamps, groups } = value;
  if (!isTime(updatedAt) || !isTime(savedAt) || !isStamp(listStamp) || !isRecord(stamps) || !Array.isArray(groups)) return undefined;
  const names = new Set<string>();
  const copies: Group[] = [];
  for (const group of groups as unknown[]) {
    if (!isGroup(group) || names.has(group.name)) return undefined;
    names.add(group.name);
    copies.push({ ...group, locations: [...group.locations] });
  }
  const ownStamps: Record<string, number> = {};
  for (const [name, stamp] of Object.entries(stamps)) {
    if (!names.has(name) || !isStamp(stamp)) return undefined;
    ownStamps[name] = stamp;
  }
  return { updatedAt, savedAt, listStamp, stamps: ownStamps, groups: copies };
}
