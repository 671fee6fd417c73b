// npm run tour:live: live data on the embedded emulator. Two stores (two
// "tabs") of one organization share a BroadcastChannel; one polls; a change
// made elsewhere is found by a poll; a command issued offline is held, shown,
// and sent on reconnect. No account, no network.
import type { Subscription } from 'rxjs';
import { createFetchTransport, createGroupsApi, createGroupsStore, manualEnvironment, type Group, type GroupsStore } from '../src/index.js';
import { createPlatformEmulator } from '../src/emulator/index.js';
import { listen } from '../src/emulator/node.js';
import { log } from './tourLog.js';

const ORG = 'demo';
const TOKEN = 'dev-token';

const describeGroups = (groups: readonly Group[]): string => groups.map((g) => `${g.name}(${g.locations.join(' ')})`).join(' · ') || '(none)';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, for at most `ms`. */
async function until(done: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(10);
}

const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'default', locations: ['aws-us-east-1'] }] });
const server = await listen(emulator);
let requestsOfB = 0;
const transport = (counted: boolean) =>
  createFetchTransport({
    token: TOKEN,
    baseURL: server.url,
    fetch: (input, init) => {
      if (counted) requestsOfB += 1;
      return fetch(input, init);
    },
  });
console.log(`Platform API emulator at ${server.url}; tab A polls every 300 ms, tab B listens\n`);

const environmentOfB = manualEnvironment();
const a = createGroupsStore({ org: ORG, transport: transport(false), crossTab: true, refetchInterval: 300 });
const b = createGroupsStore({ org: ORG, transport: transport(true), crossTab: true, environment: environmentOfB });
const subscriptions: Subscription[] = [
  a.groups$.subscribe((groups) => log('tab-A', describeGroups(groups))),
  b.groups$.subscribe((groups) => log('tab-B', describeGroups(groups))),
  b.meta$('offline-edit').subscribe((meta) => {
    if (meta.pending.length > 0) log('tab-B', `offline-edit: pending [${meta.pending.join(', ')}]${meta.paused ? ', paused until the network is back' : ''}`);
  }),
];
const shows = (store: GroupsStore, text: string): boolean => describeGroups(store.getSnapshot().groups).includes(text);

try {
  console.log('');
  log('command', 'tab A: load()');
  await a.load();
  await until(() => shows(b, 'default'));

  console.log('');
  log('command', 'tab A: addLocation("default", "aws-eu-west-1"); tab B hears of it without a request');
  await a.addLocation('default', 'aws-eu-west-1');
  await until(() => shows(b, 'aws-eu-west-1'));

  console.log('');
  log('command', 'someone else creates "reports" on the server; tab A finds it at its next poll, tab B hears of it');
  await createGroupsApi({ org: ORG, transport: transport(false) }).create({ name: 'reports', location: 'aws-us-east-2' });
  await until(() => shows(a, 'reports') && shows(b, 'reports'));

  console.log('');
  log('command', 'tab B goes offline, then create({ name: "offline-edit", location: "aws-us-west-2" })');
  environmentOfB.setOnline(false);
  const created = b.create({ name: 'offline-edit', location: 'aws-us-west-2' });
  await sleep(200);
  log('command', 'tab B is back online: the held command is sent, once');
  environmentOfB.setOnline(true);
  await created;
  await until(() => shows(a, 'offline-edit'));

  console.log(`\nServer truth: ${describeGroups(emulator.snapshot().groups)}`);
  console.log(`Tab A shows:  ${describeGroups(a.getSnapshot().groups)}`);
  console.log(`Tab B shows:  ${describeGroups(b.getSnapshot().groups)}`);
  console.log(`Tab B sent ${requestsOfB} request(s) of its own; it heard ${b.getTabStats().received} message(s) from tab A`);
} finally {
  for (const subscription of subscriptions) subscription.unsubscribe();
  a.dispose();
  b.dispose();
  await server.close();
}
