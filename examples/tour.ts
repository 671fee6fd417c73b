// The main job: a GroupsStore against the embedded Platform API emulator on
// loopback. Every command shows its effect at once (optimistic), then the
// server's answer confirms it or rolls it back; an answer it cannot read is
// checked by re-reading the group. No account, no network.
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import { createFetchTransport, createGroupsStore, type Group, type GroupMeta } from '../src/index.js';
import { createPlatformEmulator } from '../src/emulator/index.js';
import { listen } from '../src/emulator/node.js';
import { log } from './tourLog.js';

const ORG = 'demo';
const TOKEN = 'dev-token';

function describeGroups(groups: readonly Group[], optimistic: (name: string) => boolean): string {
  return groups.map((g) => `${g.name}(${g.locations.join(' ')})${optimistic(g.name) ? '*' : ''}`).join(' · ') || '(none)';
}

function describeMeta(meta: GroupMeta): string {
  if (meta.pending.length === 0 && meta.unconfirmed.length === 0 && !meta.error && !meta.optimistic) return 'idle';
  const parts = [];
  if (meta.pending.length > 0) parts.push(`pending [${meta.pending.join(', ')}]`);
  if (meta.unconfirmed.length > 0) parts.push(`unconfirmed [${meta.unconfirmed.join(', ')}], re-reading`);
  if (meta.optimistic) parts.push('optimistic');
  if (meta.error) parts.push(`error: ${meta.error.message}`);
  return parts.join(', ');
}

const emulator = createPlatformEmulator({
  org: ORG,
  token: TOKEN,
  groups: [{ name: 'default', locations: ['aws-us-east-1'] }],
  // Slow enough to see the optimistic state before the server answers.
  faults: { latency: { fixedMs: 120 } },
});
const server = await listen(emulator);
console.log(`Platform API emulator at ${server.url} (org "${ORG}"); * marks a group shown before the server confirmed it\n`);

const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: server.url }) });
const subscriptions: Subscription[] = [];
subscriptions.push(store.groups$.subscribe((groups) => log('groups$', describeGroups(groups, (name) => store.getSnapshot().meta.get(name)?.optimistic === true))));
subscriptions.push(store.status$.subscribe((s) => log('status$', `${s.status}${s.fetching ? ' (fetching)' : ''}`)));
subscriptions.push(
  store.events$.subscribe((event) => {
    if (event.type === 'unknown') log('events$', `${event.operation} ${event.group}: unknown outcome (${event.error.message})`);
    if (event.type === 'reconciled') log('events$', `${event.operation} ${event.group}: reconciled, ${event.applied ? 'the server made it' : 'the server did not make it'}`);
  }),
);
for (const name of ['default', 'analytics']) {
  subscriptions.push(store.meta$(name).subscribe((meta) => log('meta$', `${name}: ${describeMeta(meta)}`)));
}

async function step(title: string, run: () => Promise<unknown>): Promise<void> {
  console.log('');
  log('command', title);
  try {
    await run();
  } catch (error) {
    log('rejected', error instanceof Error ? error.message : String(error));
  }
}

try {
  await step('load()', () => store.load());
  await step('create({ name: "analytics", location: "aws-eu-west-1" })', () => store.create({ name: 'analytics', location: 'aws-eu-west-1' }));
  await step('addLocation("analytics", "aws-us-east-2") and removeLocation("analytics", "aws-us-east-2"), back to back', () =>
    Promise.all([store.addLocation('analytics', 'aws-us-east-2'), store.removeLocation('analytics', 'aws-us-east-2')]),
  );
  await step('mintToken("analytics", { expiration: "2w", authorization: "read-only" })', async () => {
    const { jwt } = await store.mintToken('analytics', { expiration: '2w', authorization: 'read-only' });
    // The JWT is the caller's alone: the store never holds it. Print its shape only.
    log('result', `a JWT of ${jwt.length} characters; the emulator says it is ${(await emulator.verifyToken(jwt)).valid ? 'valid' : 'invalid'}`);
  });
  await step('invalidateTokens("analytics")', () => store.invalidateTokens('analytics'));

  emulator.setFaults({ latency: { fixedMs: 120 }, failures: [{ kind: 'status', status: 409, operation: 'addLocation', times: 1, message: 'the server refused it (injected)' }] });
  await step('addLocation("default", "aws-ap-south-1") while the server refuses it: watch it roll back', () => store.addLocation('default', 'aws-ap-south-1'));
  emulator.setFaults({ latency: { fixedMs: 120 }, failures: [{ kind: 'malformed', operation: 'addLocation', times: 1 }] });
  await step('addLocation("default", "aws-ap-south-1") answered unreadably: the store re-reads the group and keeps what the server made', async () => {
    try {
      await store.addLocation('default', 'aws-ap-south-1');
    } finally {
      await firstValueFrom(store.meta$('default').pipe(filter((meta) => meta.unconfirmed.length === 0)));
    }
  });
  emulator.setFaults({ latency: { fixedMs: 120 } });

  await step('addLocation("default", "aws-us-east-1"): the group has it already, so it is refused before the wire', () =>
    store.addLocation('default', 'aws-us-east-1'),
  );
  await step('delete("analytics")', () => store.delete('analytics'));

  console.log(`\nServer truth: ${emulator.snapshot().groups.map((g) => `${g.name}(${g.locations.join(' ')})`).join(' · ')}`);
  console.log(`Store shows:  ${describeGroups(store.getSnapshot().groups, () => false)}`);
} finally {
  for (const subscription of subscriptions) subscription.unsubscribe();
  store.dispose();
  await server.close();
}
