import type { GroupsError, GroupsOperation } from '../errors.js';

interface EventBase {
  /** The command this event belongs to; every command has its own. */
  readonly id: number;
  readonly operation: GroupsOperation;
  /** The group, for commands on one group. */
  readonly group: string | undefined;
}

/**
 * What `events$` tells: each command's start, then how it ended — `success`;
 * `failure` (the server refused it, or it never left), followed by `rollback`
 * when it had shown a change; or `unknown` (no answer could be read: the
 * change stays shown, unconfirmed, while the store re-reads the group),
 * followed by `reconciled` once the re-read has settled it. `retry` tells of
 * each retry the transport makes for a command or a read. `storageFailed`
 * tells, once, that persistence stopped. Events never carry a token or a
 * server answer.
 */
export type StoreEvent =
  | (EventBase & { readonly type: 'start' })
  | (EventBase & { readonly type: 'success' })
  | (EventBase & { readonly type: 'failure'; readonly error: GroupsError })
  | (EventBase & { readonly type: 'rollback' })
  | (EventBase & {
      readonly type: 'retry';
      /** 1 for the first retry of the request, 2 for the second, … */
      readonly attempt: number;
      /** Why the previous attempt failed. */
      readonly reason: GroupsError;
      /** Milliseconds before the retry is sent. */
      readonly waitMs: number;
    })
  | (EventBase & {
      readonly type: 'unknown';
      /** What the caller's promise rejected with. */
      readonly error: GroupsError;
    })
  | (EventBase & {
      /**
       * The `persist` storage failed (a full storage, private mode): the store
       * runs on without persistence. Told once; `operation` is `request`.
       */
      readonly type: 'storageFailed';
      /** What the storage threw, such as a `QuotaExceededError`. */
      readonly cause: unknown;
    })
  | (EventBase & {
      readonly type: 'reconciled';
      /** Whether the server holds the change: shown as confirmed if so, gone (with `error` in the group's meta) if not. */
      readonly applied: boolean;
    });
