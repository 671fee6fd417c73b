import { isGroupsError } from 'turso-groups-store';

/** A failure in words, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What a toast should say of each failure, once: the store's `events$` and a
 * command's own promise tell of the same error object, and only the first
 * is shown. Aborted work was given up on purpose and says nothing.
 */
export function failureOnce(): (error: unknown) => string | undefined {
  const told = new WeakSet<object>();
  return (error) => {
    if (isGroupsError(error) && error.code === 'aborted') return undefined;
    if (typeof error === 'object' && error !== null) {
      if (told.has(error)) return undefined;
      told.add(error);
    }
    return messageOf(error);
  };
}
