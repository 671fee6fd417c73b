import type { GroupMeta } from '../../src/index.js';

export type { StoreEvent } from '../../src/index.js';

/** The meta of a group with nothing going on. */
export const IDLE_META_FOR_TESTS: GroupMeta = { pending: [], error: undefined, optimistic: false };
