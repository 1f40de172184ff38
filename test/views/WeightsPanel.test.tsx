import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './renderApp';

describe('WeightsPanel', () => {
  it('shows every shared matrix of the layer with its shape', async () => {
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().model).not.toBeNull());
    for (const n of ['U', 'W', 'V']) expect(screen.getByRole('application', { name: new RegExp(`^Weights ${n}:`) })).toBeTruthy();
    expect(screen.getByRole('application', { name: /^Weights W:/ }).getAttribute('aria-label')).toMatch(/8×8/);
  });

  it('reads a value under the keyboard cursor, equal to the model weight', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().model).not.toBeNull());
    const W = screen.getByRole('application', { name: /^Weights W:/ });
    act(() => W.focus());
    await user.keyboard('{ArrowRight}{ArrowDown}');
    const w = store.getState().model!.params.layers[0].weightHh[1 * 8 + 1];
    expect(W.getAttribute('aria-label')).toBe(`Weights W: W[2, 2] = ${w.toFixed(4)}`);
    expect(store.getState().hoveredRole).toBe('recurrent');
    expect(store.getState().step).toBe(0);
    fireEvent.blur(W);
    expect(store.getState().hoveredRole).toBeNull();
  });
});
