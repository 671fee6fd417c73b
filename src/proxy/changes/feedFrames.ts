import { formatPosition, type FeedEvent, type FeedPosition, type ReloadReason } from './feedEvent.js';

// The Server-Sent Events frames of the change feed. Each `data:` is one
// line of JSON (JSON.stringify never writes a raw newline), so a frame is
// never split by what it carries.

/** Sent first: how long a browser's EventSource waits before reconnecting. */
export const RETRY_FRAME = 'retry: 1000\n\n';

/** A comment, every `keepAlive`: proxies and load balancers close a connection that stays silent. */
export const PING_FRAME = ': ping\n\n';

function frame(event: string, position: FeedPosition, data: unknown): string {
  return `event: ${event}\nid: ${formatPosition(position)}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The position the connection starts from. */
export function helloFrame(position: FeedPosition): string {
  return frame('hello', position, { epoch: position.epoch, seq: position.seq });
}

/** One change: `name` always, `group` for kind `group`. */
export function changeFrame(epoch: string, event: FeedEvent): string {
  const data = event.kind === 'group' ? { seq: event.seq, kind: event.kind, name: event.name, group: event.group } : { seq: event.seq, kind: event.kind, name: event.name };
  return frame('change', { epoch, seq: event.seq }, data);
}

/** Read the whole list again: what came before `position` is unknown to the browser. */
export function reloadFrame(position: FeedPosition, reason: ReloadReason): string {
  return frame('reload', position, { epoch: position.epoch, seq: position.seq, reason });
}
