import { describe, expect, it, vi } from 'vitest';
import type { GroupsStore } from '../../src/index.js';
import { DevtoolsToggle, type MountDevtools, type SwitchStorage } from '../../examples/shared/devtoolsToggle.js';

// The dashboards' devtools switch: it mounts the panel when turned on and
// removes it when turned off, whatever order the panel's loading and the
// clicks come in, and a reload keeps it as it was.

const store = {} as GroupsStore;

function memoryStorage(initial: Record<string, string> = {}): SwitchStorage & { readonly items: Record<string, string> } {
  const items: Record<string, string> = { ...initial };
  return {
    items,
    getItem: (key) => items[key] ?? null,
    setItem: (key, value) => void (items[key] = value),
    removeItem: (key) => void delete items[key],
  };
}

/** A mount that resolves when the test says, recording what it mounted and removed. */
function heldMount(): { mount: MountDevtools; log: string[]; resolveAll: () => Promise<void> } {
  const log: string[] = [];
  const waiting: Array<() => void> = [];
  let count = 0;
  const mount: MountDevtools = (target) => {
    const n = ++count;
    log.push(`load ${n}${target === store ? '' : ' (another store)'}`);
    return new Promise((resolve) => {
      waiting.push(() => {
        log.push(`mounted ${n}`);
        resolve(() => log.push(`removed ${n}`));
      });
    });
  };
  return {
    mount,
    log,
    resolveAll: async () => {
      for (const resolve of waiting.splice(0)) resolve();
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

describe('the dashboards’ devtools switch', () => {
  it('mounts the panel when turned on, removes it when turned off, and tells its listeners each time', async () => {
    const { mount, log, resolveAll } = heldMount();
    const storage = memoryStorage();
    const toggle = new DevtoolsToggle(store, mount, storage);
    const told: boolean[] = [];
    toggle.subscribe((open) => told.push(open));
    toggle.toggle();
    await resolveAll();
    expect(storage.items).toEqual({ 'turso-groups-dashboard:devtools': 'open' });
    toggle.toggle();
    expect(told).toEqual([false, true, false]);
    expect(log).toEqual(['load 1', 'mounted 1', 'removed 1']);
    expect(storage.items).toEqual({});
  });

  it('turned off while the panel loads: removes it as soon as it has mounted', async () => {
    const { mount, log, resolveAll } = heldMount();
    const toggle = new DevtoolsToggle(store, mount, memoryStorage());
    toggle.set(true);
    toggle.set(false);
    toggle.set(true);
    await resolveAll();
    expect(toggle.open).toBe(true);
    // The first load came too late: removed at once; the second one stays.
    expect(log).toEqual(['load 1', 'load 2', 'mounted 1', 'mounted 2', 'removed 1']);
    toggle.dispose();
    expect(log.at(-1)).toBe('removed 2');
  });

  it('starts on after a reload when it was on', async () => {
    const { mount, log, resolveAll } = heldMount();
    const toggle = new DevtoolsToggle(store, mount, memoryStorage({ 'turso-groups-dashboard:devtools': 'open' }));
    expect(toggle.open).toBe(true);
    await resolveAll();
    expect(log).toEqual(['load 1', 'mounted 1']);
  });

  it('goes back off, and says why on the console, when the panel cannot load', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const toggle = new DevtoolsToggle(store, () => Promise.reject(new Error('chunk failed')), memoryStorage());
    const told: boolean[] = [];
    toggle.subscribe((open) => told.push(open));
    toggle.set(true);
    await vi.waitFor(() => expect(told).toEqual([false, true, false]));
    expect(error).toHaveBeenCalledWith('The devtools panel could not load:', expect.objectContaining({ message: 'chunk failed' }));
  });

  it('works when storage refuses it', async () => {
    const { mount, log, resolveAll } = heldMount();
    const refusing: SwitchStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const toggle = new DevtoolsToggle(store, mount, refusing);
    toggle.toggle();
    await resolveAll();
    toggle.toggle();
    expect(log).toEqual(['load 1', 'mounted 1', 'removed 1']);
  });
});
