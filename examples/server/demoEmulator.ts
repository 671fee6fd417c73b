// The emulator `npm start` runs when no real organization is given: an
// organization as a new Turso one looks (a `default` group), plus a couple
// more so adding and removing locations has something to show, and a second
// organization the same token reaches, so Transfer has somewhere to go.
import { randomUUID } from 'node:crypto';
import { createPlatformEmulator, type PlatformEmulator, type SeedGroup } from 'turso-groups-store/emulator';

export const DEMO_ORG = 'demo';

/** The other organizations the demo's token is a member of: where a transfer may move a group. They start empty. */
export const DEMO_OTHER_ORGS: readonly string[] = ['staging'];

export const DEMO_GROUPS: readonly SeedGroup[] = [
  { name: 'default', locations: ['aws-us-east-1'] },
  { name: 'eu', locations: ['fra', 'ams'], primary: 'fra' },
  { name: 'apac', locations: ['nrt', 'syd', 'aws-ap-south-1'], primary: 'nrt' },
];

export interface DemoEmulator {
  readonly emulator: PlatformEmulator;
  readonly org: string;
  /** The other organizations it serves with the same token. */
  readonly otherOrgs: readonly string[];
  /** The emulator's Platform API token: the server adds it; it never leaves the Node process. */
  readonly token: string;
}

export function createDemoEmulator(): DemoEmulator {
  const token = `emulator-${randomUUID()}`;
  // A seed from the clock: each run mints different uuids and tokens, as a real organization would.
  const emulator = createPlatformEmulator({ org: DEMO_ORG, otherOrgs: DEMO_OTHER_ORGS, token, groups: DEMO_GROUPS, seed: Date.now() % 2_147_483_647 });
  return { emulator, org: DEMO_ORG, otherOrgs: DEMO_OTHER_ORGS, token };
}
