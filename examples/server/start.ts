// `npm start`: builds a dashboard (React unless DASHBOARD says otherwise),
// serves it on 127.0.0.1 and prints its URL. On the embedded emulator by
// default; with TURSO_ORG and TURSO_API_TOKEN, on that organization through
// the proxy, the token kept in this process.
import { buildDashboard } from './buildDashboard.js';
import { checkOrganization } from './checkOrganization.js';
import { DASHBOARDS, startDashboardServer, type DashboardName, type DashboardServer, type RealOrganization } from './dashboardServer.js';

const DEFAULT_PORT = 5180;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readDashboard(value: string | undefined): DashboardName {
  if (value === undefined || value === '') return 'react';
  const name = value.toLowerCase();
  if (!DASHBOARDS.includes(name as DashboardName)) fail(`DASHBOARD must be one of ${DASHBOARDS.join(', ')}; got ${JSON.stringify(value)}`);
  return name as DashboardName;
}

function readPort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`PORT must be a port number from 0 (any free port) to 65535; got ${JSON.stringify(value)}`);
  return port;
}

/** TURSO_OTHER_ORGS, `staging,acme-prod`: the organizations Transfer may offer. */
function readOtherOrgs(value: string | undefined): readonly string[] {
  const slugs = (value ?? '').split(',').map((slug) => slug.trim()).filter((slug) => slug !== '');
  const odd = slugs.find((slug) => !/^[\w-]+$/.test(slug));
  if (odd !== undefined) fail(`TURSO_OTHER_ORGS must be organization slugs separated by commas; got ${JSON.stringify(odd)}`);
  return slugs;
}

function readReal(env: NodeJS.ProcessEnv): RealOrganization | undefined {
  const org = env['TURSO_ORG'];
  const token = env['TURSO_API_TOKEN'];
  if (!org && !token) return undefined;
  if (!org || !token) fail('a real organization needs both TURSO_ORG and TURSO_API_TOKEN (or neither, for the emulator)');
  // Another Platform API than api.turso.tech: a gateway of your own, or (in the tests) an emulator on loopback.
  return { org, token, upstream: env['TURSO_API_URL'] || undefined, otherOrgs: readOtherOrgs(env['TURSO_OTHER_ORGS']) };
}

function isAddressInUse(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EADDRINUSE';
}

const dashboard = readDashboard(process.env['DASHBOARD']);
const port = readPort(process.env['PORT']);
const real = readReal(process.env);

// Once, before the build: a typo in TURSO_ORG should not look like a broken dashboard.
if (real) {
  console.log(`Checking TURSO_ORG "${real.org}" and TURSO_API_TOKEN with ${real.upstream ?? 'the Turso Platform API'}…`);
  const problem = await checkOrganization(real);
  if (problem !== undefined) fail(problem);
}

console.log(`Building the ${dashboard} dashboard…`);
try {
  await buildDashboard(dashboard);
} catch (error) {
  fail(`the ${dashboard} dashboard did not build: ${error instanceof Error ? error.message : String(error)}`);
}

let server: DashboardServer;
try {
  server = await startDashboardServer({ dashboard, port: port ?? DEFAULT_PORT, real });
} catch (error) {
  // The usual port taken by something else: any free one will do. A port asked for by PORT is not replaced.
  if (port !== undefined || !isAddressInUse(error)) throw error;
  server = await startDashboardServer({ dashboard, port: 0, real });
}

// The token is never printed: only the organization's name.
const on = real
  ? `organization "${real.org}"${real.upstream ? ` at ${real.upstream}` : ''} through the proxy (the token stays in this process)`
  : 'the embedded emulator (organization "demo"; Transfer can move a group to "staging")';
console.log(`The ${dashboard} dashboard, on ${on}:`);
console.log(`  ${server.url}`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
