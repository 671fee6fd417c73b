import { useSyncExternalStore, type ReactElement } from 'react';
import type { LiveStatus } from '../../../shared/liveStatus.js';

/** The header's "Live:" line: whether other people's changes show as they happen. */
export function LiveStatusLine({ live }: { readonly live: LiveStatus }): ReactElement {
  const line = useSyncExternalStore(live.subscribe, live.getSnapshot);
  return (
    <p className="live" role="status" data-feed-status={line.status}>
      {line.text}
    </p>
  );
}
