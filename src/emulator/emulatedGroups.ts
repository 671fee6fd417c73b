import type { Group } from '../api/group.js';
import { EXTENSIONS } from '../api/group.js';
import { isValidAuthorization, isValidGroupName, parseExpiration } from '../api/validate.js';
import { isPlainObject } from '../input/plainObject.js';
import { excerpt } from './excerpt.js';
import { signJwt, type TokenClaims } from './jwt.js';
import { randomUuid, type Random } from './random.js';

/** What the emulator answers: a status and a JSON body (`undefined` for none). */
export interface Answer {
  readonly status: number;
  readonly body?: unknown;
}

/** A group to start the emulator with; `primary` defaults to the first location. */
export interface SeedGroup {
  readonly name: string;
  readonly locations: readonly string[];
  readonly primary?: string;
  readonly [field: string]: unknown;
}

interface StoredGroup {
  group: Group & { uuid: string };
  /** Token generation: tokens minted under an older one are invalid. */
  generation: number;
}

const GROUP_NOT_FOUND: Answer = { status: 404, body: { error: 'group not found' } };
const SERVER_VERSION = 'v0.24.31';

function fail(status: number, error: string): Answer {
  return { status, body: { error } };
}

function copy(group: Group): Group {
  return { ...group, locations: [...group.locations] };
}

/** The configuration of a group: only delete protection, off unless it was turned on. */
function configurationOf(group: Group): { delete_protection: boolean } {
  return { delete_protection: group.delete_protection === true };
}

/** The emulator's server-side truth and the contract of each groups operation over it. */
export class EmulatedGroups {
  readonly #groups = new Map<string, StoredGroup>();
  readonly #locations: Readonly<Record<string, string>>;
  readonly #random: Random;
  readonly #now: () => number;
  readonly #signingKey: Promise<CryptoKey>;

  constructor(locations: Readonly<Record<string, string>>, random: Random, now: () => number, signingKey: Promise<CryptoKey>, seed: readonly (SeedGroup & { readonly primary: string })[]) {
    this.#locations = locations;
    this.#random = random;
    this.#now = now;
    this.#signingKey = signingKey;
    for (const group of seed) this.#seed(group);
  }

  /** `seed` as `readEmulatorOptions` checked it: a valid name, known locations, its primary among them. */
  #seed(seed: SeedGroup & { readonly primary: string }): void {
    const uuid = typeof seed.uuid === 'string' ? seed.uuid : randomUuid(this.#random);
    // Every group the API answers says whether it is archived and protected, as a created one does.
    const group = { ...seed, locations: [...seed.locations], uuid, archived: seed.archived === true, delete_protection: seed.delete_protection === true };
    this.#groups.set(seed.name, { group, generation: 0 });
  }

  // An own key only: `in` would take `__proto__` or `toString` for a location.
  #isLocation(location: unknown): location is string {
    return typeof location === 'string' && Object.hasOwn(this.#locations, location);
  }

