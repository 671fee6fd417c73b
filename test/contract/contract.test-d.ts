// Type-level tests of the contract (src/contract): checked by `tsc` in
// `npm run typecheck` and `npm test`, never executed. Each `@ts-expect-error`
// fails the typecheck if the line under it ever compiles.
import { expectTypeOf } from 'vitest';
import type { Group, GroupConfiguration, Locations, MintedToken } from '../../src/api/group.js';
import { CONTRACT, type ArgsOf, type ContractTable, type ResultOf } from '../../src/contract/contract.js';
import type { Operation } from '../../src/contract/operations.js';
import { HANDLERS, type EmulatorHandler } from '../../src/emulator/operationHandlers.js';

// The table has every operation, and the compiler refuses one without it.
export const complete: ContractTable = CONTRACT;
declare const missingOne: Omit<typeof CONTRACT, 'invalidateTokens'>;
// @ts-expect-error Property 'invalidateTokens' is missing: an operation left out of the contract does not compile.
export const incomplete: ContractTable = missingOne;

// An entry for a name that is not an operation does not compile either.
export const extra = {
  ...CONTRACT,
  // @ts-expect-error 'rename' is not an operation (src/contract/operations.ts holds the list).
  rename: CONTRACT.retrieve,
} satisfies ContractTable;

// Nor does an emulator without the work of one operation.
declare const handlersMissingOne: Omit<typeof HANDLERS, 'list'>;
// @ts-expect-error Property 'list' is missing.
export const incompleteHandlers: Readonly<Record<Operation, EmulatorHandler>> = handlersMissingOne;

// Each operation keeps its own types: what the caller passes, and what it resolves with.
expectTypeOf<ArgsOf<'list'>>().toEqualTypeOf<[]>();
expectTypeOf<ArgsOf<'addLocation'>>().toEqualTypeOf<[name: unknown, location: unknown]>();
expectTypeOf<ResultOf<'list'>>().toEqualTypeOf<Group[]>();
expectTypeOf<ResultOf<'retrieve'>>().toEqualTypeOf<Group>();
expectTypeOf<ResultOf<'mintToken'>>().toEqualTypeOf<MintedToken>();
expectTypeOf<ResultOf<'invalidateTokens'>>().toEqualTypeOf<void>();
expectTypeOf<ResultOf<'listLocations'>>().toEqualTypeOf<Locations>();
expectTypeOf<ArgsOf<'transfer'>>().toEqualTypeOf<[name: unknown, organization: unknown]>();
expectTypeOf<ResultOf<'getConfiguration'>>().toEqualTypeOf<GroupConfiguration>();
expectTypeOf<ResultOf<'updateConfiguration'>>().toEqualTypeOf<GroupConfiguration>();
// Unarchive answers { group } and transfer the group itself: both resolve with the Group.
expectTypeOf<ResultOf<'unarchive'>>().toEqualTypeOf<Group>();
expectTypeOf<ResultOf<'transfer'>>().toEqualTypeOf<Group>();
