// The dashboards' toasts: successes go by themselves, a failure the card
// shows goes only while the card shows it, any other failure stays until
// dismissed; each failure is told once, whoever tells it first.
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { GroupsError, IDLE_META, type Group, type GroupMeta, type PendingMutation, type StoreEvent } from 'turso-groups-store';
import { MAX_TOASTS, PASSING_TOAST_MS, SHOWN_ELSEWHERE_TOAST_MS, Toasts, type Toast, type ToastTimers } from '../../examples/shared/toasts.js';

/** A clock moved by hand: `advance(ms)` fires what is due, in order. */
function manualTimers(): ToastTimers & { advance(ms: number): void } {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    setTimeout: (run, ms) => {
      due.set(++next, { at: now + ms, run });
      return next;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
    advance(ms) {
      now += ms;
      for (const [handle, timer] of [...due].sort(([, a], [, b]) => a.at - b.at)) {
        if (timer.at > now) continue;
        due.delete(handle);
        timer.run();
      }
    },
  };
}

function setup() {
  const timers = manualTimers();
  const toasts = new Toasts(timers);
  const events$ = new Subject<StoreEvent>();
  const metas = new Map<string, GroupMeta>();
  const gone = new Set<string>();
  let pending: readonly PendingMutation[] = [];
  const stop = toasts.watch({
    events$,
    getMeta: (name) => metas.get(name) ?? IDLE_META,
    getGroup: (name) => (gone.has(name) ? undefined : { ...GROUP, name }),
    getPending: () => pending,
  });
  const seen: (readonly Toast[])[] = [];
  toasts.subscribe((list) => seen.push(list));
  const texts = () => toasts.getSnapshot().map((toast) => toast.text);
  const setPending = (list: readonly PendingMutation[]): void => {
    pending = list;
  };
  return { timers, toasts, events$, metas, gone, stop, seen, texts, setPending };
}

const addFailed = Object.freeze(new GroupsError({ code: 'server', operation: 'addLocation', group: 'eu', status: 500 }));
const GROUP: Group = Object.freeze({ name: 'eu', uuid: 'b6a8ef3e-1111-4c2d-9a0e-000000000001', version: 'v0.23.7', locations: ['fra'], primary: 'fra', archived: false });
const createFailed = Object.freeze(new GroupsError({ code: 'server', operation: 'create', group: 'new', status: 500 }));

