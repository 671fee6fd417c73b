import { createContext, useContext, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { failureOnce, messageOf } from '../../shared/failureText.js';

/** What the toast shows: the last failure, until it is closed or replaced. */
export interface ToastMessage {
  /** New for every message, so the same words twice are announced twice. */
  readonly id: number;
  readonly text: string;
}

/** What components may do with the toast. Stable for the provider's life, so memoized rows never re-render for it. */
export interface ToastActions {
  readonly show: (text: string) => void;
  /**
   * Shows a failure once: the store's `events$` and a command's own promise
   * tell of the same error object, and only the first is shown. Aborted work
   * was given up on purpose and shows nothing.
   */
  readonly failure: (error: unknown) => void;
  readonly close: () => void;
}

const MessageContext = createContext<ToastMessage | undefined>(undefined);
const ActionsContext = createContext<ToastActions | undefined>(undefined);

export { messageOf };

export function ToastProvider({ children }: { readonly children?: ReactNode }): ReactElement {
  const [message, setMessage] = useState<ToastMessage | undefined>(undefined);
  const nextId = useRef(0);
  const actions = useMemo<ToastActions>(() => {
    const textOf = failureOnce();
    const show = (text: string) => setMessage({ id: ++nextId.current, text });
    return {
      show,
      failure: (error) => {
        const text = textOf(error);
        if (text !== undefined) show(text);
      },
      close: () => setMessage(undefined),
    };
  }, []);
  return (
    <ActionsContext.Provider value={actions}>
      <MessageContext.Provider value={message}>{children}</MessageContext.Provider>
    </ActionsContext.Provider>
  );
}

export function useToast(): ToastActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useToast() must be called below a <ToastProvider>');
  return actions;
}

export function useToastMessage(): ToastMessage | undefined {
  return useContext(MessageContext);
}
