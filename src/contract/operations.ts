// The one list of the contract's operations: their names, in the contract's
// order, and the words an error uses for each. No imports, so that every
// layer (errors.ts at the bottom included) can take the names from here.

/** Each operation's name, and what an error message calls it: `create group "eu": 409 …`. */
export const OPERATION_LABELS = {
  list: 'list groups',
  create: 'create group',
  retrieve: 'retrieve group',
  delete: 'delete group',
  addLocation: 'add location to group',
  removeLocation: 'remove location from group',
  mintToken: 'mint token for group',
  invalidateTokens: 'invalidate tokens of group',
  getConfiguration: 'get configuration of group',
  updateConfiguration: 'update configuration of group',
  unarchive: 'unarchive group',
  transfer: 'transfer group',
  listLocations: 'list locations',
} as const;

/** An operation of the contract: one of the groups operations, or the locations list. */
export type Operation = keyof typeof OPERATION_LABELS;

/** Every operation, in the contract's order. */
export const OPERATIONS = Object.keys(OPERATION_LABELS) as readonly Operation[];

/** Whether `value` names an operation (an own key: not `toString` nor `__proto__`). */
export function isOperation(value: unknown): value is Operation {
  return typeof value === 'string' && Object.hasOwn(OPERATION_LABELS, value);
}
