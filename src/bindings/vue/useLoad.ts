import { getCurrentInstance, getCurrentScope, onMounted, onScopeDispose } from 'vue';
import type { GroupsStore } from '../../index.js';
import { inServerRender } from './serverRender.js';

export interface UseLoadOptions {
  /**
   * Sends nothing when the list was loaded less than this many ms ago (by the
   * store's clock): a page hydrated from a server render does not load again.
   * @default undefined (loads on every mount)
   */
  readonly maxAge?: number | undefined;
}

/**
 * Loads the list once the component is mounted, and gives up when its scope
 * stops (the component unmounts, or `scope.stop()`): Vue's counterpart of
 * the React binding's `useLoad`. In a bare `effectScope()` it loads at once.
 * The request itself is aborted only when every caller sharing it has given up.
 *
 * After mount, not during setup: a page hydrating a server render must first
 * render what the server did, and a load that starts fetching would change
 * the status under it. In a server render it does nothing (nothing mounts
 * there): load before `renderToString`, or in `onServerPrefetch`.
 *
 * Returns nothing: the outcome is the list's status (`useListStatus`), its
 * error included.
 *
 * @example
 * useLoad(store, { maxAge: 30_000 })
 * const status = useListStatus(store) // status.value.status === 'loading'
 */
export function useLoad(store: GroupsStore, options: UseLoadOptions = {}): void {
  if (inServerRender()) return;
  if (!getCurrentScope()) {
    throw new Error('turso-groups-store/vue: useLoad() must be called in setup() or inside an effectScope(), which gives the load up when it stops');
  }
  const { maxAge } = options;
  const controller = new AbortController();
  const start = (): void => {
    // A failure is already the list's status (and an events$ event); this
    // promise would only repeat it, or say the component gave up.
    store.load({ signal: controller.signal, maxAge }).catch(() => undefined);
  };
  if (getCurrentInstance()) onMounted(start);
  else start();
  onScopeDispose(() => controller.abort());
}
