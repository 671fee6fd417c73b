import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedPositions } from '../../src/store/feedPositions.js';

const at = (seq: number, epoch = 'e1') => ({ epoch, seq });

function positions(): FeedPositions {
  const p = new FeedPositions();
  p.reset('e1');
  return p;
}

describe('feed positions: the folding rule', () => {
  it('starts knowing nothing: every change is newer than all it holds', () => {
    const p = positions();
    expect(p.interval('a')).toEqual({ lower: 0, upper: 0 });
    expect([p.decide('a', 1, false), p.decide('a', 1, true)]).toEqual(['apply', 'reread']);
    expect(p.holdsAny).toBe(false);
  });

  it('a list sent at r and answered at a: ignore up to r, re-read in between, apply after a — for named and absent groups alike', () => {
    const p = positions();
    p.read(undefined, at(3), at(7));
    for (const name of ['listed', 'absent']) {
      expect([3, 4, 7, 8].map((s) => p.decide(name, s, false))).toEqual(['ignore', 'reread', 'reread', 'apply']);
    }
    expect(p.holdsAny).toBe(true);
  });

  it('an applied change places its group exactly; the others keep the list’s interval', () => {
    const p = positions();
    p.read(undefined, at(0), at(5));
    p.applied('a', 9);
    expect(p.interval('a')).toEqual({ lower: 9, upper: 9 });
    expect([p.decide('a', 9, false), p.decide('a', 10, false), p.decide('b', 9, false)]).toEqual(['ignore', 'apply', 'apply']);
  });

  it('merges by max on both ends: an older read answered late cannot make a change look reflected', () => {
    const p = positions();
    p.applied('a', 6);
    p.read('a', at(2), at(8)); // sent before 6 was received, answered after 8 was numbered
    expect(p.interval('a')).toEqual({ lower: 6, upper: 8 });
    expect([p.decide('a', 7, false), p.decide('a', 9, false)]).toEqual(['reread', 'apply']);
  });

  it('a read whose value a later-learnt change kept out (its stamp older) only raises upper for that group', () => {
    const p = positions();
    p.applied('a', 3);
    p.read(undefined, at(5), at(8), new Set(['a']));
    expect([p.interval('a'), p.interval('b')]).toEqual([{ lower: 3, upper: 8 }, { lower: 5, upper: 8 }]);
    p.read('a', at(9), at(9), new Set(['a']));
    expect(p.interval('a')).toEqual({ lower: 3, upper: 9 });
    // So a change in between is read again, not taken as reflected.
    expect(p.decide('a', 4, false)).toBe('reread');
  });

  it('a later list folds entries that say no more than it into its own interval', () => {
    const p = positions();
    p.applied('a', 4);
    p.applied('b', 12);
    p.read(undefined, at(10), at(11));
    expect([p.interval('a'), p.interval('b')]).toEqual([{ lower: 10, upper: 11 }, { lower: 12, upper: 12 }]);
  });

  it('an own confirmation is exact, and refused when something newer of the group is held', () => {
    const p = positions();
    expect(p.confirmed('a', at(5))).toBe(true);
    expect(p.interval('a')).toEqual({ lower: 5, upper: 5 });
    p.applied('a', 7); // another user's change, pushed before this store's older answer came back
    expect(p.confirmed('a', at(6))).toBe(false);
    expect(p.interval('a')).toEqual({ lower: 7, upper: 7 });
    expect(p.confirmed('a', at(7))).toBe(true);
  });

  it('an answer without a position (a transport that does not report it, another epoch) makes every later change of the group a re-read', () => {
    const p = positions();
    p.read(undefined, at(2), at(4));
    expect(p.confirmed('a', undefined)).toBe(true);
    p.read('b', at(3), at(9, 'other'));
    expect([p.decide('a', 100, false), p.decide('b', 100, false), p.decide('c', 100, false)]).toEqual(['reread', 'reread', 'apply']);
    expect(p.decide('a', 2, false)).toBe('ignore');
  });

  it('stale changes are re-read unless reflected already by a later position', () => {
    const p = positions();
    p.read('a', at(5), at(5));
    expect([p.decide('a', 4, true), p.decide('a', 5, true), p.decide('a', 6, true)]).toEqual(['ignore', 'reread', 'reread']);
    // A stale change at an own answer's own position: the answer's value may not be as of it.
    p.confirmed('b', at(7));
    expect([p.decide('b', 7, true), p.decide('b', 7, false)]).toEqual(['reread', 'ignore']);
  });

  it('known: the newest position received, in this epoch only; a reset starts over', () => {
    const p = positions();
    p.reached(at(4));
    p.read('a', at(4), at(9));
    p.reached(at(50, 'other'));
    expect(p.now).toEqual(at(9));
    p.confirmed('b', at(11));
    expect(p.known).toBe(11);
    p.reset('e2');
    expect([p.now, p.holdsAny, p.interval('a')]).toEqual([at(0, 'e2'), false, { lower: 0, upper: 0 }]);
  });

  it('intervals only grow, whatever order reads, confirmations and changes come in', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('read' as const), name: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }), r: fc.nat(20), a: fc.option(fc.nat(20), { nil: undefined }) }),
      fc.record({ t: fc.constant('own' as const), name: fc.constantFrom('a', 'b'), m: fc.option(fc.nat(20), { nil: undefined }) }),
      fc.record({ t: fc.constant('apply' as const), name: fc.constantFrom('a', 'b'), s: fc.nat(20) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const p = positions();
        let before = { a: p.interval('a'), b: p.interval('b') };
        for (const o of ops) {
          if (o.t === 'read') p.read(o.name, at(o.r), o.a === undefined ? undefined : at(Math.max(o.a, o.r)));
          else if (o.t === 'own') p.confirmed(o.name, o.m === undefined ? undefined : at(o.m));
          else p.applied(o.name, o.s);
          const after = { a: p.interval('a'), b: p.interval('b') };
          for (const name of ['a', 'b'] as const) {
            expect(after[name].lower).toBeGreaterThanOrEqual(before[name].lower);
            expect(after[name].upper).toBeGreaterThanOrEqual(before[name].upper);
            expect(after[name].upper).toBeGreaterThanOrEqual(after[name].lower);
          }
          before = after;
        }
      }),
    );
  });
});
