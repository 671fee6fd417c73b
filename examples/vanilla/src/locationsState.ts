import { Observable } from 'rxjs';
import type { LocationsFeed, LocationsState } from '../../shared/locationsFeed.js';

/** The shared feed's state as an observable, for the views' `combineLatest`; unsubscribing leaves the feed. */
export function locationsState$(feed: LocationsFeed): Observable<LocationsState> {
  return new Observable((subscriber) => feed.subscribe((state) => subscriber.next(state)));
}
