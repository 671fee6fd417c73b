import { readChangeFeedOptions, type ChangeFeedOptions } from '../store/changeFeedOptions.js';
import { FeedSync } from '../store/feedSync.js';
import { CHANGE_FEED, type ChangeFeed } from '../store/storeFeed.js';

/**
 * The proxy's change feed, for `createGroupsStore`'s `changes` option: the
 * store listens to it while observed, so that what other people change
 * through the proxy (and what its upstream poll finds changed elsewhere)
 * shows at once, without a request. The options are checked here, before
 * anything is sent: bad ones throw a `GroupsError` of code `validation`.
 * The feed's code travels with the object this returns, so an app that
 * does not listen never bundles it.
 *
 * @example
 * import { changeFeed } from 'turso-groups-store/changes'
 * const store = createGroupsStore({ org, transport, changes: changeFeed({ url: '/api/turso/changes' }) })
 */
export function changeFeed(options: ChangeFeedOptions): ChangeFeed {
  const settings = readChangeFeedOptions(options);
  return Object.freeze({
    url: settings.url,
    [CHANGE_FEED]: (context, reads, host, refresh) => new FeedSync(context, settings, reads, refresh.maxPollBackoff, host),
  } satisfies ChangeFeed);
}
