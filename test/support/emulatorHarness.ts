import { afterEach } from 'vitest';
import { createFetchTransport, createGroupsApi, type FetchTransportOptions, type GroupsApi, type Transport } from '../../src/index.js';
import { createPlatformEmulator, type PlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { listen } from '../../src/emulator/node.js';

export const ORG = 'acme';
export const TOKEN = 'test-platform-token-5f0c';

/** How the API reaches the emulator: real HTTP on loopback, or its in-memory fetch. */
export type Wire = 'http' | 'in-memory';
export const WIRES: readonly Wire[] = ['http', 'in-memory'];

export interface Harness {
  readonly emulator: PlatformEmulator;
  readonly api: GroupsApi;
  /** The transport under the API, to send what the API itself would refuse. */
  readonly transport: Transport;
  /** Where the API is served (a loopback URL over HTTP). */
  readonly baseURL: string;
}

const servers: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A fresh emulator and an API client wired to it; servers stop after each test. */
export async function startHarness(
  wire: Wire,
  emulatorOptions: Partial<PlatformEmulatorOptions> = {},
  transportOptions: FetchTransportOptions = {},
): Promise<Harness> {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, ...emulatorOptions });
  let baseURL = 'http://emulator.invalid';
  let fetch: typeof globalThis.fetch | undefined = emulator.fetch;
  if (wire === 'http') {
    const server = await listen(emulator);
    servers.push(server);
    baseURL = server.url;
    fetch = undefined;
  }
  const transport = createFetchTransport({ token: TOKEN, baseURL, retryDelay: 0, ...(fetch ? { fetch } : {}), ...transportOptions });
  return { emulator, api: createGroupsApi({ org: ORG, transport }), transport, baseURL };
}

/** The rejection of a promise that must fail; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Every string reachable from a value: own properties (enumerable or not) and causes. */
export function reachableText(value: unknown, seen = new Set<unknown>()): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || seen.has(value)) return '';
  seen.add(value);
  const parts: string[] = [];
  if (value instanceof Error) parts.push(value.message, value.stack ?? '', reachableText(value.cause, seen));
  for (const key of Object.getOwnPropertyNames(value)) {
    parts.push(reachableText((value as Record<string, unknown>)[key], seen));
  }
  return parts.join('\n');
}
