import type { Subscription } from 'rxjs';
import type { GroupsStore } from '../store/groupsStore.js';
import { inspectGroupsStore } from './inspectGroupsStore.js';
import { FRAME, sectionMarkup } from './panelMarkup.js';
import { panelModel } from './panelModel.js';
import { PANEL_CSS } from './panelStyles.js';
import { Timeline, type TimelineFilter } from './timeline.js';

/** The panel's tag name. */
export const DEVTOOLS_TAG = 'groups-devtools';

/** How many events the timeline keeps, unless the `max-events` attribute says otherwise. */
const MAX_EVENTS = 200;
/** How often, in ms, the panel re-reads the store between events, unless `refresh-ms` says otherwise. */
const REFRESH_MS = 1000;

/**
 * `<groups-devtools>`: the panel, in its own shadow root. Give it a store
 * (`element.store = store`) and put it in the page; it reads the store while
 * it is in the page, and lets go of everything (its `events$` subscription,
 * its timer) when it leaves. Attributes: `dock="none"` (in the flow instead
 * of fixed along the bottom), `collapsed`, `max-events` (default 200),
 * `refresh-ms` (default 1000).
 */
export interface GroupsDevtoolsElement extends HTMLElement {
  /** The store the panel shows; `undefined` shows nothing. Setting another one starts its timeline afresh. */
  store: GroupsStore | undefined;
}

function positiveAttribute(element: HTMLElement, name: string, fallback: number): number {
  const value = Number(element.getAttribute(name));
  return element.hasAttribute(name) && Number.isFinite(value) && value > 0 ? value : fallback;
}

function styleSheet(root: ShadowRoot): Node | undefined {
  // A constructed sheet where the browser has them (a page's style-src policy does not apply to it), a <style> elsewhere.
  if (typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PANEL_CSS);
    root.adoptedStyleSheets = [sheet];
    return undefined;
  }
  const style = document.createElement('style');
  style.textContent = PANEL_CSS;
  return style;
}

