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
    // Each matrix carries its colour legend, ±|max| at the ends.
    const legends = [...document.querySelectorAll('.matrix-legend')].map((l) => l.textContent);
    expect(legends).toHaveLength(document.querySelectorAll('figure.matrix').length);
    const W = store.getState().model!.params.layers[0].weightHh;
    const max = Math.max(...Array.from(W, Math.abs));
    expect(legends[1]).toContain(max.toFixed(2));
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

describe('WeightsPanel: dragging a weight', () => {
  it('moves the entry with the pointer, re-traces every step, and one Undo takes the whole drag back', async () => {
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const before = store.getState().model!;
    const undoDepth = store.getState().undoStack.length;
    const W = screen.getByRole('application', { name: /^Weights W:/ });
    const w0 = before.params.layers[0].weightHh[0];
    const max = Math.max(...Array.from(before.params.layers[0].weightHh, Math.abs));
    // jsdom lays nothing out: the matrix's box is at (0, 0), so a press at (1, 5) is on entry [1, 1].
    fireEvent.pointerDown(W, { pointerId: 7, button: 0, clientX: 1, clientY: 5 });
    fireEvent.pointerMove(W, { pointerId: 7, clientX: 1, clientY: -5 });
    fireEvent.pointerMove(W, { pointerId: 7, clientX: 1, clientY: -20 });
    fireEvent.pointerUp(W, { pointerId: 7, clientX: 1, clientY: -20 });
    // 25 px up at 50 px per |max|: w0 + max / 2, to 4 decimals (the later value wins over the one in flight).
    const expected = Math.round((w0 + 25 * Math.max(max, 0.1) / 50) * 1e4) / 1e4;
    await waitFor(() => expect(store.getState().model!.params.layers[0].weightHh[0]).toBeCloseTo(expected, 5));
    const s = store.getState();
    expect(s.undoStack.length).toBe(undoDepth + 1);
    expect(s.undoStack.at(-1)!.model).toBe(before);
    expect(s.trace!.T).toBe(2);
    await act(() => s.undo());
    expect(store.getState().model).toBe(before);
  });

  it('a press without a move changes nothing', async () => {
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const before = store.getState().model;
    const W = screen.getByRole('application', { name: /^Weights W:/ });
    fireEvent.pointerDown(W, { pointerId: 3, button: 0, clientX: 1, clientY: 1 });
    fireEvent.pointerMove(W, { pointerId: 3, clientX: 1, clientY: 2 });
    fireEvent.pointerUp(W, { pointerId: 3, clientX: 1, clientY: 2 });
    await new Promise((r) => setTimeout(r, 50));
    expect(store.getState().model).toBe(before);
  });
});
