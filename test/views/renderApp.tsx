/** Renders the whole app over a store with the in-process engine port. */
import { render } from '@testing-library/react';
import { App } from '../../src/app/App';
import { createAppStore, type AppStore } from '../../src/store/createAppStore';
import type { AppData } from '../../src/store/types';
import { createFakePort } from '../store/fakePort';

/** Renders App and waits for nothing: callers use findBy* for the model to appear. */
export function renderApp(overrides: Partial<AppData> = {}): { store: AppStore } & ReturnType<typeof render> {
  const store = createAppStore(createFakePort(), overrides);
  return { store, ...render(<App store={store} />) };
}
