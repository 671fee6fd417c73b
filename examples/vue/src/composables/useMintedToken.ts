import { nextTick, onScopeDispose, shallowRef, toValue, type MaybeRefOrGetter, type Ref } from 'vue';
import type { GroupsStore } from 'turso-groups-store';
import type { Toasts } from '../../../shared/toasts.js';
import { tokenCopyFailed } from '../../../shared/dashboardText.js';

export interface MintedTokenView {
  /** The JWT while it is shown, else `undefined`. */
  readonly jwt: Readonly<Ref<string | undefined>>;
  readonly minting: Readonly<Ref<boolean>>;
  /** True once the shown token went to the clipboard. */
  readonly copied: Readonly<Ref<boolean>>;
  mint(): Promise<void>;
  copy(): Promise<void>;
  dismiss(): Promise<void>;
}

export interface TokenFocus {
  /** Called once the token is on screen (focus its copy button). */
  readonly shown: () => void;
  /** Called once it is gone (focus the mint button again). */
  readonly dismissed: () => void;
}

/**
 * A token for one group, shown once. The JWT lives in this composable's ref
 * only, from the mint's answer until `dismiss()` or until the component
 * goes: never in the store (which does not keep it either), never in
 * storage, never in the event log.
 */
export function useMintedToken(store: GroupsStore, name: MaybeRefOrGetter<string>, toast: Toasts, focus: TokenFocus): MintedTokenView {
  const jwt = shallowRef<string | undefined>(undefined);
  const minting = shallowRef(false);
  const copied = shallowRef(false);
  onScopeDispose(() => {
    jwt.value = undefined;
  });

  return {
    jwt,
    minting,
    copied,
    async mint() {
      if (minting.value) return;
      minting.value = true;
      try {
        const minted = await store.mintToken(toValue(name));
        jwt.value = minted.jwt;
        copied.value = false;
        await nextTick();
        focus.shown();
      } catch (error) {
        toast.failure(error);
      } finally {
        minting.value = false;
      }
    },
    async copy() {
      const token = jwt.value;
      if (token === undefined) return;
      try {
        await navigator.clipboard.writeText(token);
        copied.value = true;
      } catch (error) {
        toast.show(tokenCopyFailed(error));
      }
    },
    async dismiss() {
      jwt.value = undefined;
      copied.value = false;
      await nextTick();
      focus.dismissed();
    },
  };
}
