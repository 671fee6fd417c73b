import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

// `npm run emulator` runs the source with tsx; the package's bin (what `npx
// turso-groups-emulator` runs) is a wrapper that, in a checkout with no build,
// runs the same source.
const COMMANDS = [
  ['npm run emulator', ['--import', 'tsx', 'src/emulator/cli.ts']],
  ['the bin, unbuilt', ['bin/turso-groups-emulator.js']],
] as const;

/** Runs the command until `use` is done with the URL it prints, then stops it; resolves with what it printed and its exit code. */
async function serving(args: readonly string[], use: (url: string) => Promise<void>): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    await use(url);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  return { output, code };
}

describe('the turso-groups-emulator command', () => {
  it.each(COMMANDS)('(%s) serves the given org and token on loopback until it is stopped, with the default group a new organization has', async (_, command) => {
    const answers: unknown[] = [];
    const { output, code } = await serving([...command, '--port', '0', '--org', 'cli-org', '--token', 'cli-token'], async (url) => {
      const ok = await fetch(`${url}/v1/organizations/cli-org/groups`, { headers: { authorization: 'Bearer cli-token' } });
      answers.push(ok.status, await ok.json());
      const denied = await fetch(`${url}/v1/organizations/cli-org/groups`, { headers: { authorization: 'Bearer other' } });
      answers.push(denied.status);
    });

    expect(answers).toEqual([
      200,
      { groups: [expect.objectContaining({ name: 'default', locations: ['aws-us-east-1'], primary: 'aws-us-east-1' })] },
      401,
    ]);
    expect(output).toContain('org "cli-org" (groups: default) at http://127.0.0.1:');
    expect(output).not.toContain('cli-token');
    expect(code).toBe(0);
  });

  it('--empty starts with no groups', async () => {
    const answers: unknown[] = [];
    const { output } = await serving([...COMMANDS[0][1], '--port', '0', '--empty'], async (url) => {
      const ok = await fetch(`${url}/v1/organizations/demo/groups`, { headers: { authorization: 'Bearer dev-token' } });
      answers.push(ok.status, await ok.json());
    });

    expect(answers).toEqual([200, { groups: [] }]);
    expect(output).toContain('org "demo" (no groups) at');
  });

  it('--other-org (repeatable) serves more organizations with the same token', async () => {
    const answers: unknown[] = [];
    const { output } = await serving([...COMMANDS[0][1], '--port', '0', '--other-org', 'staging', '--other-org', 'lab'], async (url) => {
      for (const org of ['staging', 'lab', 'elsewhere']) {
        answers.push((await fetch(`${url}/v1/organizations/${org}/groups`, { headers: { authorization: 'Bearer dev-token' } })).status);
      }
    });

    expect(answers).toEqual([200, 200, 403]);
    expect(output).toContain('org "demo" (groups: default) and org "staging" (no groups) and org "lab" (no groups) at');
  });

  it('refuses a bad port with its usage', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', 'http'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(errors).toContain('usage: turso-groups-emulator');
  });
});
