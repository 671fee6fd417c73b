// The groups every bench server starts with, in one shape, as the Platform
// API answers: shared by the in-process server and the W6 pages' emulator.
import type { SeedGroup } from '../src/emulator/index.js';

export const ORG = 'bench';
export const LIST_PATH = `/v1/organizations/${ORG}/groups`;

export function groupName(i: number): string {
  return `group-${String(i).padStart(5, '0')}`;
}

export function locationPath(name: string, location: string): string {
  return `${LIST_PATH}/${encodeURIComponent(name)}/locations/${encodeURIComponent(location)}`;
}

export function seedGroups(count: number): SeedGroup[] {
  return Array.from({ length: count }, (_, i) => ({
    name: groupName(i),
    locations: ['lhr'],
    primary: 'lhr',
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    version: 'v0.24.31',
    archived: false,
    delete_protection: false,
  }));
}