/** The element's class, made on first use: importing this module needs no DOM (server renders import it too). */
function elementClass(): CustomElementConstructor {
  return class GroupsDevtools extends HTMLElement implements GroupsDevtoolsElement {
    static readonly observedAttributes = ['collapsed'];
    readonly #root: ShadowRoot;
    #store: GroupsStore | undefined;
    #timeline = new Timeline(MAX_EVENTS);
    #filter: TimelineFilter = { type: 'all', text: '' };
    #subscription: Subscription | undefined;
    #timer: ReturnType<typeof setInterval> | undefined;
    #renderTimer: ReturnType<typeof setTimeout> | undefined;
    /** The markup each part shows now: a part is rewritten only when its markup changes. */
    readonly #shown = new Map<string, string>();

    constructor() {
      super();
      this.#root = this.attachShadow({ mode: 'open' });
      const style = styleSheet(this.#root);
      const frame = document.createElement('template');
      frame.innerHTML = FRAME;
      this.#root.replaceChildren(...(style ? [style] : []), frame.content);
      this.#root.addEventListener('click', (event) => this.#onClick(event));
      this.#root.addEventListener('input', (event) => this.#onFilter(event));
      this.#root.addEventListener('change', (event) => this.#onFilter(event));
    }

    get store(): GroupsStore | undefined {
      return this.#store;
    }

    set store(store: GroupsStore | undefined) {
      if (store === this.#store) return;
      this.#detach();
      this.#store = store;
      this.#timeline = new Timeline(positiveAttribute(this, 'max-events', MAX_EVENTS));
      this.#shown.clear();
      if (this.isConnected) this.#attach();
    }

    connectedCallback(): void {
      this.#attach();
    }

    disconnectedCallback(): void {
      this.#detach();
    }

    attributeChangedCallback(): void {
      this.#syncCollapsed();
    }

    #attach(): void {
      const store = this.#store;
      if (!store || this.#subscription) return;
      this.#syncCollapsed();
      this.#subscription = store.events$.subscribe((event) => {
        this.#timeline.add(event, Date.now());
        this.#queueRender();
      });
      // Between events: countdowns, and what changes without one (a peer's message, a mutation going on the wire).
      this.#timer = setInterval(() => this.#render(), positiveAttribute(this, 'refresh-ms', REFRESH_MS));
      this.#render();
    }

    #detach(): void {
      this.#subscription?.unsubscribe();
      this.#subscription = undefined;
      if (this.#timer !== undefined) clearInterval(this.#timer);
      this.#timer = undefined;
      if (this.#renderTimer !== undefined) clearTimeout(this.#renderTimer);
      this.#renderTimer = undefined;
    }

    /**
     * Events come in bursts (a command's start, its rollback), and what they
     * start goes on in microtasks (a mutation held offline, the next one of
     * its group sent): one render after them, in a task of its own.
     */
    #queueRender(): void {
      if (this.#renderTimer !== undefined) return;
      this.#renderTimer = setTimeout(() => {
        this.#renderTimer = undefined;
        this.#render();
      }, 0);
    }

    #render(): void {
      const store = this.#store;
      if (!store || !this.#subscription) return;
      const timeline = this.#timeline;
      const model = panelModel({
        snapshot: store.getSnapshot(),
        confirmed: store.getConfirmed(),
        pending: store.getPending(),
        inspection: inspectGroupsStore(store),
        // A store of this package before the change feed has no getFeed.
        feed: typeof store.getFeed === 'function' ? store.getFeed() : undefined,
        succeeded: (id) => timeline.succeeded(id),
        wallNow: Date.now(),
      });
      const parts = sectionMarkup(model, timeline.select(this.#filter), timeline.entries.length);
      for (const [name, markup] of Object.entries(parts)) this.#fill(name, markup);
    }

    /** Rewrites one part, keeping keyboard focus on the control that had it (or on the part's heading when it is gone). */
    #fill(name: string, markup: string): void {
      if (this.#shown.get(name) === markup) return;
      const part = this.#root.querySelector<HTMLElement>(`[data-part="${name}"]`);
      if (!part) return;
      const active = this.#root.activeElement;
      const focused = active instanceof HTMLElement && part.contains(active) ? active.dataset['key'] : undefined;
      part.innerHTML = markup;
      this.#shown.set(name, markup);
      if (focused === undefined) return;
      const again = part.querySelector<HTMLElement>(`[data-key="${focused}"]`) ?? part.querySelector<HTMLElement>('[data-key]');
      if (again) again.focus();
      else {
        const heading = part.parentElement?.querySelector('h3');
        heading?.setAttribute('tabindex', '-1');
        heading?.focus();
      }
    }

    #onClick(event: Event): void {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (!button) return;
      const cancel = button.getAttribute('data-cancel');
      if (cancel !== null) {
        this.#store?.cancel(Number(cancel));
        this.#render();
      } else if (button.getAttribute('data-action') === 'collapse') {
        this.toggleAttribute('collapsed');
      }
    }

    #syncCollapsed(): void {
      const collapsed = this.hasAttribute('collapsed');
      const button = this.#root.querySelector('[data-action="collapse"]');
      button?.setAttribute('aria-expanded', String(!collapsed));
      if (button) button.textContent = collapsed ? 'Expand' : 'Minimize';
    }

    #onFilter(event: Event): void {
      const control = event.target;
      if (control instanceof HTMLSelectElement && control.dataset['filter'] === 'type') {
        this.#filter = { ...this.#filter, type: control.value as TimelineFilter['type'] };
      } else if (control instanceof HTMLInputElement && control.dataset['filter'] === 'text') {
        this.#filter = { ...this.#filter, text: control.value };
      } else return;
      this.#render();
    }
  };
}

/**
 * Registers `<groups-devtools>` (once; later calls return the same class),
 * for pages that write the tag themselves. `mountGroupsDevtools` calls it.
 */
export function defineGroupsDevtools(): CustomElementConstructor {
  const existing = customElements.get(DEVTOOLS_TAG);
  if (existing) return existing;
  const element = elementClass();
  customElements.define(DEVTOOLS_TAG, element);
  return element;
}
