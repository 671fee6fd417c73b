import { describe, expect, it } from 'vitest';
import { RequestAborts } from '../../src/store/requestAborts.js';

describe('RequestAborts (the signals of requests only dispose aborts)', () => {
  it('gives one controller to 8 requests at most, over its whole life', () => {
    const aborts = new RequestAborts();
    const first = Array.from({ length: 8 }, () => aborts.take());
    expect(new Set(first).size).toBe(1);
    for (const controller of first) aborts.release(controller);
    // All 8 are done: the next request still gets a new one (a transport may have left its listeners on the old).
    const ninth = aborts.take();
    expect(ninth).not.toBe(first[0]);
  });

  it('aborts the controllers of the requests in flight, and only those', () => {
    const aborts = new RequestAborts();
    const done = Array.from({ length: 8 }, () => aborts.take());
    for (const controller of done) aborts.release(controller);
    const inFlight = [aborts.take(), aborts.take()];
    aborts.release(inFlight[1] as AbortController); // one of the two sharing it ended: the other still holds it
    aborts.abortAll();
    expect(done[0]?.signal.aborted).toBe(false);
    expect(inFlight.map((c) => c.signal.aborted)).toEqual([true, true]);
    // After dispose, a request (there is none: the store refuses them) would get a fresh controller.
    expect(aborts.take().signal.aborted).toBe(false);
  });
});
