import type { ChangeBus } from './changeBus.js';

/** Why a bus call was given up on. */
export class BusTimeoutError extends Error {
  constructor(method: string, ms: number) {
    super(`the change bus did not answer ${method} within ${ms} ms`);
    this.name = 'BusTimeoutError';
  }
}

function within<T>(method: string, ms: number, call: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BusTimeoutError(method, ms)), ms);
    // A bus that throws instead of rejecting is a rejection all the same.
    Promise.resolve()
      .then(call)
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
}

/**
 * `bus` with every call given up after `ms`: a bus across the network (one
 * whose client queues commands while it reconnects) must not hold a
 * request, a stream or the poll for longer.
 */
export function timedBus(bus: ChangeBus, ms: number): ChangeBus {
  return {
    publish: (org, change, options) => within('publish', ms, () => bus.publish(org, change, options)),
    current: (org) => within('current', ms, () => bus.current(org)),
    since: (org, position) => within('since', ms, () => bus.since(org, position)),
    subscribe: async (org, listener) => {
      const subscribing = bus.subscribe(org, listener);
      try {
        return await within('subscribe', ms, () => subscribing);
      } catch (error) {
        // Confirmed too late: nobody is listening any more.
        subscribing.then((unsubscribe) => unsubscribe()).catch(() => undefined);
        throw error;
      }
    },
    pollState: (org) => within('pollState', ms, () => bus.pollState(org)),
    recordPoll: (org, groups, sentAt) => within('recordPoll', ms, () => bus.recordPoll(org, groups, sentAt)),
    acquirePollLock: (org, holder, ttlMs) => within('acquirePollLock', ms, () => bus.acquirePollLock(org, holder, ttlMs)),
    releasePollLock: (org, holder) => within('releasePollLock', ms, () => bus.releasePollLock(org, holder)),
  };
}
