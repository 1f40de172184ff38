/**
 * Presenter keys: arrows and PageUp/PageDown step, Home resets, Space plays/pauses, B blanks the screen, F goes
 * full screen; never while the user types.
 * Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (⌘ on macOS) undo and redo model changes, except in a text field, whose own
 * text undo they leave alone. No key acts while a modal dialog has focus.
 */
import { useEffect } from 'react';
import type { AppStore } from '../store/createAppStore';

/** True when a key press belongs to a text field or another control that uses the key itself. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  // A checkbox uses Space only (it toggles); the stepping keys still step. Every other input keeps its keys: text
  // and numbers are typed, a radio group moves with the arrows, a slider moves with them (Time step steps by itself).
  if (target instanceof HTMLInputElement) return target.type === 'checkbox' ? key === ' ' : true;
  return false;
}

/** Inputs without editable text: the browser has no text undo there, so the model's undo may act. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file', 'image']);

/** True when the browser's own Ctrl+Z belongs to the target (text inputs, textareas, editable content). */
function hasTextUndo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target.tagName === 'TEXTAREA' || target.isContentEditable;
}

/** 'undo', 'redo' or null for a key press; the letter comes from the key's place too, for non-Latin layouts. */
function historyKey(e: KeyboardEvent): 'undo' | 'redo' | null {
  if (e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const letter = /^[a-z]$/i.test(e.key) ? e.key.toLowerCase() : e.code === 'KeyZ' ? 'z' : e.code === 'KeyY' ? 'y' : '';
  if (letter === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (letter === 'y' && e.ctrlKey && !e.shiftKey) return 'redo';
  return null;
}

/** Binds the presenter keys to the store's actions for the lifetime of the component; `?` calls onHelp, B onBlank. */
export function useKeyboard(store: AppStore, onHelp: () => void = () => {}, onBlank: () => void = () => {}): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest('[aria-modal="true"]')) return;
      const s = store.getState();
      const history = historyKey(e);
      if (history) {
        if (hasTextUndo(e.target)) return;
        e.preventDefault();
        void (history === 'undo' ? s.undo() : s.redo());
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey || ownsKey(e.target, e.key)) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') { e.preventDefault(); s.stepForward(); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); s.stepBack(); }
      else if (e.key === 'Home') { e.preventDefault(); s.reset(); }
      else if (e.key === 'End') { e.preventDefault(); s.stepTo(s.tokens.length); }
      else if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) { e.preventDefault(); s.togglePlay(); }
      else if (e.key === '?') { e.preventDefault(); onHelp(); }
      else if (e.key === 'b' || e.key === 'B') { e.preventDefault(); onBlank(); }
      else if (e.key === 'f' || e.key === 'F') {
        e.preventDefault();
        // Full screen needs the user's key press (this one); browsers that refuse simply stay windowed.
        if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => {});
        else void document.documentElement.requestFullscreen?.().catch(() => {});
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, onHelp, onBlank]);
}
