import type { ReactElement } from 'react';
import { useToast, useToastMessage } from '../toast.js';

/** The last failure. Always in the page, so screen readers announce what appears in it. */
export function ToastRegion(): ReactElement {
  const message = useToastMessage();
  const toast = useToast();
  return (
    <div className="toast" role="alert" data-toast data-open={message ? '' : undefined}>
      {message && (
        // Keyed by message, so the same words twice are a new announcement.
        <div key={message.id} className="toast-body">
          <p className="toast-message">{message.text}</p>
          <button type="button" className="link-button" onClick={toast.close}>
            Close message
          </button>
        </div>
      )}
    </div>
  );
}
