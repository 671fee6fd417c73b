import { createContext, createElement, useContext, type ReactElement, type ReactNode } from 'react';
import type { GroupsStore } from '../../index.js';
import { useStoreLease } from './storeLease.js';

// A context so that rows deep in the tree reach the store without it being
// passed through every component. It carries the store and nothing else: the
// hooks still take the store explicitly, so a component can be given another.
const GroupsStoreContext = createContext<GroupsStore | undefined>(undefined);
GroupsStoreContext.displayName = 'GroupsStore';

export type GroupsStoreProviderProps =
  | {
      /** A store the app owns: the provider hands it down and never disposes it. */
      readonly store: GroupsStore;
      readonly create?: undefined;
      readonly children?: ReactNode;
    }
  | {
      /**
       * Creates the store this provider owns, once per mounted provider; it is
       * disposed when the provider unmounts (see `useOwnedGroupsStore`).
       * Read on mount only.
       */
      readonly create: () => GroupsStore;
      readonly store?: undefined;
      readonly children?: ReactNode;
    };

/**
 * Hands a store to the components below, for {@link useGroupsStore}: either
 * one the app made (`store`, never disposed here) or one the provider owns
 * (`create`, disposed on unmount, StrictMode-safe).
 *
 * @example
 * createElement(GroupsStoreProvider, { create: () => createGroupsStore({ org, transport }) }, createElement(GroupList))
 */
export function GroupsStoreProvider(props: GroupsStoreProviderProps): ReactElement {
  const owned = useStoreLease(props.store ? undefined : props.create);
  const store = props.store ?? owned;
  if (!store) throw new TypeError('turso-groups-store/react: GroupsStoreProvider needs a store or a create function');
  return createElement(GroupsStoreContext.Provider, { value: store }, props.children);
}

/**
 * The store of the nearest {@link GroupsStoreProvider}. Throws outside one,
 * since every hook needs a store.
 *
 * @example
 * const store = useGroupsStore()
 * const group = useGroup(store, name)
 */
export function useGroupsStore(): GroupsStore {
  const store = useContext(GroupsStoreContext);
  if (!store) throw new Error('turso-groups-store/react: useGroupsStore() must be called below a <GroupsStoreProvider>');
  return store;
}
