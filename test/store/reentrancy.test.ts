import fc from 'fast-check';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { GroupsStore } from '../../src/index.js';
import { collect, SEED, startStore } from '../support/storeHarness.js';

// A subscriber may issue a command while it is being told of a change. The
// command's notification round runs after the current one, never inside it.

describe('a command issued inside a subscriber', () => {
  it('leaves every later subscriber on the current value, in order (the reported sequence)', async () => {
    const { store } = await startStore({ groups: [{ name: 'x', locations: ['lhr'] }] });
    await store.load();
    const a: string[] = [];
    store.group$('x').subscribe((g) => {
      a.push(g?.locations.join(',') ?? '-');
      if (g?.locations.includes('ams') && !g.locations.includes('fra')) void store.addLocation('x', 'fra');
    });
    const b = collect(store.group$('x'));
    const adding = store.addLocation('x', 'ams');
    const shown = store.getGroup('x')?.locations.join(',');
    expect(shown).toBe('lhr,ams,fra');
    expect(b.values.map((g) => g?.locations.join(','))).toEqual(['lhr', 'lhr,ams', 'lhr,ams,fra']);
    expect(a).toEqual(['lhr', 'lhr,ams', 'lhr,ams,fra']);
    await adding;
  });

  it('events$ subscribers hear events in the order they were raised', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    store.events$.subscribe((event) => {
      if (event.type === 'start' && event.operation === 'addLocation') void store.invalidateTokens(event.group ?? '');
    });
    const later = collect(store.events$);
    await store.addLocation('alpha', 'fra');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const starts = later.values.filter((e) => e.type === 'start').map((e) => `${e.id}:${e.operation}`);
    expect(starts).toEqual([...starts].sort((x, y) => Number.parseInt(x) - Number.parseInt(y)));
    expect(starts.map((s) => s.split(':')[1])).toEqual(['addLocation', 'invalidateTokens']);
  });
});

// The property: random subscribers on every observable, each of which may
// issue a random command from inside its callback. After each step, every
// subscriber's last value equals what getSnapshot() says now.

type Source = 'groups$' | 'group$' | 'meta$' | 'status$' | 'subscribe';
type Command = { op: 'addLocation' | 'removeLocation'; name: string; location: string } | { op: 'create' | 'delete'; name: string } | { op: 'load' } | { op: 'none' };

const NAMES = ['alpha', 'beta', 'gamma'];
const name = fc.constantFrom(...NAMES);
const location = fc.constantFrom('lhr', 'ams', 'fra', 'nrt');
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constantFrom('addLocation' as const, 'removeLocation' as const), name, location }),
  fc.record({ op: fc.constantFrom('create' as const, 'delete' as const), name }),
  fc.constant({ op: 'load' as const }),
  fc.constant({ op: 'none' as const }),
);
const subscriber = fc.record({
  source: fc.constantFrom<Source>('groups$', 'group$', 'meta$', 'status$', 'subscribe'),
  name,
  reaction: command,
  /** How many times it may react, so rounds end. */
  budget: fc.nat({ max: 2 }),
});

function run(store: GroupsStore, c: Command): void {
  const ignore = (): void => undefined;
  switch (c.op) {
    case 'addLocation':
    case 'removeLocation':
      store[c.op](c.name, c.location).catch(ignore);
      break;
    case 'create':
      store.create({ name: c.name, location: 'lhr' }).catch(ignore);
      break;
    case 'delete':
      store.delete(c.name).catch(ignore);
      break;
    case 'load':
      store.load().catch(ignore);
      break;
    case 'none':
      break;
  }
}

describe('re-entrant commands, as a property', () => {
  it('every subscriber of every observable ends each step on the current state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(subscriber, { minLength: 1, maxLength: 8 }), fc.array(command, { minLength: 1, maxLength: 8 }), async (subscribers, steps) => {
        const { store } = await startStore({ groups: SEED });
        await store.load();
        // Each subscriber's last value, and what the snapshot says it should be.
        const checks: Array<{ last: () => unknown; expected: () => unknown }> = [];
        for (const spec of subscribers) {
          let budget = spec.budget;
          let last: unknown = 'nothing yet';
          const react = (value: unknown): void => {
            last = value;
            if (budget > 0) {
              budget -= 1;
              run(store, spec.reaction);
            }
          };
          const observable: Observable<unknown> | undefined =
            spec.source === 'groups$' ? store.groups$
            : spec.source === 'group$' ? store.group$(spec.name)
            : spec.source === 'meta$' ? store.meta$(spec.name)
            : spec.source === 'status$' ? store.status$
            : undefined;
          if (observable) observable.subscribe(react);
          else store.subscribe(react);
          const expected =
            spec.source === 'groups$' ? () => store.getSnapshot().groups
            : spec.source === 'group$' ? () => store.getSnapshot().groups.find((g) => g.name === spec.name)
            : spec.source === 'meta$' ? () => store.getMeta(spec.name)
            : spec.source === 'status$' ? () => store.getSnapshot().status
            : () => store.getSnapshot();
          checks.push({ last: () => last, expected });
        }
        for (const step of steps) {
          run(store, step);
          for (const check of checks) expect(check.last()).toBe(check.expected());
          await new Promise((resolve) => setTimeout(resolve, 0));
          for (const check of checks) expect(check.last()).toBe(check.expected());
        }
        store.dispose();
      }),
      { numRuns: 150 },
    );
  });
});
