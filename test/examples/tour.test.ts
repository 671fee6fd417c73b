import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm start (the tour)', () => {
  it('runs all eight operations against the embedded emulator and never prints a JWT', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/tour.ts'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const steps = run.stdout.split('\n').filter((line) => line.startsWith('→ ')).map((line) => line.slice(2).split(' ').slice(0, 2).join(' '));
    expect(steps).toEqual([
      'list groups',
      'create group',
      'retrieve group',
      'add location',
      'remove location',
      'mint a',
      'the emulator',
      'invalidate tokens',
      'delete group',
    ]);
    expect(run.stdout).toContain('"invalidated"');
    expect(run.stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});
