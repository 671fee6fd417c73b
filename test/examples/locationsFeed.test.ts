// The locations behind the create form: read with the first subscriber,
// read again after a failure when the groups list loads or on retry(), and
// given up on (aborted) when the last subscriber leaves.
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Locations, StoreEvent } from 'turso-groups-store';
import { LocationsFeed, type LocationsState } from '../../examples/shared/locationsFeed.js';

const LOCATIONS: Locations = Object.freeze({ fra: 'Frankfurt, Germany', lhr: 'London, United Kingdom' });
const listLoaded: StoreEvent = Object.freeze({ type: 'success', id: 1, operation: 'list', group: undefined });

function setup(answers: (() => Promise<Locations>)[]) {
  const events$ = new Subject<StoreEvent>();
  const signals: AbortSignal[] = [];
  const feed = new LocationsFeed((signal) => {
    signals.push(signal);
    const answer = answers.shift();
    if (!answer) throw new Error('asked once too often');
    return answer();
  }, { events$ });
  const states: LocationsState['status'][] = [];
  return { events$, feed, signals, states, watch: () => feed.subscribe((state) => states.push(state.status)) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LocationsFeed', () => {
  it('reads again after a failure when the list loads, and not once it has them', async () => {
    const { events$, feed, states, watch } = setup([() => Promise.reject(new Error('500')), () => Promise.resolve(LOCATIONS)]);
    watch();
    await flush();
    events$.next(listLoaded);
    await flush();
    events$.next(listLoaded);
    feed.retry();
    await flush();
    expect(states).toEqual(['loading', 'error', 'loading', 'ready']);
    expect(feed.getSnapshot().locations).toBe(LOCATIONS);
  });

  it('reads again on retry(), once while a read is on its way', async () => {
    const { feed, states, watch } = setup([() => Promise.reject(new Error('down')), () => Promise.resolve(LOCATIONS)]);
    watch();
    await flush();
    feed.retry();
    feed.retry();
    await flush();
    expect(states).toEqual(['loading', 'error', 'loading', 'ready']);
  });

  it('reads nothing before a subscriber, and aborts the read when the last one leaves', async () => {
    const { feed, signals, watch } = setup([() => new Promise<Locations>(() => {}), () => Promise.resolve(LOCATIONS)]);
    feed.retry();
    expect(signals).toEqual([]);
    const stop = watch();
    stop();
    expect(signals.map((signal) => signal.aborted)).toEqual([true]);
    watch();
    await flush();
    expect(feed.getSnapshot().status).toBe('ready');
  });
});