  snapshot(): Group[] {
    return [...this.#groups.values()].map((stored) => copy(stored.group));
  }

  /** Archives a group, as Turso does after days without activity: a copy of it archived, or `undefined` for no such group. */
  archive(name: string): Group | undefined {
    const stored = this.#groups.get(name);
    if (!stored) return undefined;
    stored.group = { ...stored.group, archived: true };
    return copy(stored.group);
  }

  /** The token generation of the group with this uuid, if it still exists. */
  generationOf(uuid: string): number | undefined {
    for (const stored of this.#groups.values()) if (stored.group.uuid === uuid) return stored.generation;
    return undefined;
  }

  list(): Answer {
    return { status: 200, body: { groups: this.snapshot() } };
  }

  create(body: unknown): Answer {
    if (typeof body !== 'object' || body === null) return fail(400, 'invalid request body: expected { name, location }');
    const { name, location, extensions } = body as Record<string, unknown>;
    if (!isValidGroupName(name)) return fail(400, `invalid group name: ${excerpt(name)}`);
    if (!this.#isLocation(location)) return fail(400, `invalid location: ${excerpt(location)}`);
    if (extensions !== undefined && extensions !== 'all' && !(Array.isArray(extensions) && extensions.every((e) => (EXTENSIONS as readonly unknown[]).includes(e)))) {
      return fail(400, 'invalid extensions');
    }
    if (this.#groups.has(name)) return fail(409, 'group already exists');
    const group = {
      name,
      version: SERVER_VERSION,
      uuid: randomUuid(this.#random),
      locations: [location],
      primary: location,
      archived: false,
      delete_protection: false,
    };
    this.#groups.set(name, { group, generation: 0 });
    return { status: 200, body: { group: copy(group) } };
  }

  retrieve(name: string): Answer {
    const stored = this.#groups.get(name);
    return stored ? { status: 200, body: { group: copy(stored.group) } } : GROUP_NOT_FOUND;
  }

  delete(name: string): Answer {
    const stored = this.#groups.get(name);
    if (!stored) return GROUP_NOT_FOUND;
    if (stored.group.delete_protection === true) return fail(400, 'group has delete protection enabled');
    this.#groups.delete(name);
    return { status: 200, body: { group: copy(stored.group) } };
  }

  addLocation(name: string, location: string): Answer {
    const stored = this.#groups.get(name);
    if (!stored) return GROUP_NOT_FOUND;
    if (!this.#isLocation(location)) return fail(400, `invalid location: ${excerpt(location)}`);
    if (stored.group.locations.includes(location)) return fail(400, `group already has location: ${location}`);
    stored.group = { ...stored.group, locations: [...stored.group.locations, location] };
    return { status: 200, body: { group: copy(stored.group) } };
  }

  removeLocation(name: string, location: string): Answer {
    const stored = this.#groups.get(name);
    if (!stored) return GROUP_NOT_FOUND;
    if (!this.#isLocation(location)) return fail(400, `invalid location: ${excerpt(location)}`);
    if (stored.group.primary === location) return fail(400, 'cannot remove the primary location');
    if (!stored.group.locations.includes(location)) return fail(400, `group does not have location: ${location}`);
    stored.group = { ...stored.group, locations: stored.group.locations.filter((l) => l !== location) };
    return { status: 200, body: { group: copy(stored.group) } };
  }

  async mintToken(name: string, query: URLSearchParams, body: unknown): Promise<Answer> {
    const stored = this.#groups.get(name);
    if (!stored) return GROUP_NOT_FOUND;
    const expiration = query.get('expiration') ?? 'never';
    const seconds = parseExpiration(expiration);
    if (seconds === undefined) return fail(400, 'Invalid expiration format');
    const authorization = query.get('authorization') ?? 'full-access';
    if (!isValidAuthorization(authorization)) return fail(400, `invalid authorization: ${excerpt(authorization)}`);
    const permissions = readPermissions(body);
    if (permissions === 'invalid') return fail(400, 'invalid permissions');
    const iat = Math.floor(this.#now() / 1000);
    const claims: TokenClaims = {
      iat,
      ...(seconds === null ? {} : { exp: iat + seconds }),
      a: authorization === 'read-only' ? 'ro' : 'rw',
      gid: stored.group.uuid,
      gen: stored.generation,
      ...(permissions === undefined ? {} : { p: permissions }),
    };
    return { status: 200, body: { jwt: await signJwt(await this.#signingKey, claims) } };
  }

  invalidateTokens(name: string): Answer {
    const stored = this.#groups.get(name);
    if (!stored) return GROUP_NOT_FOUND;
    stored.generation += 1;
    return { status: 200 };
  }

  /** `{ delete_protection }`: the group's configuration, not the group. */
  getConfiguration(name: string): Answer {
    const stored = this.#groups.get(name);
    return stored ? { status: 200, body: configurationOf(stored.group) } : GROUP_NOT_FOUND;
  }

  /** The document's `GroupConfigurationInput`: an object whose `delete_protection`, if there, is a boolean; left out, nothing changes. */
  updateConfiguration(name: string, body: unknown): Answer {
    const stored = this.#groups.get(name);
    if (!stored) return GROUP_NOT_FOUND;
    if (!isPlainObject(body)) return fail(400, 'invalid request body: expected { delete_protection }');
    const { delete_protection } = body;
    if (delete_protection !== undefined && typeof delete_protection !== 'boolean') {
      return fail(400, `invalid delete_protection: ${excerpt(delete_protection)}: expected true or false`);
    }
    if (delete_protection !== undefined) stored.group = { ...stored.group, delete_protection };
    return { status: 200, body: configurationOf(stored.group) };
  }

  /** `{ group }`, no longer archived; a group that was not archived is answered as it is. */
  unarchive(name: string): Answer {
    const stored = this.#groups.get(name);
    if (!stored) return GROUP_NOT_FOUND;
    stored.group = { ...stored.group, archived: false };
    return { status: 200, body: { group: copy(stored.group) } };
  }

  /**
   * Moves the group, with its uuid and its tokens, to the organization the
   * body names, which the token must be a member of (`organization`
   * returns its groups, else `undefined`). Answers the group itself, not
   * wrapped, as the document says.
   */
  transfer(name: string, body: unknown, organization: (slug: string) => EmulatedGroups | undefined): Answer {
    const stored = this.#groups.get(name);
    if (!stored) return GROUP_NOT_FOUND;
    const slug = isPlainObject(body) ? body.organization : undefined;
    if (typeof slug !== 'string' || slug === '') return fail(400, 'invalid request body: expected { organization }');
    const destination = organization(slug);
    if (destination === undefined) return fail(403, `you are not a member of organization: ${excerpt(slug)}`);
    if (destination === this) return fail(400, `group already belongs to organization: ${excerpt(slug)}`);
    if (destination.#groups.has(name)) return fail(409, 'group already exists');
    this.#groups.delete(name);
    destination.#groups.set(name, stored);
    return { status: 200, body: copy(stored.group) };
  }

  listLocations(): Answer {
    return { status: 200, body: { locations: { ...this.#locations } } };
  }
}

function readPermissions(body: unknown): TokenClaims['p'] | 'invalid' | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object') return 'invalid';
  const permissions = (body as { permissions?: unknown }).permissions;
  if (permissions === undefined) return undefined;
  const databases = (permissions as { read_attach?: { databases?: unknown } } | null)?.read_attach?.databases;
  if (!Array.isArray(databases) || !databases.every((d) => typeof d === 'string')) return 'invalid';
  return { read_attach: { databases: [...databases] } };
}
