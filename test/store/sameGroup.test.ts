import { describe, expect, it } from 'vitest';
import type { Group } from '../../src/index.js';
import { sameGroup } from '../../src/store/sameGroup.js';

// sameGroup decides whether an answer replaces what is shown; a false "same"
// would hide a server change, so it is tested on its own.
const base: Group = Object.freeze({ name: 'a', locations: ['lhr', 'ams'], primary: 'lhr', uuid: 'u', archived: false, tier: { level: 2, tags: ['x'] } });

describe('sameGroup', () => {
  it('is true for equal groups, whatever the key order', () => {
    expect(sameGroup(base, { tier: { tags: ['x'], level: 2 }, archived: false, uuid: 'u', primary: 'lhr', locations: ['lhr', 'ams'], name: 'a' })).toBe(true);
    expect(sameGroup(undefined, undefined)).toBe(true);
  });

  it.each([
    ['a location', { ...base, locations: ['lhr'] }],
    ['location order', { ...base, locations: ['ams', 'lhr'] }],
    ['primary', { ...base, primary: 'ams' }],
    ['a documented field', { ...base, archived: true }],
    ['an unknown nested field', { ...base, tier: { level: 2, tags: ['y'] } }],
    ['an added field', { ...base, version: 'v1' }],
    ['a removed field', { name: 'a', locations: ['lhr', 'ams'], primary: 'lhr', uuid: 'u', archived: false }],
    ['undefined against absent', { name: 'a', locations: ['lhr', 'ams'], primary: 'lhr', uuid: 'u', archived: false, other: undefined }],
    ['an array against an object', { ...base, tier: [2, ['x']] }],
  ])('sees a change in %s', (_, other) => {
    expect(sameGroup(base, other as Group)).toBe(false);
    expect(sameGroup(other as Group, base)).toBe(false);
  });

  // The usual group: only documented fields, compared without looking at each key's name.
  const plain: Group = Object.freeze({ name: 'a', locations: ['lhr'], primary: 'lhr', uuid: 'u', version: 'v1', archived: false, delete_protection: false });

  it('is true for equal groups that hold only documented fields', () => {
    expect(sameGroup(plain, JSON.parse(JSON.stringify(plain)) as Group)).toBe(true);
  });

  it.each([
    ['a documented field', { ...plain, delete_protection: true }],
    ['an added unknown field', { ...plain, tier: 1 }],
    ['an unknown field for a documented one', { name: 'a', locations: ['lhr'], primary: 'lhr', uuid: 'u', version: 'v1', archived: false, tier: false }],
    ['a documented field left out', { name: 'a', locations: ['lhr'], primary: 'lhr', uuid: 'u', version: 'v1', archived: false }],
  ])('sees a change in %s of a group with only documented fields', (_, other) => {
    expect(sameGroup(plain, other as Group)).toBe(false);
    expect(sameGroup(other as Group, plain)).toBe(false);
  });

  it('is false against nothing', () => {
    expect(sameGroup(base, undefined)).toBe(false);
    expect(sameGroup(undefined, base)).toBe(false);
  });
});
