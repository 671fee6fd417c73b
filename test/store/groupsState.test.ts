import { describe, expect, it } from 'vitest';
import type { Group } from '../../src/index.js';
import { addLocationRecipe, deleteRecipe } from '../../src/store/groupRecipes.js';
import { GroupsState } from '../../src/store/groupsState.js';
import type { Mutation } from '../../src/store/pendingMutation.js';

// The store's state transitions on their own, with no transport and no clock.
const g = (name: string, ...locations: string[]): Group => ({ name, locations: ['lhr', ...locations], primary: 'lhr' });
const shown = (state: GroupsState): string => state.list().map((x) => `${x.name}:${x.locations.join('+')}`).join(' ');
let ids = 0;
const addLocation = (group: string, location: string): Mutation => ({
  info: { id: ++ids, operation: 'addLocation', group, location },
  recipe: addLocationRecipe(location),
});

describe('GroupsState', () => {
  it('a failed mutation takes out only its own layer; the commit names the one group once', () => {
    const state = new GroupsState();
    state.setConfirmedList([g('a'), g('b')], 1);
    state.commit();
    const ams = addLocation('a', 'ams');
    const fra = addLocation('a', 'fra');
    state.enqueue(ams);
    state.enqueue(fra);
    state.commit();
    expect(shown(state)).toBe('a:lhr+ams+fra b:lhr');
    const b = state.shown('b');
    state.dequeue(ams);
    state.refresh('a');
    expect(state.commit()).toEqual({ list: true, allGroups: false, groups: new Set(['a']), meta: new Set(['a']), status: false });
    expect(shown(state)).toBe('a:lhr+fra b:lhr');
    expect(state.shown('b')).toBe(b);
    expect(state.meta('a').pending).toEqual(['addLocation']);
  });

  it('a list answer becomes the base under pending layers', () => {
    const state = new GroupsState();
    state.setConfirmedList([g('a'), g('b')], 1);
    state.enqueue({ info: { id: ++ids, operation: 'delete', group: 'b' }, recipe: deleteRecipe });
    state.enqueue(addLocation('a', 'ams'));
    state.commit();
    state.setConfirmedList([g('a', 'fra'), g('b'), g('c')], 2);
    expect(state.commit()).toMatchObject({ list: true, allGroups: true });
    expect(shown(state)).toBe('a:lhr+fra+ams c:lhr');
    expect(state.confirmedList().map((x) => x.name)).toEqual(['a', 'b', 'c']);
  });

  it('commits nothing when nothing changed', () => {
    const state = new GroupsState();
    state.setConfirmedList([g('a')], 1);
    expect(state.commit()).toMatchObject({ list: true, allGroups: true });
    state.setConfirmedList([g('a')], 2);
    state.setError('a', undefined);
    state.touchMeta('a');
    expect(state.commit()).toBeUndefined();
  });
});
