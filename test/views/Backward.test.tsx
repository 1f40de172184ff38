import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { IGNORE_INDEX } from '../../src/engine/loss';
import type { Batch, Model } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { oneHot } from '../../src/engine/vocab';
import { initialData } from '../../src/store/createAppStore';
import { renderApp } from './renderApp';

async function ready(input = 'hello', cell: 'rnn' | 'lstm' = 'rnn') {
  const r = renderApp({ input, settings: { ...initialData().settings, cell } });
  await waitFor(() => expect(r.store.getState().trace).not.toBeNull());
  return r;
}

/** The engine's gradients for next-character targets of `text`, computed here without the app. */
function direct(m: Model, text: string) {
  const ids = [...text].map((c) => m.vocabulary.indexOf(c));
  const T = ids.length;
  const batch: Batch = { n: 1, T, x: Float32Array.from(oneHot(Int32Array.from(ids), m.vocabulary.length)), tokens: null, lengths: null, h0: null, c0: null };
  const classes = Int32Array.from({ length: T }, (_, t) => (t + 1 < T ? ids[t + 1] : IGNORE_INDEX));
  return backpropThroughTime(m, batch, unroll(m, batch), { kind: 'classes', classes });
}

/** A number of the formula panel's backward table. */
function term(name: string): number {
  const table = screen.getByRole('table', { name: 'Backward terms of the selected unit' });
  return Number(table.querySelector(`td[data-term="${name}"]`)!.textContent);
}

/** |shown − engine| within the 4 significant digits the panel writes. */
function expectShown(shown: number, engine: number) {
  expect(Math.abs(shown - engine)).toBeLessThanOrEqual(6e-4 * Math.abs(engine) + 1e-12);
}

