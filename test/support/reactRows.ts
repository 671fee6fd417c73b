// A list of memoised rows bound with the React binding, and the render
// scenario every React test environment runs over it (happy-dom in
// test/bindings, real Chromium in test/browser).
import { act, createElement, memo, type ReactElement } from 'react';
import { expect } from 'vitest';
import { useGroup, useGroupMeta, useGroups } from '../../src/bindings/react.js';
import type { GroupsStore } from '../../src/index.js';

export function texts(container: HTMLElement): string[] {
  return [...container.querySelectorAll('li')].map((li) => li.textContent);
}

/** A group row as text: name, locations, and what is pending ('idle' when nothing). */
export function rowText(name: string, locations: readonly string[] | undefined, pending: readonly string[]): string {
  return `${name}:${locations?.join('+') ?? '-'}:${pending.join(',') || 'idle'}`;
}

/** A row bound to one group and its meta; memo, as rows should be, so the list's render passes it by. */
export const Row = memo(function Row({ store, name, renders }: { store: GroupsStore; name: string; renders: string[] }) {
  const group = useGroup(store, name);
  const meta = useGroupMeta(store, name);
  const text = rowText(name, group?.locations, meta.pending);
  renders.push(text);
  return createElement('li', null, text);
});

export function List({ store, renders }: { store: GroupsStore; renders: string[] }): ReactElement {
  const groups = useGroups(store);
  renders.push('list');
  return createElement('ul', null, groups.map((group) => createElement(Row, { key: group.name, store, name: group.name, renders })));
}

/**
 * Over a loaded store seeded with alpha (lhr, ams) and beta (fra): one
 * addLocation renders alpha's row again and no other, the optimistic value
 * first and the confirmed one after. `mount` renders into a new container.
 */
export async function expectOnlyTheChangedRowRenders(store: GroupsStore, mount: (element: ReactElement) => HTMLElement): Promise<void> {
  const renders: string[] = [];
  const container = mount(createElement(List, { store, renders }));
  const first = renders.splice(0);

  let adding: Promise<unknown> = Promise.resolve();
  act(() => {
    adding = store.addLocation('alpha', 'fra');
  });
  const optimistic = renders.splice(0);
  const optimisticDom = texts(container);
  await act(() => adding);
  const confirmed = renders.splice(0);

  expect(first).toEqual(['list', 'alpha:lhr+ams:idle', 'beta:fra:idle']);
  // The list renders again for the new alpha object; beta's row gets the same props and its values did not change.
  expect(optimistic).toEqual(['list', 'alpha:lhr+ams+fra:addLocation']);
  expect(optimisticDom).toEqual(['alpha:lhr+ams+fra:addLocation', 'beta:fra:idle']);
  // The answer equals what was shown, so the store keeps alpha's object: only its meta changes.
  expect(confirmed).toEqual(['alpha:lhr+ams+fra:idle']);
  expect(texts(container)).toEqual(['alpha:lhr+ams+fra:idle', 'beta:fra:idle']);
}
