import type { Group, GroupConfiguration, MintedToken } from '../api/group.js';
import type { CallOptions, GroupsApi } from '../api/groupsApi.js';
import { GroupsError, invalidInput } from '../errors.js';
import { addLocationRecipe, createRecipe, deleteProtectionRecipe, deleteRecipe, removeLocationRecipe, unarchiveRecipe, type GroupRecipe } from './groupRecipes.js';
import type { MutationOperation, PendingMutation, PendingOf } from './pendingMutation.js';

/**
 * What a confirmed answer does to the confirmed group: it is this group now,
 * it is gone, or the answer says nothing about it. Cross-tab messages follow
 * from it: a group or an absence is news for the other tabs, `unchanged` is not.
 */
export type Fold =
  | { readonly kind: 'group'; readonly group: Group }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unchanged' }
  /** Some fields of the confirmed group, as an answer that is not a group tells them (a configuration). */
  | { readonly kind: 'merge'; readonly fields: Partial<Group> };

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
  readonly updateConfiguration: GroupConfiguration;
  readonly unarchive: Group;
  readonly transfer: Group;
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
    precheck: (m, shown) => {
      if (shown?.delete_protection === true) throw invalidInput('delete', m.group, 'the group has delete protection on: turn delete protection off first');
    },
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
  updateConfiguration: {
    recipe: (m) => deleteProtectionRecipe(m.deleteProtection),
    send: (api, m, call) => api.updateConfiguration(m.group, { delete_protection: m.deleteProtection }, call),
    fold: (configuration) => ({ kind: 'merge', fields: { delete_protection: configuration.delete_protection } }),
  },
  unarchive: {
    recipe: () => unarchiveRecipe,
    send: (api, m, call) => api.unarchive(m.group, call),
    fold: asGroup,
  },
  transfer: {
    // It leaves this organization's list; the server's answer is the group as the other one holds it.
    recipe: () => deleteRecipe,
    send: (api, m, call) => api.transfer(m.group, m.organization, call),
    fold: () => ABSENT,
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
