// A short tour of the eight Groups operations, through the API client, against
// the embedded emulator on loopback. No account and no network needed.
import { createFetchTransport, createGroupsApi, isGroupsError } from '../src/index.js';
import { createPlatformEmulator } from '../src/emulator/index.js';
import { listen } from '../src/emulator/node.js';

const ORG = 'demo';
const TOKEN = 'dev-token';

function show(label: string, value: unknown): void {
  console.log(`→ ${label}`);
  console.log(`  ${JSON.stringify(value)}`);
}

// A minted JWT is a credential: print its shape, never the token itself.
function masked(jwt: string): string {
  return `<jwt: ${jwt.split('.').length} parts, ${jwt.length} chars>`;
}

const emulator = createPlatformEmulator({
  org: ORG,
  token: TOKEN,
  groups: [{ name: 'default', locations: ['aws-us-east-1'] }],
});
const server = await listen(emulator);
console.log(`Platform API emulator listening at ${server.url} (org "${ORG}")\n`);

const api = createGroupsApi({ org: ORG, transport: createFetchTransport({ baseURL: server.url, token: TOKEN }) });

try {
  show('list groups', await api.list());
  show('create group "edge" in aws-eu-west-1', await api.create({ name: 'edge', location: 'aws-eu-west-1' }));
  show('retrieve group "edge"', await api.retrieve('edge'));
  show('add location aws-us-east-2 to "edge"', await api.addLocation('edge', 'aws-us-east-2'));
  show('remove location aws-us-east-2 from "edge"', await api.removeLocation('edge', 'aws-us-east-2'));

  const { jwt } = await api.mintToken('edge', { expiration: '2w', authorization: 'read-only' });
  show('mint a read-only token for "edge", expiring in 2w', masked(jwt));
  show('the emulator verifies it', (await emulator.verifyToken(jwt)).valid);
  await api.invalidateTokens('edge');
  show('invalidate tokens of "edge"; the token is now', await emulator.verifyToken(jwt).then((v) => (v.valid ? 'valid' : v.reason)));

  show('delete group "edge"', await api.delete('edge'));

  console.log('\nErrors are typed, and bad input never reaches the wire:');
  for (const attempt of [
    () => api.retrieve('edge'),
    () => api.create({ name: 'default', location: 'aws-us-east-1' }),
    () => api.create({ name: 'Not Valid!', location: 'aws-us-east-1' }),
    () => api.mintToken('default', { expiration: 'tomorrow' }),
  ]) {
    try {
      await attempt();
    } catch (error) {
      if (!isGroupsError(error)) throw error;
      console.log(`  ${error.code.padEnd(10)} ${error.message}`);
    }
  }
  console.log(`\n${emulator.requests.length} requests served; groups now: ${emulator.snapshot().groups.map((g) => g.name).join(', ')}`);
} finally {
  await server.close();
}
