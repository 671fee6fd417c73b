import { createStore } from '@ngneat/elf';
import { selectAllEntities, setEntities, withEntities } from '@ngneat/elf-entities';
import type { Group } from '../../src/index.js';
import { fetchGroups, show, started } from './page.js';

started();
const store = createStore({ name: 'groups' }, withEntities<Group, 'name'>({ idKey: 'name' }));
let loaded = false;
store.pipe(selectAllEntities()).subscribe((groups) => {
  if (loaded) show(groups);
});
void fetchGroups().then((groups) => {
  loaded = true;
  store.update(setEntities(groups));
});
