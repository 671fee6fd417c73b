import { useEffect, useRef, useState, type ReactElement, type RefObject } from 'react';
import { useGroupsStore } from 'turso-groups-store/react';
import { controlNames, TOKEN_COPIED, TOKEN_NOTE, tokenCopyFailed } from '../../../shared/dashboardText.js';
import { useToast } from '../toast.js';

/** One group's token minting: the button's and the panel's shared state. */
export interface MintedToken {
  /** The JWT, from the mint's answer until `dismiss`; `undefined` otherwise. */
  readonly jwt: string | undefined;
  /** Counts the tokens minted here: a key for the panel, so each new token starts it afresh. */
  readonly serial: number;
  readonly minting: boolean;
  readonly mint: () => void;
  readonly dismiss: () => void;
  readonly mintButton: RefObject<HTMLButtonElement | null>;
  readonly copyButton: RefObject<HTMLButtonElement | null>;
}

/**
 * Mints a token for `name` and holds the JWT to show it once. It lives in
 * this hook's state only, until "Dismiss" (or until the row leaves the page):
 * the store hands it to its caller and keeps nothing, and it never reaches
 * storage, the event log or the toast. Focus follows it: to "Copy token" when
 * it appears, back to the mint button when it is dismissed.
 */
export function useMintedToken(name: string): MintedToken {
  const store = useGroupsStore();
  const toast = useToast();
  const [shown, setShown] = useState<{ readonly jwt: string; readonly serial: number } | undefined>(undefined);
  const serial = useRef(0);
  const [minting, setMinting] = useState(false);
  const mintButton = useRef<HTMLButtonElement>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  // Set by the handlers only, so that no other render moves the focus.
  const focusNext = useRef<RefObject<HTMLButtonElement | null> | undefined>(undefined);

  useEffect(() => {
    const target = focusNext.current?.current;
    focusNext.current = undefined;
    target?.focus();
  }, [shown]);

  return {
    jwt: shown?.jwt,
    serial: shown?.serial ?? 0,
    minting,
    mintButton,
    copyButton,
    mint() {
      if (minting) return;
      setMinting(true);
      store
        .mintToken(name)
        .then((minted) => {
          focusNext.current = copyButton;
          setShown({ jwt: minted.jwt, serial: ++serial.current });
        }, toast.failure)
        .finally(() => setMinting(false));
    },
    dismiss() {
      focusNext.current = mintButton;
      setShown(undefined);
    },
  };
}

export function MintTokenButton({ name, token }: { readonly name: string; readonly token: MintedToken }): ReactElement {
  // aria-disabled rather than disabled while minting: a disabled button would drop the focus.
  return (
    <button ref={token.mintButton} type="button" className="secondary small" aria-label={controlNames.mintToken(name)} aria-disabled={token.minting} onClick={token.mint}>
      {token.minting ? 'Minting…' : 'Mint token'}
    </button>
  );
}

/** The JWT, shown once, with "Copy token" and "Dismiss". */
export function TokenPanel({ name, jwt, token }: { readonly name: string; readonly jwt: string; readonly token: MintedToken }): ReactElement {
  const toast = useToast();
  const [copied, setCopied] = useState(false);

  function copy(): void {
    navigator.clipboard.writeText(jwt).then(
      () => setCopied(true),
      (error: unknown) => toast.show(tokenCopyFailed(error)),
    );
  }

  return (
    <div className="token" role="group" aria-label={controlNames.token(name)}>
      <p className="hint token-note">{TOKEN_NOTE}</p>
      <code data-token>{jwt}</code>
      <div className="row token-actions">
        <button ref={token.copyButton} type="button" className="small" aria-label={controlNames.copyToken(name)} onClick={copy}>
          Copy token
        </button>
        <button type="button" className="secondary small" aria-label={controlNames.dismissToken(name)} onClick={token.dismiss}>
          Dismiss
        </button>
        <span className="hint" role="status">
          {copied ? TOKEN_COPIED : ''}
        </span>
      </div>
    </div>
  );
}
