/** Presenter keys: arrows and PageUp/PageDown step, Home resets, Space plays/pauses; never while the user types. */
import { useEffect } from 'react';
import type { AppStore } from '../store/createAppStore';

/** True when a key press belongs to a text field or another control that uses the key itself. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Binds the presenter keys to the store's actions for the lifetime of the component; `?` calls onHelp. */
export function useKeyboard(store: AppStore, onHelp: () => void = () => {}): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const s = store.getState();
      if (e.key === 'ArrowRight' || e.key === 'PageDown') { e.preventDefault(); s.stepForward(); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); s.stepBack(); }
      else if (e.key === 'Home') { e.preventDefault(); s.reset(); }
      else if (e.key === 'End') { e.preventDefault(); s.stepTo(s.tokens.length); }
      else if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) { e.preventDefault(); s.togglePlay(); }
      else if (e.key === '?') { e.preventDefault(); onHelp(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, onHelp]);
}