describe('Toasts', () => {
  it('lets a success go after PASSING_TOAST_MS, and keeps a failure shown nowhere else until dismissed', () => {
    const { timers, toasts, texts } = setup();
    toasts.success('Tokens of eu invalidated: the old ones no longer work.');
    toasts.failure(createFailed);
    timers.advance(PASSING_TOAST_MS);
    timers.advance(60_000);
    expect(texts()).toEqual(["Couldn't create the group new: the server failed (500)"]);
    const [stays] = toasts.getSnapshot();
    expect(stays?.sticky).toBe(true);
    toasts.dismiss(stays!.id);
    expect(texts()).toEqual([]);
  });

  it('lets a group failure go while its card shows it or once the group is gone, and keeps it once the card no longer does', () => {
    const { timers, events$, metas, gone, texts } = setup();
    metas.set('eu', { ...IDLE_META, error: addFailed });
    events$.next({ type: 'failure', id: 1, operation: 'addLocation', group: 'eu', error: addFailed });
    timers.advance(SHOWN_ELSEWHERE_TOAST_MS);
    expect(texts()).toEqual([]);

    events$.next({ type: 'failure', id: 2, operation: 'addLocation', group: 'eu', error: new GroupsError({ code: 'server', operation: 'addLocation', group: 'eu', status: 502 }) });
    metas.set('eu', IDLE_META); // a later command succeeded: the card cleared its error
    timers.advance(SHOWN_ELSEWHERE_TOAST_MS);
    expect(texts()).toEqual(["Couldn't add the location to eu: the server failed (502)"]);

    events$.next({ type: 'failure', id: 3, operation: 'delete', group: 'old', error: new GroupsError({ code: 'server', operation: 'delete', group: 'old', status: 500 }) });
    gone.add('old'); // deleted since, by a second try
    timers.advance(SHOWN_ELSEWHERE_TOAST_MS);
    expect(texts()).toEqual(["Couldn't add the location to eu: the server failed (502)"]);
  });

  it('tells a failure once, whether events$ or the promise tells it first, and never an aborted one', () => {
    const { toasts, events$, texts } = setup();
    events$.next({ type: 'failure', id: 1, operation: 'create', group: 'new', error: createFailed });
    toasts.failure(createFailed);
    toasts.failure(new GroupsError({ code: 'aborted', operation: 'list' }));
    expect(texts()).toEqual(["Couldn't create the group new: the server failed (500)"]);
  });

  it('says nothing of an unreadable answer until the server turns out not to have the change', () => {
    const { toasts, events$, texts } = setup();
    const lost = new GroupsError({ code: 'network', operation: 'addLocation', group: 'eu' });
    const recorded: string[][] = [];
    events$.next({ type: 'unknown', id: 3, operation: 'addLocation', group: 'eu', error: lost });
    toasts.failure(lost); // the command's own promise
    recorded.push(texts());
    events$.next({ type: 'failure', id: 4, operation: 'retrieve', group: 'eu', error: new GroupsError({ code: 'server', operation: 'retrieve', group: 'eu', status: 500 }) });
    recorded.push(texts());
    events$.next({ type: 'reconciled', id: 3, operation: 'addLocation', group: 'eu', applied: false });
    recorded.push(texts());
    events$.next({ type: 'reconciled', id: 5, operation: 'removeLocation', group: 'eu', applied: true });
    recorded.push(texts());
    expect(recorded).toEqual([[], [], ["Couldn't add the location to eu: the server could not be reached"], ["Couldn't add the location to eu: the server could not be reached"]]);
  });

  it('words a failure as what its command asked for, read when it started, and lets it go while the card shows it', () => {
    const { timers, events$, metas, setPending, texts } = setup();
    const refused = new GroupsError({ code: 'server', operation: 'updateConfiguration', group: 'eu', status: 500 });
    const lost = new GroupsError({ code: 'network', operation: 'transfer', group: 'eu' });
    setPending([
      { id: 1, operation: 'updateConfiguration', group: 'eu', deleteProtection: true },
      { id: 2, operation: 'transfer', group: 'eu', organization: 'staging' },
    ]);
    events$.next({ type: 'start', id: 1, operation: 'updateConfiguration', group: 'eu' });
    events$.next({ type: 'start', id: 2, operation: 'transfer', group: 'eu' });
    setPending([]); // settled: gone from the store's list before their last events
    metas.set('eu', { ...IDLE_META, error: refused });
    events$.next({ type: 'failure', id: 1, operation: 'updateConfiguration', group: 'eu', error: refused });
    events$.next({ type: 'unknown', id: 2, operation: 'transfer', group: 'eu', error: lost });
    events$.next({ type: 'reconciled', id: 2, operation: 'transfer', group: 'eu', applied: false });
    expect(texts()).toEqual(["Couldn't turn on delete protection for eu: the server failed (500)", "Couldn't transfer the group eu to staging: the server could not be reached"]);
    // The card shows the first; the second is the card's no longer (a later command cleared it).
    timers.advance(SHOWN_ELSEWHERE_TOAST_MS);
    expect(texts()).toEqual(["Couldn't transfer the group eu to staging: the server could not be reached"]);
  });

  it(`shows at most ${MAX_TOASTS}, dropping the oldest, and emits only on change`, () => {
    const { toasts, seen, texts } = setup();
    for (let i = 1; i <= MAX_TOASTS + 1; i++) toasts.info(`note ${i}`);
    const before = seen.length;
    toasts.dismiss(12345);
    expect(seen.length).toBe(before);
    expect(texts()).toEqual(['note 2', 'note 3', 'note 4', 'note 5']);
  });

  it('stops telling once unwatched', () => {
    const { events$, stop, texts } = setup();
    stop();
    events$.next({ type: 'failure', id: 1, operation: 'create', group: 'new', error: createFailed });
    expect(texts()).toEqual([]);
  });
});
