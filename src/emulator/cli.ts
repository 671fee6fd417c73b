#!/usr/bin/env node
// turso-groups-emulator: serves the Platform API emulator on loopback.
import { parseArgs } from 'node:util';
import { listen } from './nodeServer.js';
import { createPlatformEmulator } from './platformEmulator.js';

const USAGE = `usage: turso-groups-emulator [--port 8787] [--host 127.0.0.1] [--org demo] [--token dev-token] [--seed 1] [--empty] [--other-org staging]…`;

// A new Turso organization has one group, `default`, and so does the
// emulator's (as `npm start`'s does): a first list shows something. `--empty`
// starts with none.
const NEW_ORGANIZATION = [{ name: 'default', locations: ['aws-us-east-1'] }];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      org: { type: 'string', default: 'demo' },
      token: { type: 'string', default: 'dev-token' },
      seed: { type: 'string', default: '1' },
      empty: { type: 'boolean', default: false },
      // Another organization the token is a member of (a transfer's destination); repeatable.
      'other-org': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const seed = Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || !Number.isInteger(seed)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const groups = values.empty ? [] : NEW_ORGANIZATION;
  const otherOrgs = values['other-org'];
  const emulator = createPlatformEmulator({ org: values.org, otherOrgs, token: values.token, seed, groups });
  const server = await listen(emulator, { port, host: values.host });
  // The token is the caller's own (it was on the command line); print only where to send it.
  const holding = groups.length === 0 ? 'no groups' : `groups: ${groups.map((g) => g.name).join(', ')}`;
  const others = otherOrgs.map((org) => ` and org "${org}" (no groups)`).join('');
  console.log(`turso-groups-emulator: org "${values.org}" (${holding})${others} at ${server.url} (Ctrl-C stops it)`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`turso-groups-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
