/** React access to the app store: the store lives in a context so tests and the app each bring their own. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from './createAppStore';
import type { AppState } from './types';

/** Context holding the app store. */
export const AppStoreContext = createContext<AppStore | null>(null);

/** Reads a slice of the app store; re-renders only when the selected value changes. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore needs an AppStoreContext provider');
  return useStore(store, selector);
}

/** The store itself, for transient subscriptions (canvases) and actions. */
export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStoreApi needs an AppStoreContext provider');
  return store;
}
