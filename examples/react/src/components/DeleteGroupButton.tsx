import { useId, useRef, type ReactElement } from 'react';
import { useGroupsStore } from 'turso-groups-store/react';
import { useToast } from '../toast.js';

export interface DeleteGroupButtonProps {
  readonly name: string;
  readonly onDeleted: () => void;
}

/**
 * "Delete NAME", behind a modal <dialog>: the page behind it is inert,
 * Escape cancels, and focus starts on "Cancel", the safe choice.
 */
export function DeleteGroupButton({ name, onDeleted }: DeleteGroupButtonProps): ReactElement {
  const store = useGroupsStore();
  const toast = useToast();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  function open(): void {
    dialog.current?.showModal();
    cancelButton.current?.focus();
  }

  function confirm(): void {
    dialog.current?.close();
    // Gone at once; a failure brings the group back with its error, and the toast tells.
    store.delete(name).catch(toast.failure);
    onDeleted();
  }

  return (
    <>
      <button type="button" className="danger" aria-label={`Delete ${name}`} onClick={open}>
        Delete
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={titleId}>
        <h2 id={titleId}>Delete the group “{name}”?</h2>
        <p>Its databases go with it. This cannot be undone.</p>
        <div className="dialog-actions">
          <button ref={cancelButton} type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={confirm}>
            Confirm delete
          </button>
        </div>
      </dialog>
    </>
  );
}
