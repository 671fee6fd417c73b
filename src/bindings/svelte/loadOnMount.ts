import { onMount } from 'svelte';
import type { GroupsStore } from '../../index.js';

export interface LoadOnMountOptions {
  /**
   * Sends nothing when the list was loaded less than this many ms ago (by the
   * store's clock): a page hydrated from a server render does not load again.
   * @default undefined (loads on every mount)
   */
  readonly maxAge?: number | undefined;
}

/**
 * Loads the list when the component mounts, and gives up when it is
 * destroyed: the React binding's `useLoad`, for Svelte 4 and 5. Call it in
 * the component's `<script>` (Svelte throws elsewhere). The request itself is
 * aborted only when every caller sharing it has given up.
 *
 * It does nothing in a server render, where nothing mounts: load there before
 * `render`, and hand the store over.
 *
 * Returns nothing: the outcome is the list's status (`listStatus`), its
 * error included.
 *
 * @example
 * <script>
 *   loadOnMount(store, { maxAge: 30_000 })
 *   const status = listStatus(store) // {#if $status.status === 'loading'}…{/if}
 * </script>
 */
export function loadOnMount(store: GroupsStore, options: LoadOnMountOptions = {}): void {
  const { maxAge } = options;
  onMount(() => {
    const controller = new AbortController();
    // A failure is already the list's status (and an events$ event); this
    // promise would only repeat it, or say the component gave up.
    store.load({ signal: controller.signal, maxAge }).catch(() => undefined);
    return () => controller.abort();
  });
}
