import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/store/createAppStore';
import type { AppState } from '../../src/store/types';
import { AppStoreContext } from '../../src/store/useAppStore';
import { useDeferredStore } from '../../src/views/useDeferredStep';
import { createFakePort } from '../store/fakePort';

const selectInput = (s: AppState) => ({ input: s.input, layer: s.layer });

describe('useDeferredStore', () => {
  it('follows its selection in a transition, and does not render for a change outside it', async () => {
    const store = createAppStore(createFakePort(), { input: 'ab' });
    let renders = 0;
    function Probe() {
      renders++;
      const { input, layer } = useDeferredStore(selectInput);
      return <p>{`${input}/${layer}`}</p>;
    }
    render(<AppStoreContext.Provider value={store}><Probe /></AppStoreContext.Provider>);
    expect(screen.getByText('ab/0')).toBeTruthy();
    const before = renders;
    // Outside the selection: the shallow-equal selection keeps the old value, so React skips the render.
    await act(async () => { store.setState({ selectedUnit: 3 }); });
    expect(renders).toBe(before);
    await act(async () => { store.setState({ input: 'abc' }); });
    expect(screen.getByText('abc/0')).toBeTruthy();
    expect(renders).toBe(before + 1);
  });
});
