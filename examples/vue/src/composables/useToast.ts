import { inject, provide, shallowRef, type InjectionKey, type Ref } from 'vue';

/** The dashboard's one toast: the last failure, until it is closed or replaced. */
export interface Toast {
  readonly message: Readonly<Ref<string | undefined>>;
  show(message: string): void;
  close(): void;
}

const TOAST_KEY: InjectionKey<Toast> = Symbol('toast');

/** Creates the toast and provides it to this component's descendants (call it in the root's setup()). */
export function provideToast(): Toast {
  const message = shallowRef<string | undefined>(undefined);
  const toast: Toast = {
    message,
    show: (text) => {
      message.value = text;
    },
    close: () => {
      message.value = undefined;
    },
  };
  provide(TOAST_KEY, toast);
  return toast;
}

/** The toast an ancestor provided. */
export function useToast(): Toast {
  const toast = inject(TOAST_KEY, null);
  if (toast === null) throw new Error('useToast(): no toast was provided; call provideToast() in the root component');
  return toast;
}

export { messageOf } from '../../../shared/failureText.js';
