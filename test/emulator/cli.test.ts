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

describe('the turso-groups-emulator command', () => {
  it.each(COMMANDS)('(%s) serves the given org and token on loopback until it is stopped', async (_, command) => {
    const child = spawn(process.execPath, [...command, '--port', '0', '--org', 'cli-org', '--token', 'cli-token'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      expect(output).not.toContain('cli-token');
      const ok = await fetch(`${url}/v1/organizations/cli-org/groups`, { headers: { authorization: 'Bearer cli-token' } });
      expect([ok.status, await ok.json()]).toEqual([200, { groups: [] }]);
      const denied = await fetch(`${url}/v1/organizations/cli-org/groups`, { headers: { authorization: 'Bearer other' } });
      expect(denied.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
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
