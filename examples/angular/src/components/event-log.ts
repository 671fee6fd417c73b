import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import type { StoreEvent } from 'turso-groups-store';
import { injectGroupsStore } from 'turso-groups-store/angular';
import { clockTime } from '../../../shared/clockTime.js';
import { EVENT_LOG_HINT } from '../../../shared/dashboardText.js';
import { createEventDescriber, EVENT_LOG_LIMIT } from '../../../shared/describeEvent.js';
import { uniqueId } from '../uniqueId.js';

interface LoggedEvent {
  /** Unique across the log, for tracking (an event's `id` is its command's, shared by its start and its end). */
  readonly key: number;
  readonly at: Date;
  readonly event: StoreEvent;
  /** The event in words, written when it came (a mutation's location is read from the store then). */
  readonly text: string;
}

/**
 * The store's `events$`, newest first, at most {@link EVENT_LOG_LIMIT}.
 * Events are not replayed, so the log starts when the component is made:
 * before the list's first load, which starts after the first render.
 */
@Component({
  selector: 'section[eventLog]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'card', '[attr.aria-labelledby]': 'id + "-heading"' },
  template: `
    <h2 [id]="id + '-heading'">Events</h2>
    <p class="hint">{{ hint }}</p>
    <!-- Focusable: it scrolls, and a keyboard must be able to scroll it too. -->
    <ol data-event-log aria-label="Events" class="event-log" tabindex="0">
      @for (entry of entries(); track entry.key) {
        <li [attr.data-type]="entry.event.type"><time [attr.datetime]="entry.at.toISOString()">{{ time(entry.at) }}</time> #{{ entry.event.id }} {{ entry.text }}</li>
      }
    </ol>
  `,
})
export class EventLog {
  protected readonly id = uniqueId('events');
  protected readonly hint = EVENT_LOG_HINT;
  protected readonly time = clockTime;
  protected readonly entries = signal<readonly LoggedEvent[]>([]);

  constructor() {
    const store = injectGroupsStore();
    const describe = createEventDescriber(store);
    let nextKey = 0;
    const subscription = store.events$.subscribe((event) => {
      const entry: LoggedEvent = { key: nextKey++, at: new Date(), event, text: describe(event) };
      this.entries.update((current) => [entry, ...current].slice(0, EVENT_LOG_LIMIT));
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }
}
