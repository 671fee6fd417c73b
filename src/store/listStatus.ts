import type { GroupsError } from '../errors.js';

/**
 * The status of the group list. Every flag is fixed per variant: there is no
 * "loading and error" state.
 * - `idle`: never loaded.
 * - `loading`: the first load is in flight; nothing to show yet.
 * - `success`: loaded at `updatedAt`; `fetching` while a refresh is in flight;
 *   `refreshError` when the last background refresh (a poll, a focus or
 *   reconnect refresh) failed: the data stays on screen, the error beside it.
 * - `error`: the last load you asked for failed; `updatedAt` tells whether older data is shown.
 * - `restored`: groups an earlier visit persisted (the `persist` option),
 *   loaded at `updatedAt`, shown but not confirmed by the server yet;
 *   `fetching` while a load is in flight, `refreshError` when a background
 *   refresh failed. The first load that succeeds makes it `success`.
 */
export type ListStatus =
  | { readonly status: 'idle'; readonly error: undefined; readonly refreshError: undefined; readonly updatedAt: undefined; readonly fetching: false }
  | { readonly status: 'loading'; readonly error: undefined; readonly refreshError: undefined; readonly updatedAt: undefined; readonly fetching: true }
  | { readonly status: 'success'; readonly error: undefined; readonly refreshError: GroupsError | undefined; readonly updatedAt: number; readonly fetching: boolean }
  | { readonly status: 'error'; readonly error: GroupsError; readonly refreshError: undefined; readonly updatedAt: number | undefined; readonly fetching: boolean }
  | { readonly status: 'restored'; readonly error: undefined; readonly refreshError: GroupsError | undefined; readonly updatedAt: number; readonly fetching: boolean };

export const IDLE: ListStatus = Object.freeze({ status: 'idle', error: undefined, refreshError: undefined, updatedAt: undefined, fetching: false });
const LOADING: ListStatus = Object.freeze({ status: 'loading', error: undefined, refreshError: undefined, updatedAt: undefined, fetching: true });

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
    case 'restored':
      return { ...current, fetching };
  }
}

export function succeeded(updatedAt: number, fetching: boolean): ListStatus {
  return { status: 'success', error: undefined, refreshError: undefined, updatedAt, fetching };
}

/** Groups an earlier visit persisted, loaded at `updatedAt`, shown until a load confirms them. */
export function restored(updatedAt: number, fetching: boolean): ListStatus {
  return { status: 'restored', error: undefined, refreshError: undefined, updatedAt, fetching };
}

export function failed(current: ListStatus, error: GroupsError, fetching: boolean): ListStatus {
  return { status: 'error', error, refreshError: undefined, updatedAt: current.updatedAt, fetching };
}

/** A background refresh failed: data already shown stays, with the error beside it; with none shown, it is an error. */
export function refreshFailed(current: ListStatus, error: GroupsError, fetching: boolean): ListStatus {
  return current.status === 'success' || current.status === 'restored' ? { ...current, refreshError: error, fetching } : failed(current, error, fetching);
}
