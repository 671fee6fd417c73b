import { describe, expect, it } from 'vitest';
import { GroupsError, type Group } from '../../src/index.js';
import { recipeFor } from '../../src/store/commands.js';
import { StoreState } from '../../src/store/storeState.js';
import type { Mutation, MutationInfo, PendingMutation } from '../../src/store/pendingMutation.js';

// The store's state transitions on their own, with no transport and no clock.
// Each transition stands alone: none needs another called after it.
const g = (name: string, ...locations: string[]): Group => ({ name, locations: ['lhr', ...locations], primary: 'lhr' });
const shown = (state: StoreState): string => state.list().map((x) => `${x.name}:${x.primary}|${x.locations.join('+')}`).join(' ');
let ids = 0;
const mutation = (info: MutationInfo): Mutation => {
  const pending = { ...info, id: ++ids } as PendingMutation;
  return { info: pending, recipe: recipeFor(pending) };
};
const serverError = (group: string): GroupsError => new GroupsError({ code: 'server', operation: 'addLocation', group, status: 500 });

describe('StoreState', () => {
  it('a failed mutation takes out only its own layer; the commit names the one group once', () => {
    const state = new StoreState();
    state.applyList([g('a'), g('b')], 1);
    state.commit();
    const ams = mutation({ operation: 'addLocation', group: 'a', location: 'ams' });
    state.enqueue(ams);
    state.enqueue(mutation({ operation: 'addLocation', group: 'a', location: 'fra' }));
    state.commit();
    expect(shown(state)).toBe('a:lhr|lhr+ams+fra b:lhr|lhr');
    const b = state.shown('b');
    const error = serverError('a');
    state.fail(ams, error, 2);
    expect(state.commit()).toEqual({ list: true, allGroups: false, groups: new Set(['a']), meta: new Set(['a']), status: false });
    expect(shown(state)).toBe('a:lhr|lhr+fra b:lhr|lhr');
    expect(state.shown('b')).toBe(b);
    expect(state.meta('a')).toEqual({ pending: ['addLocation'], unconfirmed: [], error, optimistic: false, paused: false });
  });

  it('a confirmation folds the answer in and clears the error, keeping the shown object when equal', () => {
    const state = new StoreState();
    state.applyList([g('a')], 1);
    const ams = mutation({ operation: 'addLocation', group: 'a', location: 'ams' });
    state.enqueue(ams);
    state.commit();
    const optimistic = state.shown('a');
    state.confirm(ams, 2, { kind: 'group', group: g('a', 'ams') });
    expect(state.commit()).toEqual({ list: false, allGroups: false, groups: new Set(), meta: new Set(['a']), status: false });
    expect(state.shown('a')).toBe(optimistic);
    expect(state.confirmedList()[0]).toBe(optimistic);
  });

  it('a list answer becomes the base under pending layers', () => {
    const state = new StoreState();
    state.applyList([g('a'), g('b')], 1);
    state.enqueue(mutation({ operation: 'delete', group: 'b' }));
    state.enqueue(mutation({ operation: 'addLocation', group: 'a', location: 'ams' }));
    state.commit();
    state.applyList([g('a', 'fra'), g('b'), g('c')], 2);
    expect(state.commit()).toMatchObject({ list: true, allGroups: true });
    expect(shown(state)).toBe('a:lhr|lhr+fra+ams c:lhr|lhr');
    expect(state.confirmedList().map((x) => x.name)).toEqual(['a', 'b', 'c']);
  });

  it('a removal whose location is the primary of the rebased group shows nothing until the server answers', () => {
    const state = new StoreState();
    // Issued before any list: the group was not shown, so nothing could check it.
    state.enqueue(mutation({ operation: 'removeLocation', group: 'g', location: 'lhr' }));
    state.applyList([{ name: 'g', locations: ['lhr', 'ams'], primary: 'lhr' }], 1);
    state.commit();
    expect(shown(state)).toBe('g:lhr|lhr+ams');
  });

  it('an error of a group the server no longer has is dropped at the next list', () => {
    const state = new StoreState();
    state.applyList([g('a'), g('b')], 1);
    const add = mutation({ operation: 'addLocation', group: 'b', location: 'ams' });
    state.enqueue(add);
    state.fail(add, serverError('b'), 2);
    state.commit();
    expect(state.metaMap().has('b')).toBe(true);
    state.applyList([g('a'), g('b')], 3);
    expect(state.metaMap().has('b')).toBe(true); // still there: the error stays
    state.applyList([g('a')], 4);
    expect(state.commit()).toMatchObject({ meta: new Set(['b']) });
    expect(state.metaMap().size).toBe(0);
  });

  it('an unconfirmed mutation stays shown, listed apart in meta, until a re-read settles it either way', () => {
    const state = new StoreState();
    state.applyList([g('a'), g('b')], 1);
    const made = mutation({ operation: 'addLocation', group: 'a', location: 'ams' });
    const notMade = mutation({ operation: 'addLocation', group: 'b', location: 'fra' });
    const later = mutation({ operation: 'addLocation', group: 'a', location: 'nrt' });
    for (const m of [made, notMade, later]) state.enqueue(m);
    state.markUnconfirmed(made);
    state.markUnconfirmed(notMade);
    state.commit();
    expect(shown(state)).toBe('a:lhr|lhr+ams+nrt b:lhr|lhr+fra');
    expect(state.meta('a')).toEqual({ pending: ['addLocation'], unconfirmed: ['addLocation'], error: undefined, optimistic: false, paused: false });
    expect(state.pending().map((m) => m.id)).toEqual([made.info.id, notMade.info.id, later.info.id]);
    // The re-reads answered: the server made the first and not the second.
    const error = serverError('a');
    state.applyRetrieve('a', g('a', 'ams'), undefined, 2, false);
    expect(state.settleUnconfirmed(made, error)).toBe(true);
    state.applyRetrieve('b', g('b'), undefined, 3, false);
    expect(state.settleUnconfirmed(notMade, error)).toBe(false);
    state.commit();
    expect(shown(state)).toBe('a:lhr|lhr+ams+nrt b:lhr|lhr');
    expect(state.meta('a')).toEqual({ pending: ['addLocation'], unconfirmed: [], error: undefined, optimistic: false, paused: false });
    expect(state.meta('b')).toEqual({ pending: [], unconfirmed: [], error, optimistic: false, paused: false });
    expect(state.pending().map((m) => m.id)).toEqual([later.info.id]);
  });

  it('commits nothing when nothing changed, and hands out the same meta map', () => {
    const state = new StoreState();
    state.applyList([g('a')], 1);
    expect(state.commit()).toMatchObject({ list: true, allGroups: true });
    const meta = state.metaMap();
    state.applyList([g('a')], 2);
    state.applyRetrieve('a', g('a'), undefined, 3, false);
    expect(state.commit()).toBeUndefined();
    expect(state.metaMap()).toBe(meta);
  });
});
