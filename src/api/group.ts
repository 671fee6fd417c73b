/**
 * A group as the Turso Platform API returns it.
 *
 * Fields the contract does not name are kept as they came (the index
 * signature), so a newer server's additions survive a round trip.
 */
export interface Group {
  /** The group name, unique across the organization. */
  readonly name: string;
  /** Location keys the group is replicated to (`lhr` or `aws-us-east-1` style). */
  readonly locations: readonly string[];
  /** The primary location key. */
  readonly primary: string;
  readonly uuid?: string;
  /** @deprecated by Turso; the libSQL server version the group runs. */
  readonly version?: string;
  /**
   * True once Turso archived the group for inactivity (free-plan groups,
   * after about ten days idle); `unarchive` brings it back.
   */
  readonly archived?: boolean;
  /** When true, the group and its databases cannot be deleted; see `updateConfiguration`. */
  readonly delete_protection?: boolean;
  readonly [field: string]: unknown;
}

/**
 * A group's configuration, as `GET` and `PATCH …/groups/{name}/configuration`
 * answer it (not a group). Fields the contract does not name are kept.
 */
export interface GroupConfiguration {
  /** When true, deleting the group (and its databases) is refused. */
  readonly delete_protection: boolean;
  readonly [field: string]: unknown;
}

/** The body of `PATCH …/groups/{name}/configuration`. */
export interface GroupConfigurationUpdate {
  /** Turns delete protection on (`true`) or off (`false`). */
  readonly delete_protection: boolean;
}

/** The extension names Turso documents for `NewGroup.extensions`. */
export const EXTENSIONS = [
  'vector',
  'crypto',
  'fuzzy',
  'math',
  'stats',
  'text',
  'unicode',
  'uuid',
  'regexp',
  'vec',
] as const;

export type Extension = (typeof EXTENSIONS)[number];

/** The body of `POST /v1/organizations/{org}/groups`. */
export interface NewGroup {
  /** Lowercase letters, digits and dashes; see {@link isValidGroupName}. */
  readonly name: string;
  /** The location key of the group's primary location. */
  readonly location: string;
  /** `'all'`, or the extensions to enable for new databases in this group. */
  readonly extensions?: 'all' | readonly Extension[];
}

export type Authorization = 'full-access' | 'read-only';

export const AUTHORIZATIONS: readonly Authorization[] = ['full-access', 'read-only'];

/** Options of `POST …/groups/{name}/auth/tokens`. */
export interface TokenOptions {
  /**
   * `'never'` or a duration such as `2w1d30m` (units w, d, h, m, s, largest first).
   * @default 'never' (the server's default)
   */
  readonly expiration?: string;
  /** @default 'full-access' (the server's default) */
  readonly authorization?: Authorization;
  /** Extra claims: databases the token may `ATTACH` read-only. */
  readonly permissions?: {
    readonly read_attach: { readonly databases: readonly string[] };
  };
}

/** What mint token answers. The JWT is a secret: hand it on, never store it. */
export interface MintedToken {
  readonly jwt: string;
}

/** `GET /v1/locations`: location key → human-readable name. */
export type Locations = Readonly<Record<string, string>>;