describe('BackwardPanel and backward mode', () => {
  it('names every control, and enters backward mode at t = T', async () => {
    const user = userEvent.setup();
    await ready();
    const group = screen.getByRole('group', { name: 'Backward' });
    const toggle = within(group).getByRole('checkbox', { name: 'Backward mode' });
    expect((within(group).getByRole('button', { name: 'Step back in time' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(toggle);
    await screen.findByRole('img', { name: 'Gradient flow' });
    expect(screen.getByRole('img', { name: 'Gradient accumulators' })).toBeTruthy();
    expect(screen.getByRole('slider', { name: 'Backward step' }).getAttribute('aria-valuetext')).toBe('t = 5 of 5');
    expect(within(group).getByRole('button', { name: 'Step forward in time' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('heading', { name: 'Backward step t = 5' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gradient flow' }).querySelector('desc')!.textContent).toMatch(/‖∂L\/∂h_t‖ for t = 1 to 5: [^.]*\d.*is 0 at t = 5/);
    // Every control of the app keeps its name: still one live status line, one unrolled figure.
    expect(screen.getAllByRole('status')).toHaveLength(1);
    expect(screen.getByRole('figure', { name: 'Unrolled network' })).toBeTruthy();
  });

  it('shows in the formula panel the numbers backpropThroughTime gives, step after step and unit by unit', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hello');
    await user.click(screen.getByRole('checkbox', { name: 'Backward mode' }));
    await screen.findByRole('img', { name: 'Gradient flow' });
    const m = store.getState().model!;
    const H = m.config.hiddenSize;
    const { grads } = direct(m, 'hello');
    const back = screen.getByRole('button', { name: 'Step back in time' });
    for (const [t, j] of [[4, 0], [3, 0], [3, 2], [1, 5]] as const) {
      while (store.getState().backwardStep > t) await user.click(back);
      fireEvent.change(screen.getByRole('spinbutton', { name: 'Selected unit' }), { target: { value: String(j + 1) } });
      expect(store.getState().selectedUnit).toBe(j);
      await screen.findByRole('heading', { name: `Backward step t = ${t}` });
      const s = (t - 1) * H + j;
      expectShown(term('dh'), grads.dh[0][s]);
      // Each part is written to 4 digits, so their sum is good to 4 digits of the larger part.
      const [above, next] = [term('from-above'), term('from-next')];
      expect(Math.abs(above + next - grads.dh[0][s])).toBeLessThanOrEqual(6e-4 * (Math.abs(above) + Math.abs(next)) + 1e-12);
      // δ_t,j = σ'(a_t,j)·∂L/∂h_t,j, with σ' = 1 − h² for tanh, and δ is ∂L/∂b_hh's piece of step t.
      const h = store.getState().trace!.layers[0].h[s];
      expectShown(term('slope'), 1 - h * h);
      expectShown(term('delta'), (1 - h * h) * grads.dh[0][s]);
    }
    // At t = 1 the running sum is the whole gradient.
    const W = grads.layers[0].weightHh;
    const norm = Math.hypot(...W);
    expect(screen.getByRole('img', { name: 'Gradient accumulators' }).querySelector('desc')!.textContent)
      .toContain(`‖∂L/∂W‖ so far ${String(Number(norm.toPrecision(3)))}`);
  });

  it('steps with its own keys inside the panel, leaving the forward cursor alone', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hello');
    await user.click(screen.getByRole('checkbox', { name: 'Backward mode' }));
    await screen.findByRole('img', { name: 'Gradient flow' });
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(store.getState().backwardStep).toBe(3);
    await user.keyboard('{End}');
    expect(store.getState().backwardStep).toBe(1);
    await user.keyboard('{PageDown}');
    expect(store.getState().backwardStep).toBe(2);
    await user.keyboard('{Home}');
    expect(store.getState().backwardStep).toBe(5);
    expect(store.getState().step).toBe(5);
    // Outside the panel the app's keys step forward time as before.
    await user.click(document.body);
    await user.keyboard('{ArrowLeft}');
    expect(store.getState().step).toBe(4);
    expect(store.getState().backwardStep).toBe(5);
  });

  it('LSTM: states ∂L/∂h_t and ∂L/∂c_t with the engine\'s numbers', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hello', 'lstm');
    await user.click(screen.getByRole('checkbox', { name: 'Backward mode' }));
    await screen.findByRole('img', { name: 'Gradient flow' });
    await user.click(screen.getByRole('button', { name: 'Step back in time' }));
    await screen.findByRole('heading', { name: 'Backward step t = 4' });
    const m = store.getState().model!;
    const { grads } = direct(m, 'hello');
    const s = 3 * m.config.hiddenSize;
    expectShown(term('dh'), grads.dh[0][s]);
    expectShown(term('dc'), grads.dc![0][s]);
    expect(Array.from(document.querySelectorAll('.formula p.note'), (p) => p.textContent).join('\n')).toMatch(/∂L\/∂ct = ∂L\/∂ht ⊙ ot ⊙ \(1 − tanh² ct\) \+ ft\+1 ⊙ ∂L\/∂ct\+1/);
    expect(screen.getByRole('img', { name: 'Gradient flow' }).textContent).toContain('full state (h, c)');
  });

  it('draws forward again when the backward panel, which holds its controls, is hidden', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hello');
    await user.click(screen.getByRole('checkbox', { name: 'Backward mode' }));
    await screen.findByRole('img', { name: 'Gradient accumulators' });
    act(() => store.setState({ hiddenPanels: [...store.getState().hiddenPanels, 'backward'] }));
    expect(screen.queryByRole('img', { name: 'Gradient accumulators' })).toBeNull();
    expect(screen.queryByRole('table', { name: 'Backward terms of the selected unit' })).toBeNull();
    expect(screen.getByRole('figure', { name: 'Unrolled network' }).querySelector('desc')!.textContent).toMatch(/^5 steps, 5 computed/);
  });

  it('says why a one-character input has no backward pass', async () => {
    const user = userEvent.setup();
    await ready('h');
    await user.click(screen.getByRole('checkbox', { name: 'Backward mode' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/at least two steps/);
    expect(screen.queryByRole('img', { name: 'Gradient flow' })).toBeNull();
  });
});
