import type { GroupsError } from '../errors.js';

/**
 * The status of the group list. Every flag is fixed per variant: there is no
 * "loading and error" state.
 * - `idle`: never loaded.
 * - `loading`: the first load is in flight; nothing to show yet.
 * - `success`: loaded at `updatedAt`; `fetching` while a refresh is in flight.
 * - `error`: the last load failed; `updatedAt` tells whether older data is shown.
 */
export type ListStatus =
  | { readonly status: 'idle'; readonly error: undefined; readonly updatedAt: undefined; readonly fetching: false }
  | { readonly status: 'loading'; readonly error: undefined; readonly updatedAt: undefined; readonly fetching: true }
  | { readonly status: 'success'; readonly error: undefined; readonly updatedAt: number; readonly fetching: boolean }
  | { readonly status: 'error'; readonly error: GroupsError; readonly updatedAt: number | undefined; readonly fetching: boolean };

export const IDLE: ListStatus = Object.freeze({ status: 'idle', error: undefined, updatedAt: undefined, fetching: false });
const LOADING: ListStatus = Object.freeze({ status: 'loading', error: undefined, updatedAt: undefined, fetching: true });

/** The status with a load in flight (`fetching`) or not. */
export function withFetching(current: ListStatus, fetching: boolean): ListStatus {
  if (current.fetching === fetching) return current;
  switch (current.status) {
    case 'idle':
    case 'loading':
      return fetching ? LOADING : IDLE;
    case 'success':
      return { ...current, fetching };
    case 'error':
      return { ...current, fetching };
  }
}

export function succeeded(updatedAt: number, fetching: boolean): ListStatus {
  return { status: 'success', error: undefined, updatedAt, fetching };
}

export function failed(current: ListStatus, error: GroupsError, fetching: boolean): ListStatus {
  return { status: 'error', error, updatedAt: current.updatedAt, fetching };
}
