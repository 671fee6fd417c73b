import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function run(script: string): { stdout: string; stderr: string; status: number | null } {
  return spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
}

/** The lines of one channel, without their timestamps. */
function channel(stdout: string, name: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^\[\s*\d+ ms\] (\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === name)
    .map((m) => m[2] ?? '');
}

describe('npm run tour (the store tour)', () => {
  it('shows each command optimistic first, then confirmed, rolled back, or re-read, and ends where the server is', () => {
    const { stdout, stderr, status } = run('examples/tour.ts');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(channel(stdout, 'groups$')).toEqual([
      '(none)',
      'default(aws-us-east-1)',
      'default(aws-us-east-1) · analytics(aws-eu-west-1)*',
      'default(aws-us-east-1) · analytics(aws-eu-west-1)',
      'default(aws-us-east-1) · analytics(aws-eu-west-1 aws-us-east-2)',
      'default(aws-us-east-1) · analytics(aws-eu-west-1)',
      'default(aws-us-east-1 aws-ap-south-1) · analytics(aws-eu-west-1)',
      'default(aws-us-east-1) · analytics(aws-eu-west-1)', // the refusal rolls back
      'default(aws-us-east-1 aws-ap-south-1) · analytics(aws-eu-west-1)', // shown again; the unreadable answer changes nothing shown
      'default(aws-us-east-1 aws-ap-south-1)',
    ]);
    expect(channel(stdout, 'events$')).toEqual([
      'addLocation default: unknown outcome (add location to group "default": unexpected response: expected { group: Group })',
      'addLocation default: reconciled, the server made it',
    ]);
    expect(channel(stdout, 'rejected')).toEqual([
      'add location to group "default": 409 the server refused it (injected)',
      'add location to group "default": unexpected response: expected { group: Group }',
      'add location to group "default": group already has location "aws-us-east-1"',
    ]);
    expect(stdout).toContain('Server truth: default(aws-us-east-1 aws-ap-south-1)\nStore shows:  default(aws-us-east-1 aws-ap-south-1)');
    expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});

describe('npm run tour:api (the API client tour)', () => {
  it('runs all eight operations against the embedded emulator and never prints a JWT', () => {
    const { stdout, stderr, status } = run('examples/apiTour.ts');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const steps = stdout.split('\n').filter((line) => line.startsWith('→ ')).map((line) => line.slice(2).split(' ').slice(0, 2).join(' '));
    expect(steps).toEqual(['list groups', 'create group', 'retrieve group', 'add location', 'remove location', 'mint a', 'the emulator', 'invalidate tokens', 'delete group']);
    expect(stdout).toContain('"invalidated"');
    expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});

describe('npm run tour:live (live data)', () => {
  it('shows a change crossing tabs, a poll finding a server-side change, and an offline command sent on reconnect', () => {
    const { stdout, stderr, status } = run('examples/liveTour.ts');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const tabB = channel(stdout, 'tab-B');
    expect(tabB).toContain('default(aws-us-east-1 aws-eu-west-1)'); // tab A's change, heard
    expect(tabB).toContain('default(aws-us-east-1 aws-eu-west-1) · reports(aws-us-east-2)'); // tab A's poll, heard
    expect(tabB).toContain('offline-edit: pending [create], paused until the network is back');
    const truth = /Server truth: (.*)/.exec(stdout)?.[1];
    expect(truth).toBe('default(aws-us-east-1 aws-eu-west-1) · reports(aws-us-east-2) · offline-edit(aws-us-west-2)');
    expect(stdout).toContain(`Tab A shows:  ${truth}`);
    expect(stdout).toContain(`Tab B shows:  ${truth}`);
    // Tab B's own requests: the held create, and one refresh when the network came back.
    expect(stdout).toMatch(/Tab B sent 2 request\(s\) of its own/);
  });
});
