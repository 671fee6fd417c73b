// The bench's server: the emulator's own server-side truth (EmulatedGroups,
// the class behind createPlatformEmulator), called in process without HTTP
// objects. It keeps state, so a contender that ends showing something else
// than the server holds is caught, and its own time is measured so that a
// timed sample can leave it out (a real server does that work elsewhere).
//
// Why not the emulator's `fetch`: its Request/Response objects, routing and
// JSON cost more than the stores' own work (`npm run bench` prints both), so
// timings through it would mostly time the emulator.
import type { Group } from '../src/index.js';
import { EmulatedGroups } from '../src/emulator/emulatedGroups.js';
import { importSigningKey } from '../src/emulator/jwt.js';
import { DEFAULT_LOCATIONS, readEmulatorOptions } from '../src/emulator/emulatorOptions.js';
import { randomBytes, seededRandom } from '../src/emulator/random.js';
import { matchRoute } from '../src/emulator/routes.js';
import { seedGroups } from './seed.js';

export { groupName, LIST_PATH, locationPath, ORG, seedGroups } from './seed.js';

/** A non-2xx answer, as every contender's fetch wrapper reports it. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(`${status} ${message}`);
    this.status = status;
  }
}

export type Method = 'GET' | 'POST' | 'DELETE' | 'PATCH';

/** What every contender calls: method and path in, the parsed JSON body out (or an HttpError). */
export type Call = (method: Method, path: string) => Promise<unknown>;

export class BenchServer {
  readonly #groups: EmulatedGroups;
  #spentMs = 0;
  /** Bumped by every change, so a prepared list answer is used only while it is current. */
  #version = 0;
  #prepared: { version: number; body: unknown } | undefined;
  #fails: (name: string) => boolean = () => false;
  /** A list asked for before this many add-locations were answered waits for them (see holdListUntil). */
  #listNotBefore = 0;
  #heldLists: Array<() => void> = [];
  /** Requests seen, by operation. */
  readonly requests = { list: 0, addLocation: 0, failed: 0 };
  /** For each list answered: how many add-locations the server had answered before it. */
  readonly listsAfter: number[] = [];

  constructor(count: number) {
    const random = seededRandom(1);
    // Through the emulator's own checks, which fill in each group's primary.
    const { groups } = readEmulatorOptions({ org: 'bench', token: 't', groups: seedGroups(count) });
    this.#groups = new EmulatedGroups(DEFAULT_LOCATIONS, random, () => 0, importSigningKey(randomBytes(random, 32)), groups);
  }

  /** Milliseconds spent inside the server (state, JSON out and in) since it started. */
  get spentMs(): number {
    return this.#spentMs;
  }

  /** The server-side truth, in its order. */
  groups(): Group[] {
    return this.#groups.snapshot();
  }

  /** From now on, add-locations on groups for which `fails` is true answer 503 and change nothing. */
  failWhen(fails: (name: string) => boolean): void {
    this.#fails = fails;
  }

  /**
   * A list asked for before `count` add-locations were answered is answered
   * right after the `count`-th: a slow list, which lands amid the commands'
   * answers whatever order each library sends its requests in.
   */
  holdListUntil(count: number): void {
    this.#listNotBefore = count;
  }

  /**
   * Builds the next list answer now, outside any timed section, so a timed
   * load starts from a parsed body like every other contender's. Used only
   * if nothing changes before the list is asked for.
   */
  prepareList(): void {
    this.#prepared = { version: this.#version, body: this.#wire(this.#groups.list().body) };
  }

  /** A change made elsewhere (another client): adds a location to one group. */
  changeElsewhere(name: string, location: string): void {
    const answer = this.#groups.addLocation(name, location);
    if (answer.status !== 200) throw new Error(`bench server: could not change ${name}: ${answer.status}`);
    this.#version += 1;
  }

  readonly call: Call = (method, path) => {
    const start = performance.now();
    try {
      return this.#answer(method, path);
    } finally {
      this.#spentMs += performance.now() - start;
    }
  };

  #answer(method: Method, path: string): Promise<unknown> {
    const route = matchRoute(method, path);
    if (route === undefined || 'kind' in route) return Promise.reject(new HttpError(404, 'not found'));
    if (route.operation === 'list') {
      this.requests.list += 1;
      if (this.requests.addLocation >= this.#listNotBefore) return Promise.resolve(this.#list());
      return new Promise((resolve) => this.#heldLists.push(() => resolve(this.#list())));
    }
    if (route.operation === 'addLocation') {
      const answer = this.#addLocation(route.group ?? '', route.location ?? '');
      // The held list is answered right after this add-location, which its answer holds.
      if (this.requests.addLocation === this.#listNotBefore) this.#releaseLists();
      return answer;
    }
    return Promise.reject(new HttpError(405, `the bench server does not serve ${route.operation}`));
  }

  #addLocation(name: string, location: string): Promise<unknown> {
    this.requests.addLocation += 1;
    if (this.#fails(name)) {
      this.requests.failed += 1;
      return Promise.reject(new HttpError(503, 'injected fault'));
    }
    const answer = this.#groups.addLocation(name, location);
    if (answer.status !== 200) return Promise.reject(new HttpError(answer.status, JSON.stringify(answer.body)));
    this.#version += 1;
    return Promise.resolve(this.#wire(answer.body));
  }

  #list(): unknown {
    this.listsAfter.push(this.requests.addLocation);
    const prepared = this.#prepared;
    this.#prepared = undefined;
    return prepared?.version === this.#version ? prepared.body : this.#wire(this.#groups.list().body);
  }

  /** Answers the held lists, right after the add-location they waited for (its own answer goes first). */
  #releaseLists(): void {
    const held = this.#heldLists;
    this.#heldLists = [];
    for (const answer of held) answer();
  }

  /** What the client gets: a fresh object, as `JSON.parse` of a response body gives. */
  #wire(body: unknown): unknown {
    return JSON.parse(JSON.stringify(body)) as unknown;
  }
}
