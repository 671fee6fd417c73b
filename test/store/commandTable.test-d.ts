// Type-level tests of the store's command table: checked by `tsc` in
// `npm run typecheck`, never executed. Each `@ts-expect-error` fails the
// typecheck if the line under it ever compiles.
import { expectTypeOf } from 'vitest';
import type { Group, GroupConfiguration } from '../../src/api/group.js';
import { COMMANDS, type CommandAnswers, type CommandTable } from '../../src/store/commands.js';
import type { MutationOperation } from '../../src/store/pendingMutation.js';

// Every mutation has its entry, and a table without one does not compile.
export const complete: CommandTable = COMMANDS;
declare const missingOne: Omit<typeof COMMANDS, 'transfer'>;
// @ts-expect-error Property 'transfer' is missing: a command left out of the table does not compile.
export const incomplete: CommandTable = missingOne;

// An entry must fold the answer its operation gets: a transfer's fold cannot take a configuration.
export const wrongAnswer: CommandTable = {
  ...COMMANDS,
  transfer: {
    ...COMMANDS.transfer,
    // @ts-expect-error the transfer answers a Group, not a configuration.
    fold: (configuration: GroupConfiguration) => ({ kind: 'merge', fields: { delete_protection: configuration.delete_protection } }),
  },
};

// The operations the store runs, and what each resolves with.
expectTypeOf<MutationOperation>().toEqualTypeOf<
  'create' | 'delete' | 'addLocation' | 'removeLocation' | 'mintToken' | 'invalidateTokens' | 'updateConfiguration' | 'unarchive' | 'transfer'
>();
expectTypeOf<CommandAnswers['transfer']>().toEqualTypeOf<Group>();
expectTypeOf<CommandAnswers['updateConfiguration']>().toEqualTypeOf<GroupConfiguration>();
