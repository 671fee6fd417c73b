/**
 * What the store asks of the host about the outside world: whether the page
 * is visible and the network reachable, and when that changes. Browsers get
 * {@link browserEnvironment}; tests and other hosts (React Native, a worker,
 * Node) supply their own, or {@link manualEnvironment}.
 */
export interface LiveEnvironment {
  /** Whether the page is shown to the user now. */
  isVisible(): boolean;
  /** Whether the network is believed reachable now. */
  isOnline(): boolean;
  /**
   * Calls `listener` when visibility, focus or connectivity may have changed
   * (`'visible'`: the page was shown or focused; `'online'`: the network came
   * back; `'offline'`, `'hidden'`). Returns the function that stops it.
   */
  subscribe(listener: (signal: EnvironmentSignal) => void): () => void;
  /**
   * A lock manager (the Web Locks API) for choosing one tab to poll for all;
   * without one, every tab polls for itself.
   * @default navigator.locks where it exists
   */
  readonly locks?: LockManagerLike | undefined;
}

export type EnvironmentSignal = 'visible' | 'hidden' | 'online' | 'offline';

/** The part of the Web Locks API the store uses. */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
  /**
   * The locks held now (the Web Locks API's `query`). Without it, a tab
   * that is not granted the listening lock within 150 ms takes it that
   * another tab listens.
   */
  query?(): Promise<{ held?: ReadonlyArray<{ name?: string }> }>;
}

interface BrowserGlobals {
  document?: { visibilityState?: string; addEventListener(type: string, listener: () => void): void; removeEventListener(type: string, listener: () => void): void };
  navigator?: { onLine?: boolean; locks?: LockManagerLike };
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

/**
 * The browser's signals: `document.visibilityState` and `visibilitychange`,
 * window `focus`, `online`, `offline`, `navigator.onLine`, `navigator.locks`.
 * Globals are read when asked, never at import; where one is missing (Node, a
 * worker) the page counts as visible and online, and nothing is signalled.
 */
export function browserEnvironment(): LiveEnvironment {
  const host = globalThis as unknown as BrowserGlobals;
  return {
    isVisible: () => host.document?.visibilityState !== 'hidden',
    isOnline: () => host.navigator?.onLine !== false,
    subscribe(listener) {
      const onVisibility = (): void => listener(host.document?.visibilityState === 'hidden' ? 'hidden' : 'visible');
      const onFocus = (): void => listener('visible');
      const onOnline = (): void => listener('online');
      const onOffline = (): void => listener('offline');
      host.document?.addEventListener('visibilitychange', onVisibility);
      host.addEventListener?.('focus', onFocus);
      host.addEventListener?.('online', onOnline);
      host.addEventListener?.('offline', onOffline);
      return () => {
        host.document?.removeEventListener('visibilitychange', onVisibility);
        host.removeEventListener?.('focus', onFocus);
        host.removeEventListener?.('online', onOnline);
        host.removeEventListener?.('offline', onOffline);
      };
    },
    // Read when asked: a store without cross-tab sync or a change feed never
    // asks, and the page then never makes its lock manager.
    get locks() {
      return host.navigator?.locks;
    },
  };
}

/** A {@link LiveEnvironment} driven by hand: for tests, and hosts with their own signals. */
export interface ManualEnvironment extends LiveEnvironment {
  /** Shows or hides the page; showing it signals `'visible'` (a focus). */
  setVisible(visible: boolean): void;
  /** Takes the network down or brings it back, signalling `'offline'` or `'online'`. */
  setOnline(online: boolean): void;
  /** Signals a focus without a change of visibility. */
  focus(): void;
}

/**
 * An environment whose signals are sent by calling its methods.
 *
 * @example
 * const environment = manualEnvironment()
 * const store = createGroupsStore({ ..., environment })
 * environment.setOnline(false)
 */
export function manualEnvironment(options: { visible?: boolean; online?: boolean; locks?: LockManagerLike } = {}): ManualEnvironment {
  let visible = options.visible ?? true;
  let online = options.online ?? true;
  const listeners = new Set<(signal: EnvironmentSignal) => void>();
  const send = (signal: EnvironmentSignal): void => {
    for (const listener of [...listeners]) listener(signal);
  };
  return {
    isVisible: () => visible,
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    locks: options.locks,
    setVisible(next) {
      visible = next;
      send(next ? 'visible' : 'hidden');
    },
    setOnline(next) {
      online = next;
      send(next ? 'online' : 'offline');
    },
    focus() {
      send('visible');
    },
  };
}
