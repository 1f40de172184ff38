import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './renderApp';

async function ready(input = 'hello world') {
  const r = renderApp({ input });
  await waitFor(() => expect(r.store.getState().trace).not.toBeNull());
  return r;
}

describe('DebugPanel', () => {
  it('Run to breakpoint stops at the first step that meets a condition, selects the unit and says why', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    // A threshold just under the largest |h| of the whole trace is met at a step the test computes itself.
    const s = store.getState();
    const H = s.model!.config.hiddenSize;
    const h = s.trace!.layers[0].h;
    let firstStep = 0, firstUnit = 0;
    const threshold = Math.max(...Array.from(h, Math.abs)) - 1e-6;
    outer: for (let t = 0; t < s.trace!.T; t++) for (let j = 0; j < H; j++) if (Math.abs(h[t * H + j]) > threshold) { firstStep = t + 1; firstUnit = j; break outer; }
    act(() => { store.setState({ breakpoints: [] }); store.getState().addBreakpoint({ kind: 'saturation', unit: null, threshold }); });
    await user.click(screen.getByRole('button', { name: 'Run to breakpoint' }));
    expect(store.getState().step).toBe(firstStep);
    expect(store.getState().selectedUnit).toBe(firstUnit);
    expect(screen.getByText(new RegExp(`^Stopped at t = ${firstStep}: \\|h${firstUnit + 1}\\|`))).toBeTruthy();
  });

  it('adds and removes breakpoints from the form', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Condition' }), 'fixedPoint');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(store.getState().breakpoints.at(-1)).toEqual({ kind: 'fixedPoint', epsilon: 0.001 });
    await user.click(screen.getByRole('button', { name: /^Remove breakpoint ‖h_t/ }));
    expect(store.getState().breakpoints.some((c) => c.kind === 'fixedPoint')).toBe(false);
  });

  it('pins a state and shows its difference with another step', async () => {
    const user = userEvent.setup();
    const { store } = await ready('abc');
    act(() => store.getState().stepTo(1));
    await user.click(screen.getByRole('button', { name: 'Pin h at t = 1' }));
    act(() => store.getState().stepTo(3));
    const table = screen.getByRole('table', { name: 'Pinned state compared with the current step' });
    const H = store.getState().model!.config.hiddenSize;
    const h = store.getState().trace!.layers[0].h;
    const cells = table.querySelectorAll('tbody tr:nth-child(3) td');
    expect(Number(cells[0].textContent)).toBeCloseTo(h[2 * H] - h[0], 3);
  });

  it('edits one weight by hand: every step recomputes, and undo restores it', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hi');
    const before = store.getState().model!;
    const hBefore = Array.from(store.getState().trace!.layers[0].h);
    const W = screen.getByRole('application', { name: /^Weights W:/ });
    act(() => W.focus());
    const box = await screen.findByRole('spinbutton', { name: 'Value of W[1, 1]' });
    await user.clear(box);
    await user.type(box, '2.5{Enter}');
    await waitFor(() => expect(store.getState().model!.params.layers[0].weightHh[0]).toBe(2.5));
    // Step 2 reads W·h_1: its recurrent term for unit 1 now carries 2.5·h_1,1.
    await waitFor(() => expect(Array.from(store.getState().trace!.layers[0].h)).not.toEqual(hBefore));
    const t = store.getState().trace!.layers[0];
    const H = 8;
    let expected = 0;
    for (let k = 0; k < H; k++) expected += store.getState().model!.params.layers[0].weightHh[k] * t.h[k];
    expect(t.hh[H]).toBeCloseTo(expected, 5);
    fireEvent.blur(W);
    await act(() => store.getState().undo());
    expect(store.getState().model).toBe(before);
  });
});
