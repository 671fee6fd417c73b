// `npm run bench -- --readme`: the run's tables written into README.md, each
// between its markers (`<!-- bench:NAME -->` and `<!-- /bench:NAME -->`), so
// the README's numbers are one run's, machine and load included. Only what is
// between the markers changes; a block whose markers are missing is reported,
// not added.
import { readFileSync, writeFileSync } from 'node:fs';

const README = new URL('../README.md', import.meta.url);

/** Replaces each named block's contents; returns the names whose markers were not found. */
export function writeReadmeBlocks(blocks: Readonly<Record<string, string>>, file: URL = README): string[] {
  let text = readFileSync(file, 'utf8');
  const missing: string[] = [];
  for (const [name, contents] of Object.entries(blocks)) {
    const open = `<!-- bench:${name} -->`;
    const close = `<!-- /bench:${name} -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) {
      missing.push(name);
      continue;
    }
    text = `${text.slice(0, start + open.length)}\n\n${contents.trim()}\n\n${text.slice(end)}`;
  }
  writeFileSync(file, text);
  return missing;
}
