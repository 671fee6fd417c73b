import { describe, expect, it } from 'vitest';
import type { Group } from '../../src/index.js';
import { ConfirmedGroups } from '../../src/store/confirmedGroups.js';

// The stamp rules that keep stale answers from undoing newer knowledge.
const g = (name: string, ...locations: string[]): Group => ({ name, locations: locations.length ? locations : ['lhr'], primary: locations[0] ?? 'lhr' });
const names = (c: ConfirmedGroups): string => c.list.map((x) => `${x.name}:${x.locations.join('+')}`).join(' ');

describe('ConfirmedGroups', () => {
  it('an unchanged list keeps every object and the list itself', () => {
    const c = new ConfirmedGroups();
    expect(c.setAll([g('a'), g('b')], 1)).toBe(2);
    const before = c.list;
    expect(c.setAll([g('a'), g('b')], 2)).toBe(0);
    expect(c.list).toBe(before);
  });

  it('a changed group is replaced alone, in place', () => {
    const c = new ConfirmedGroups();
    c.setAll([g('a'), g('b')], 1);
    const [a] = c.list;
    expect(c.setAll([g('a'), g('b', 'ams')], 2)).toBe(1);
    expect(c.list[0]).toBe(a);
    expect(names(c)).toBe('a:lhr b:ams');
  });

  it('a list older than a confirmation neither reverts, removes nor resurrects what it confirmed', () => {
    const c = new ConfirmedGroups();
    c.setAll([g('a'), g('b')], 1);
    // list L sent at 2; then, confirmed at 3: a gains ams, b is deleted, c is created.
    c.set('a', g('a', 'lhr', 'ams'), 3);
    c.set('b', undefined, 3);
    c.set('c', g('c'), 3);
    expect(c.setAll([g('a'), g('b')], 2)).toBe(0);
    expect(names(c)).toBe('a:lhr+ams c:lhr');
  });

  it('a list older than the last list applied changes nothing, nor brings back what the newer lacked', () => {
    const c = new ConfirmedGroups();
    c.setAll([g('a')], 5);
    expect(c.setAll([g('a', 'fra'), g('old')], 4)).toBe(0);
    expect(names(c)).toBe('a:lhr');
  });

  it('an answer sent before the last list cannot add a group that list did not name', () => {
    const c = new ConfirmedGroups();
    c.setAll([g('a')], 2);
    expect(c.set('x', g('x'), 1)).toBe(false); // a retrieve sent at 1, answered after the list sent at 2
    expect(c.has('x')).toBe(false);
    expect(c.set('y', g('y'), 3)).toBe(true); // sent after it: believed
    expect(names(c)).toBe('a:lhr y:lhr');
  });

  it('a newer list wins over a confirmation, and takes the server order', () => {
    const c = new ConfirmedGroups();
    c.setAll([g('a'), g('b')], 1);
    c.set('a', g('a', 'lhr', 'ams'), 2);
    expect(c.setAll([g('b'), g('a')], 3)).toBe(1);
    expect(names(c)).toBe('b:lhr a:lhr');
    expect(c.order).toEqual(['b', 'a']);
  });

  it('a group named twice counts once, the first time', () => {
    const c = new ConfirmedGroups();
    expect(c.setAll([g('a'), g('a', 'ams')], 1)).toBe(1);
    expect(names(c)).toBe('a:lhr');
    expect(c.setAll([g('b'), g('a', 'fra'), g('b', 'ams')], 2)).toBe(2);
    expect(names(c)).toBe('b:lhr a:fra');
  });

  it('into an empty store, a list older than the last one, or than a deletion, brings nothing back', () => {
    const c = new ConfirmedGroups();
    c.setAll([g('a')], 1);
    c.set('a', undefined, 3); // deleted, confirmed at 3
    expect(c.setAll([g('a'), g('b')], 2)).toBe(1); // sent before the deletion: b only
    expect(names(c)).toBe('b:lhr');
    const d = new ConfirmedGroups();
    d.setAll([], 5);
    expect(d.setAll([g('a')], 4)).toBe(0);
    expect(d.list).toEqual([]);
  });

  it('a deletion forgotten while nothing is left still bars an older list from bringing the group back', () => {
    const c = new ConfirmedGroups();
    c.setAll([g('a')], 1);
    c.set('a', undefined, 3); // deleted, confirmed at 3: nothing is left
    c.forgetTombstones();
    expect(c.setAll([g('a')], 2)).toBe(0); // sent before the deletion
    expect(c.has('a')).toBe(false);
    expect(c.list).toEqual([]);
    expect(c.setAll([g('a')], 4)).toBe(1); // sent after it: believed
    expect(names(c)).toBe('a:lhr');
  });
});
