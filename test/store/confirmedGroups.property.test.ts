import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Group } from '../../src/index.js';
import { ConfirmedGroups } from '../../src/store/confirmedGroups.js';

// ConfirmedGroups against the rule it implements, written the plain way:
// every answer is stamped with when it was read; for each name, the answer
// with the newest stamp that speaks of it wins (on a tie, the later one).
// A list speaks of every name: those it does not name are absent as of it.
// Its fast paths (into an empty store, same names in place) must agree.
// Forgetting deletions older than some stamp keeps the newest of them as a
// floor: an absent group counts as known absent since at least then, so
// nothing older brings it back (the store forgets them once no read that
// could predate them is on its way, yet data handed to hydrate, stamped 0,
// may still come).

const NAMES = ['a', 'b', 'c', 'd'] as const;
const VARIANTS = [['lhr'], ['lhr', 'ams'], ['fra']] as const;

type Op =
  | { kind: 'set'; name: string; variant: number | undefined; stamp: number }
  | { kind: 'list'; entries: Array<{ name: string; variant: number }>; stamp: number }
  | { kind: 'forget'; before: number | undefined };

const stamp = fc.integer({ min: 0, max: 12 });
const name = fc.constantFrom(...NAMES);
const variant = fc.integer({ min: 0, max: VARIANTS.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  // One set in three a deletion: often enough to empty the store before a forget.
  fc.record({ kind: fc.constant('set' as const), name, variant: fc.option(variant, { nil: undefined, freq: 2 }), stamp }),
  fc.record({ kind: fc.constant('list' as const), entries: fc.array(fc.record({ name, variant }), { maxLength: 6 }), stamp }),
  // Undefined: forget every deletion, as a store without peers does once no read is in flight.
  fc.record({ kind: fc.constant('forget' as const), before: fc.option(stamp, { nil: undefined }) }),
);

const group = (n: string, v: number): Group => ({ name: n, locations: [...(VARIANTS[v] ?? [])], primary: VARIANTS[v]?.[0] ?? 'lhr' });
const describeGroup = (g: Group | undefined): string => (g ? g.locations.join('+') : '-');

describe('ConfirmedGroups, property', () => {
  it('holds, for every name, the newest answer that speaks of it', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const confirmed = new ConfirmedGroups();
        const reference = new Map<string, { value: string; stamp: number }>(NAMES.map((n) => [n, { value: '-', stamp: Number.NEGATIVE_INFINITY }]));
        let floor = Number.NEGATIVE_INFINITY;
        const learn = (n: string, value: string, at: number): boolean => {
          const known = reference.get(n) as { value: string; stamp: number };
          if (at < (known.value === '-' ? Math.max(known.stamp, floor) : known.stamp)) return false;
          reference.set(n, { value, stamp: at });
          return value !== known.value;
        };
        for (const o of ops) {
          if (o.kind === 'forget') {
            const before = o.before ?? Number.POSITIVE_INFINITY;
            for (const known of reference.values()) if (known.value === '-' && known.stamp < before) floor = Math.max(floor, known.stamp);
            confirmed.forgetTombstones(o.before);
          } else if (o.kind === 'set') {
            const changed = learn(o.name, o.variant === undefined ? '-' : describeGroup(group(o.name, o.variant)), o.stamp);
            expect(confirmed.set(o.name, o.variant === undefined ? undefined : group(o.name, o.variant), o.stamp)).toBe(changed);
          } else {
            const named = new Map<string, number>();
            for (const e of o.entries) if (!named.has(e.name)) named.set(e.name, e.variant); // first wins
            let changed = 0;
            for (const n of NAMES) {
              const v = named.get(n);
              if (learn(n, v === undefined ? '-' : describeGroup(group(n, v)), o.stamp)) changed += 1;
            }
            expect(confirmed.setAll(o.entries.map((e) => group(e.name, e.variant)), o.stamp)).toBe(changed);
          }
          for (const n of NAMES) expect(describeGroup(confirmed.get(n)), n).toBe(reference.get(n)?.value);
          const listed = confirmed.list.map((g) => g.name);
          expect(new Set(listed).size).toBe(listed.length);
          expect([...listed].sort()).toEqual(NAMES.filter((n) => reference.get(n)?.value !== '-'));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
