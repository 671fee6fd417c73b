import type { GroupRecipe } from './groupRecipes.js';

/** A mutation not yet answered, as `getPending()` lists it: plain data, no closures. */
export type PendingMutation =
  | { readonly id: number; readonly operation: 'create' | 'addLocation' | 'removeLocation'; readonly group: string; readonly location: string }
  | { readonly id: number; readonly operation: 'delete' | 'mintToken' | 'invalidateTokens'; readonly group: string };

/** A pending mutation before it is numbered. */
export type MutationInfo = PendingMutation extends infer M ? (M extends PendingMutation ? Omit<M, 'id'> : never) : never;

/** A pending mutation and its effect on what is shown (none for token operations), derived once from its data. */
export interface Mutation {
  readonly info: PendingMutation;
  readonly recipe: GroupRecipe | undefined;
}
