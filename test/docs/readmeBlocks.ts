// Reads the README's testable code out of it. A fenced block preceded by a
// marker line belongs to a file of the docs test:
//
//   <!-- readme-test: NAME -->              ```ts or ```tsx: type-checked and run
//   <!-- readme-test: NAME check -->        ```ts or ```tsx: type-checked only (a browser's or an account's)
//   <!-- readme-test: NAME.vue -->          ```vue or ```svelte: a component, compiled; the
//   <!-- readme-test: NAME.svelte -->       programs beside it import it by that name
//
// NAME may sit in a folder (`vue/ssr`), so that each framework's components
// and the programs that import them share one. The blocks of one program are
// joined in README order into one module, so a later block may use what an
// earlier one made. A comment that opens with the marker and spans lines is
// hidden code of that program, at that place: setup the prose implies (an
// `org`, a `transport`), or checks after it. What the reader sees is what runs.

export type BlockKind = 'run' | 'check' | 'component';

export interface ReadmeFile {
  /** Its path in the folder the test writes: `quick-start.ts`, `vue/GroupList.vue`. */
  readonly path: string;
  readonly kind: BlockKind;
  /** The file's text. */
  readonly source: string;
  /** The README line (1-based) each line of `source` came from. */
  readonly readmeLines: readonly number[];
}

const MARKER = /^<!-- readme-test: ((?:[a-z0-9-]+\/)?[A-Za-z0-9-]+(\.vue|\.svelte)?)(?: (check))?( -->)?$/;
const FENCE = /^```(ts|tsx|vue|svelte)\s*$/;

interface Draft {
  kind: BlockKind;
  extension: string;
  lines: string[];
  readmeLines: number[];
}

/** The README's files, in the order they first appear; throws, naming the line, on a marker it cannot follow. */
export function readmeFiles(readme: string): ReadmeFile[] {
  const lines = readme.split('\n');
  const drafts = new Map<string, Draft>();
  const take = (draft: Draft, from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      draft.lines.push(lines[i] ?? '');
      draft.readmeLines.push(i + 1);
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const match = MARKER.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name = '', component, check, closed] = match;
    const at = `README.md:${i + 1}`;
    const kind: BlockKind = component ? 'component' : check ? 'check' : 'run';
    if (component && check) throw new Error(`${at}: a component is compiled, never run: drop "check"`);
    const draft = drafts.get(name) ?? { kind, extension: component ? component.slice(1) : 'ts', lines: [], readmeLines: [] };
    if (draft.kind !== kind) throw new Error(`${at}: ${name} is marked both ${draft.kind} and ${kind}`);
    drafts.set(name, draft);
    if (!closed) {
      if (component) throw new Error(`${at}: a component has no hidden code`);
      const end = lines.indexOf('-->', i + 1);
      if (end < 0) throw new Error(`${at}: the hidden code of ${name} has no closing -->`);
      take(draft, i + 1, end);
      i = end;
      continue;
    }
    const fence = FENCE.exec(lines[i + 1] ?? '')?.[1];
    const expected = component ? [component.slice(1)] : ['ts', 'tsx'];
    if (fence === undefined || !expected.includes(fence)) throw new Error(`${at}: ${name} is not followed by a \`\`\`${expected.join(' or ```')} block`);
    if (component && draft.lines.length > 0) throw new Error(`${at}: ${name} is one block, and has one already`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`README.md:${i + 2}: the block of ${name} is not closed`);
    if (fence === 'tsx') draft.extension = 'tsx';
    take(draft, i + 2, end);
    i = end;
  }
  return [...drafts].map(([name, draft]) => ({
    path: draft.kind === 'component' ? name : `${name}.${draft.extension}`,
    kind: draft.kind,
    source: `${draft.lines.join('\n')}\n`,
    readmeLines: draft.readmeLines,
  }));
}

/**
 * `text` (a compiler's or Node's output) with each position in a written file
 * replaced by the README line it came from: tsc writes `dir/file.ts(12,5)`,
 * Node `/abs/dir/file.ts:12:5` or `file:///abs/dir/file.ts:12`.
 */
export function atReadmeLines(text: string, files: readonly ReadmeFile[], folder: string): string {
  const marker = `${folder.split('/').pop() ?? folder}/`;
  return text.replace(/([^\s()]+\.(?:tsx?|vue|svelte))(?:\((\d+),\d+\)|:(\d+)(?::\d+)?)/g, (whole, path: string, tscLine?: string, nodeLine?: string) => {
    const start = path.lastIndexOf(marker);
    const relative = start < 0 ? path : path.slice(start + marker.length);
    const file = files.find((f) => f.path === relative);
    const line = file?.readmeLines[Number(tscLine ?? nodeLine) - 1];
    return line === undefined ? whole : `README.md:${line} (${relative})`;
  });
}
