import { describe, expect, it } from 'vitest';
import { runSoak } from './chaosSoak.js';

// The short chaos soak, on a fresh seed each run; `npm run soak` runs the long one.
describe('chaos soak (short)', () => {
  it('keeps every promise through a few hundred commands under faults', async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const report = await runSoak({ seed, commands: 1500 });
    // The seed is in the message, so a failure replays with `npm run soak -- --seed N --commands 1500`.
    expect({ seed, problems: report.problems }).toEqual({ seed, problems: [] });
    expect(report.commands).toBe(1500);
    expect(report.faultRate).toBeGreaterThan(0.1);
  }, 60_000);

  it('with the stores listening to the proxy’s change feed, each equals the server at every quiet point without a list', async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const report = await runSoak({ seed, commands: 600, feed: true });
    // Replays with `npm run soak -- --seed N --commands 600 --feed`.
    expect({ seed, problems: report.problems }).toEqual({ seed, problems: [] });
    expect(report.commands).toBe(600);
    expect(report.faultRate).toBeGreaterThan(0.1);
  }, 60_000);
});
