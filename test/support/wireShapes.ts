// The groups wire shapes, as this project reads its contract (the table in the
// design and the checks in src/api/responseShape.ts), written as JSON Schema so
// that an independent validator (ajv) can hold the emulator to them. Ours, from
// the contract: Turso's published OpenAPI document is not copied here; the
// contract test (`npm run test:contract`) checks the emulator against it.
import type { EmulatorOperation } from '../../src/emulator/index.js';

const LOCATION_KEY = '^(?:[a-z]{3}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)$';

/** A group: the fields the contract names, typed; any other field is allowed and kept. */
export const GROUP_SCHEMA = {
  type: 'object',
  required: ['name', 'locations', 'primary'],
  properties: {
    name: { type: 'string', minLength: 1 },
    locations: { type: 'array', items: { type: 'string', pattern: LOCATION_KEY } },
    primary: { type: 'string', pattern: LOCATION_KEY },
    uuid: { type: 'string' },
    version: { type: 'string' },
    archived: { type: 'boolean' },
    delete_protection: { type: 'boolean' },
  },
} as const;

/** A JSON body with exactly these fields. Envelopes are closed: the emulator sends nothing else. */
function envelope(properties: Record<string, object>): object {
  return { type: 'object', required: Object.keys(properties), properties, additionalProperties: false };
}

/** The body of each answer the contract knows, by name. `empty` is no body at all. */
export const WIRE_SCHEMAS = {
  groups: envelope({ groups: { type: 'array', items: GROUP_SCHEMA } }),
  group: envelope({ group: GROUP_SCHEMA }),
  // Transfer answers the group itself, not wrapped in { group }.
  bareGroup: GROUP_SCHEMA,
  // A group's configuration, not a group.
  configuration: envelope({ delete_protection: { type: 'boolean' } }),
  // Three base64url parts: a JWS in compact form.
  jwt: envelope({ jwt: { type: 'string', pattern: '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$' } }),
  locations: envelope({ locations: { type: 'object', propertyNames: { pattern: LOCATION_KEY }, additionalProperties: { type: 'string' } } }),
  error: envelope({ error: { type: 'string', minLength: 1 } }),
  empty: 'empty',
} as const;

export type WireShape = keyof typeof WIRE_SCHEMAS;

// Every call is refused 401 with a wrong token and, under an organization, 403 for another one.
const GUARDED = { 401: 'error', 403: 'error' } as const;

/** What each operation answers, by status: its success and its documented errors. */
export const DOCUMENTED_ANSWERS: Readonly<Record<EmulatorOperation, Readonly<Partial<Record<number, WireShape>>>>> = {
  list: { 200: 'groups', ...GUARDED },
  create: { 200: 'group', 400: 'error', 409: 'error', ...GUARDED },
  retrieve: { 200: 'group', 404: 'error', ...GUARDED },
  // 400: the group has delete protection on.
  delete: { 200: 'group', 400: 'error', 404: 'error', ...GUARDED },
  addLocation: { 200: 'group', 400: 'error', 404: 'error', ...GUARDED },
  removeLocation: { 200: 'group', 400: 'error', 404: 'error', ...GUARDED },
  mintToken: { 200: 'jwt', 400: 'error', 404: 'error', ...GUARDED },
  invalidateTokens: { 200: 'empty', 404: 'error', ...GUARDED },
  getConfiguration: { 200: 'configuration', 404: 'error', ...GUARDED },
  // 400: a body that is not { delete_protection?: boolean }.
  updateConfiguration: { 200: 'configuration', 400: 'error', 404: 'error', ...GUARDED },
  unarchive: { 200: 'group', 404: 'error', ...GUARDED },
  // 400: no organization in the body, or the group's own; 403 also: an organization the token is not a member of; 409: the name is taken there.
  transfer: { 200: 'bareGroup', 400: 'error', 404: 'error', 409: 'error', ...GUARDED },
  // Not under an organization: no 403.
  listLocations: { 200: 'locations', 401: 'error' },
};
