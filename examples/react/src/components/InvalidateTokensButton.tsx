import { useEffect, useState, type ReactElement } from 'react';
import { useGroupsStore } from 'turso-groups-store/react';
import { useToast } from '../toast.js';

/** How long "Tokens invalidated." stays, in ms. */
const NOTE_MS = 4_000;

/** Invalidates every token of the group; says so for a moment once the server agreed. */
export function InvalidateTokensButton({ name }: { readonly name: string }): ReactElement {
  const store = useGroupsStore();
  const toast = useToast();
  const [done, setDone] = useState(0);

  useEffect(() => {
    if (done === 0) return undefined;
    const timer = setTimeout(() => setDone(0), NOTE_MS);
    return () => clearTimeout(timer);
  }, [done]);

  function invalidate(): void {
    store.invalidateTokens(name).then(() => setDone((n) => n + 1), toast.failure);
  }

  return (
    <>
      <button type="button" className="secondary" aria-label={`Invalidate tokens of ${name}`} onClick={invalidate}>
        Invalidate tokens
      </button>
      {/* Last in the row to the eye (it holds no control, so the tab order is not affected). */}
      <span className="done-note" role="status">
        {done > 0 ? 'Tokens invalidated.' : ''}
      </span>
    </>
  );
}
