/**
 * A small modal question with a confirm and a Cancel button, in the look of the keyboard help. Focus moves to
 * Cancel when it opens (the safe answer to a stray Enter), Tab stays inside, Escape cancels, and focus goes back
 * where it was (or to `returnFocus`) when it closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/** Props of ConfirmDialog. */
export interface ConfirmDialogProps {
  /** Whether the dialog is shown. */
  open: boolean;
  /** The question, which also names the dialog. */
  title: string;
  /** What confirming does, read as the dialog's description. */
  children: ReactNode;
  /** Text of the confirm button. */
  confirmLabel: string;
  /** Called on the confirm button. */
  onConfirm(): void;
  /** Called on Cancel and on Escape. */
  onCancel(): void;
  /** Element focused on close; by default the one focused when the dialog opened. */
  returnFocus?: HTMLElement | null;
}

/**
 * A modal confirm/cancel dialog (role="dialog", aria-modal), rendered only while open, into the body: the panels
 * that open it are containment boundaries (app/containment.css), inside which a fixed overlay would not cover the page.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel, returnFocus }: ConfirmDialogProps) {
  const id = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // Read at close time through refs, so new callbacks or a new return target never re-run the focus effect.
  const onCancelRef = useRef(onCancel);
  const returnRef = useRef(returnFocus);
  useEffect(() => { onCancelRef.current = onCancel; returnRef.current = returnFocus; });
  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancelRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { e.preventDefault(); onCancelRef.current(); }
      // Two buttons: Tab and Shift+Tab move between them and never leave the modal.
      else if (e.key === 'Tab') {
        e.preventDefault();
        (document.activeElement === cancelRef.current ? confirmRef : cancelRef).current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      const target = returnRef.current ?? previous;
      if (target?.isConnected) target.focus();
    };
  }, [open]);
  if (!open) return null;
  return createPortal(
    <div className="overlay">
      <div role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}
        className="dialog confirm-dialog">
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        <div className="dialog-actions">
          <button type="button" ref={confirmRef} className="primary" onClick={onConfirm}>{confirmLabel}</button>
          <button type="button" ref={cancelRef} onClick={onCancel}>Cancel</button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
