import type { NewGroup, TokenOptions } from '../api/group.js';
import type { GroupRecipe } from './groupRecipes.js';

/**
 * A mutation not yet settled, as `getPending()` lists it: plain data, no
 * closures, holding all it needs to be sent (so it can be held offline,
 * described, or sent elsewhere).
 */
export type PendingMutation =
  | Pending<'create', { readonly location: string; readonly extensions?: NewGroup['extensions'] }>
  | Pending<'delete'>
  | Pending<'addLocation', { readonly location: string }>
  | Pending<'removeLocation', { readonly location: string }>
  | Pending<'mintToken', { readonly options: TokenOptions }>
  | Pending<'invalidateTokens'>
  | Pending<'updateConfiguration', { readonly deleteProtection: boolean }>
  | Pending<'unarchive'>
  | Pending<'transfer', { readonly organization: string }>;

/** One operation's pending record: its number, its group, and what it carries. */
type Pending<Op extends string, Fields = unknown> = { readonly id: number; readonly operation: Op; readonly group: string } & Fields;

/** The operations the store runs as mutations. */
export type MutationOperation = PendingMutation['operation'];

/** The pending record of one operation. */
export type PendingOf<Op extends MutationOperation> = Extract<PendingMutation, { readonly operation: Op }>;

/** A pending mutation before it is numbered. */
export type MutationInfo = PendingMutation extends infer M ? (M extends PendingMutation ? Omit<M, 'id'> : never) : never;

/** A pending mutation and its effect on what is shown (none for token operations), derived once from its data. */
export interface Mutation {
  readonly info: PendingMutation;
  readonly recipe: GroupRecipe | undefined;
}
