// Global setup of the browser project: a page cannot listen, so Node serves
// the emulator on loopback for the tests running in Chromium, and stops it after.
import type { TestProject } from 'vitest/node';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { listen } from '../../src/emulator/node.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An emulator for org "acme", token "browser-token". */
    emulatorUrl: string;
    /** The same, but every locations list is answered 429 with Retry-After: 7. */
    rateLimitedUrl: string;
    /** Org "acme" with group "default": every addLocation is answered after 1.5 s, refused with a 400. */
    refusingUrl: string;
    /**
     * Org "acme" with group "default", for the persistence tests alone: their
     * held creates reach the server and stay there, which no other test's
     * whole list should see.
     */
    persistenceUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const plain = createPlatformEmulator({ org: 'acme', token: 'browser-token', groups: [{ name: 'default', locations: ['lhr'] }] });
  const limited = createPlatformEmulator({
    org: 'acme',
    token: 'browser-token',
    faults: { failures: [{ kind: 'status', status: 429, retryAfter: 7, operation: 'listLocations' }] },
  });
  const refusing = createPlatformEmulator({
    org: 'acme',
    token: 'browser-token',
    groups: [{ name: 'default', locations: ['lhr'] }],
    faults: { latency: { perOperation: { addLocation: 1500 } }, failures: [{ kind: 'status', status: 400, message: 'invalid location', operation: 'addLocation' }] },
  });
  const persistence = createPlatformEmulator({ org: 'acme', token: 'browser-token', groups: [{ name: 'default', locations: ['lhr'] }] });
  const servers = [await listen(plain), await listen(limited), await listen(refusing), await listen(persistence)];
  project.provide('emulatorUrl', servers[0]?.url ?? '');
  project.provide('rateLimitedUrl', servers[1]?.url ?? '');
  project.provide('refusingUrl', servers[2]?.url ?? '');
  project.provide('persistenceUrl', servers[3]?.url ?? '');
  return async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
}
