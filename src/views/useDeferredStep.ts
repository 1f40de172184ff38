/**
 * The step cursor for the panels beside the three stepping views (the formula, the debugger's plot and pin, the MLP
 * comparison). It follows the store's step in a transition: a key press renders the folded cell, the unrolled
 * network and the heatmap first, in the frame right after the press, and these panels in the render after it.
 * Reading the step through a store subscription, not a selector, is what keeps them out of the key press's own
 * synchronous render (a selector would re-render them there, with useDeferredValue or without).
 */
import { startTransition, useEffect, useRef, useState } from 'react';
import { shallow } from 'zustand/vanilla/shallow';
import type { AppState } from '../store/types';
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

/**
 * A selection of the store for the same panels, updated in a transition: a new trace or model (four a second while
 * training) re-renders the three stepping views in the store update's own synchronous render, and these panels
 * after it, in slices React can interrupt. `select` must be a stable function (defined outside the component) whose
 * result is compared shallowly. Inputs the panel controls itself (a number field, a checkbox) are read with
 * useAppStore instead, as a controlled input must update in its own event.
 */
export function useDeferredStore<T>(select: (s: AppState) => T): T {
  const store = useAppStoreApi();
  const [value, setValue] = useState(() => select(store.getState()));
  // The last selection handed to React: a store change that leaves it shallow-equal schedules nothing at all.
  const latest = useRef(value);
  useEffect(() => {
    const update = () => {
      const next = select(store.getState());
      if (shallow(latest.current, next)) return;
      latest.current = next;
      startTransition(() => setValue(next));
    };
    // The store may have moved between the first render and this subscription.
    update();
    return store.subscribe(update);
  }, [store, select]);
  return value;
}
