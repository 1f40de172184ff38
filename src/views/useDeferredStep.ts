/**
 * The step cursor for the panels beside the three stepping views (the formula, the debugger's plot and pin, the MLP
 * comparison). It follows the store's step in a transition: a key press renders the folded cell, the unrolled
 * network and the heatmap first, in the frame right after the press, and these panels in the render after it.
 * Reading the step through a store subscription, not a selector, is what keeps them out of the key press's own
 * synchronous render (a selector would re-render them there, with useDeferredValue or without).
 */
import { startTransition, useEffect, useState } from 'react';
import { useAppStoreApi } from '../store/useAppStore';

/** The store's step, at most one render behind it. */
export function useDeferredStep(): number {
  const store = useAppStoreApi();
  const [step, setStep] = useState(() => store.getState().step);
  useEffect(() => {
    // The store may have moved between the first render and this subscription: catch up (a no-op when it has not).
    // eslint-disable-next-line react/set-state-in-effect
    setStep(store.getState().step);
    return store.subscribe((s, prev) => {
      if (s.step !== prev.step) startTransition(() => setStep(s.step));
    });
  }, [store]);
  return step;
}
