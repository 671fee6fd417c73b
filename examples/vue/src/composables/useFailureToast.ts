import { onScopeDispose } from 'vue';
import type { GroupsStore } from 'turso-groups-store';
import type { Toast } from './useToast.js';

/**
 * Shows every failed command of the store in the toast. The command's own
 * promise is caught where it was called: this is the one place its failure
 * is told, besides the group's own error.
 */
export function useFailureToast(store: GroupsStore, toast: Toast): void {
  const subscription = store.events$.subscribe((event) => {
    // An aborted command was given up on purpose (the page is closing): nothing to tell.
    if (event.type === 'failure' && event.error.code !== 'aborted') toast.show(event.error.message);
  });
  onScopeDispose(() => subscription.unsubscribe());
}
