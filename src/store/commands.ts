import type { Group, MintedToken } from '../api/group.js';
import type { CallOptions, GroupsApi } from '../api/groupsApi.js';
import { GroupsError, invalidInput } from '../errors.js';
import { addLocationRecipe, createRecipe, deleteRecipe, removeLocationRecipe, type GroupRecipe } from './groupRecipes.js';
import type { MutationOperation, PendingMutation, PendingOf } from './pendingMutation.js';

/**
 * What a confirmed answer does to the confirmed group: it is this group now,
 * it is gone, or the answer says nothing about it. Cross-tab messages follow
 * from it: a group or an absence is news for the other tabs, `unchanged` is not.
 */
export type Fold = { readonly kind: 'group'; readonly group: Group } | { readonly kind: 'absent' } | { readonly kind: 'unchanged' };

const ABSENT: Fold = { kind: 'absent' };
const UNCHANGED: Fold = { kind: 'unchanged' };
const asGroup = (group: Group): Fold => ({ kind: 'group', group });

/** What each mutation resolves with. */
export interface CommandAnswers {
  readonly create: Group;
  readonly delete: Group;
  readonly addLocation: Group;
  readonly removeLocation: Group;
  readonly mintToken: MintedToken;
  readonly invalidateTokens: void;
}

/** The store's side of one operation. */
export interface Command<M extends PendingMutation, Answer> {
  /**
   * Refuses the command against what is shown, before anything is queued or
   * sent: throws a `validation` (or `conflict`) GroupsError.
   */
  readonly precheck?: (mutation: Omit<M, 'id'>, shown: Group | undefined) => void;
  /** Its effect on what is shown, re-applied over every new confirmed value; none: it shows nothing. */
  readonly recipe?: (mutation: M) => GroupRecipe;
  /** Sends it. */
  readonly send: (api: GroupsApi, mutation: M, call: CallOptions) => Promise<Answer>;
  /** What the server's answer does to the confirmed group. */
  readonly fold: (answer: Answer, mutation: M) => Fold;
}

/** One entry per mutation operation: a missing one does not compile. */
export type CommandTable = { readonly [Op in MutationOperation]: Command<PendingOf<Op>, CommandAnswers[Op]> };

export const COMMANDS: CommandTable = {
  create: {
    precheck: (m, shown) => {
      if (shown !== undefined) throw new GroupsError({ code: 'conflict', operation: 'create', group: m.group, detail: 'group already exists' });
    },
    recipe: (m) => createRecipe(m.group, m.location),
    send: (api, m, call) => api.create(m.extensions === undefined ? { name: m.group, location: m.location } : { name: m.group, location: m.location, extensions: m.extensions }, call),
    fold: asGroup,
  },
  delete: {
    recipe: () => deleteRecipe,
    send: (api, m, call) => api.delete(m.group, call),
    fold: () => ABSENT,
  },
  addLocation: {
    precheck: (m, shown) => {
      if (shown?.locations.includes(m.location)) throw invalidInput('addLocation', m.group, `group already has location ${JSON.stringify(m.location)}`);
    },
    recipe: (m) => addLocationRecipe(m.location),
    send: (api, m, call) => api.addLocation(m.group, m.location, call),
    fold: asGroup,
  },
  removeLocation: {
    precheck: (m, shown) => {
      if (shown?.primary === m.location) throw invalidInput('removeLocation', m.group, `cannot remove the primary location ${JSON.stringify(m.location)}`);
      if (shown && !shown.locations.includes(m.location)) throw invalidInput('removeLocation', m.group, `group has no location ${JSON.stringify(m.location)}`);
    },
    recipe: (m) => removeLocationRecipe(m.location),
    send: (api, m, call) => api.removeLocation(m.group, m.location, call),
    fold: asGroup,
  },
  mintToken: {
    send: (api, m, call) => api.mintToken(m.group, m.options, call),
    fold: () => UNCHANGED,
  },
  invalidateTokens: {
    send: (api, m, call) => api.invalidateTokens(m.group, call),
    fold: () => UNCHANGED,
  },
};

/** The command entry of a mutation, typed for it (the table is correlated by operation). */
export function commandFor<M extends PendingMutation>(mutation: Pick<M, 'operation'>): Command<M, unknown> {
  return COMMANDS[mutation.operation] as unknown as Command<M, unknown>;
}

/** The recipe a pending mutation stands for, if it shows anything. */
export function recipeFor(mutation: PendingMutation): GroupRecipe | undefined {
  return commandFor(mutation).recipe?.(mutation);
}
