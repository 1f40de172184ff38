/** The controls beside the views that the other component tests do not reach, each used as a person would. */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { namedParams } from '../../src/engine/named';
import { renderApp } from './renderApp';

async function ready(input = 'hello') {
  const r = renderApp({ input });
  await waitFor(() => expect(r.store.getState().trace).not.toBeNull());
  await waitFor(() => expect(r.store.getState().busy).toBe('idle'));
  return r;
}

/** The app on an LSTM, chosen with Cell type and Replace model as a person would. */
async function readyLstm() {
  const user = userEvent.setup();
  const r = await ready();
  await user.selectOptions(screen.getByRole('combobox', { name: 'Cell type' }), 'lstm');
  await user.click(screen.getByRole('button', { name: 'Replace model' }));
  await waitFor(() => expect(r.store.getState().model?.config.cell).toBe('lstm'), { timeout: 15_000 });
  await waitFor(() => expect(r.store.getState().busy).toBe('idle'));
  return { ...r, user };
}

const narration = () => screen.getAllByRole('status').find((s) => /^t = /.test(s.textContent ?? ''))!.textContent;

describe('input controls', () => {
  it('Sample shown picks which line of a batch the views draw', async () => {
    const user = userEvent.setup();
    const { store } = await ready('ab\ncd');
    const sample = screen.getByRole('combobox', { name: 'Sample shown' });
    expect(within(sample).getAllByRole('option').map((o) => o.textContent)).toEqual(['1: ab', '2: cd']);
    await user.selectOptions(sample, '2: cd');
    expect(store.getState().sample).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    expect(narration()).toMatch(/^t = 1, input 'c'/);
  });

  it('Generate a series fills the numbers input with as many steps as asked', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.click(screen.getByRole('radio', { name: 'Numbers' }));
    await waitFor(() => expect(store.getState().model?.vocabulary.length).toBe(0), { timeout: 10_000 });
    const group = screen.getByRole('group', { name: 'Generate a series' });
    await user.clear(within(group).getByRole('spinbutton', { name: 'Steps' }));
    await user.type(within(group).getByRole('spinbutton', { name: 'Steps' }), '12');
    await user.click(within(group).getByRole('button', { name: 'Square' }));
    await waitFor(() => expect(store.getState().tokens).toHaveLength(12));
    const values = store.getState().input.trim().split('\n').map(Number);
    expect(values).toHaveLength(12);
    // A square wave: two levels only.
    expect(new Set(values).size).toBe(2);
  }, 20_000);

  it('edits h₀ unit by unit, zeroes it, and carries the final state over', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.click(screen.getByText(/^Initial state h₀: zeros$/));
    const unit1 = screen.getByRole('spinbutton', { name: 'h0 unit 1' });
    await user.clear(unit1);
    await user.type(unit1, '0.5{Enter}');
    await waitFor(() => expect(store.getState().h0?.[0]).toBeCloseTo(0.5, 6));
    await waitFor(() => expect(store.getState().trace!.layers[0].h0[0]).toBeCloseTo(0.5, 6));
    expect(screen.getByText(/^Initial state h₀: set$/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Zero h₀' }));
    await waitFor(() => expect(store.getState().h0).toBeNull());
    const final = Array.from(store.getState().trace!.layers[0].hLast);
    await user.click(screen.getByRole('button', { name: 'Carry over the final state' }));
    await waitFor(() => expect(Array.from(store.getState().h0 ?? [])).toEqual(final));
  });
});

describe('model and notation controls', () => {
  it('Layers builds a stacked model; Layer shown starts at the top and moves the views to another layer', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    expect(screen.queryByRole('combobox', { name: 'Layer shown' })).toBeNull();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Layers' }), '2');
    await user.click(screen.getByRole('button', { name: 'Replace model' }));
    await waitFor(() => expect(store.getState().model?.config.numLayers).toBe(2), { timeout: 15_000 });
    const shown = await screen.findByRole('combobox', { name: 'Layer shown' });
    expect(within(shown).getAllByRole('option').map((o) => o.textContent)).toEqual(['layer 1', 'layer 2 (top)']);
    expect((shown as HTMLSelectElement).value).toBe('1');
    await user.selectOptions(shown, 'layer 1');
    expect(store.getState().layer).toBe(0);
    expect(screen.getByText(/^Initial state h₀ \(layer 1\): zeros$/)).toBeTruthy();
  }, 30_000);

  it('Seed rebuilds the model with other weights after asking, and Undo brings the old ones back', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const before = namedParams(store.getState().model!).flatMap((p) => Array.from(p.data));
    const seed = screen.getByRole('spinbutton', { name: 'Seed' });
    await user.clear(seed);
    // The seed is committed with Enter (or on leaving the field); the model is replaced only after asking.
    await user.type(seed, '7{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Replace model' }));
    await waitFor(() => expect(store.getState().settings.seed).toBe(7), { timeout: 15_000 });
    await waitFor(() => expect(store.getState().busy).toBe('idle'));
    const after = namedParams(store.getState().model!).flatMap((p) => Array.from(p.data));
    expect(after).not.toEqual(before);
    await act(() => store.getState().undo());
    expect(namedParams(store.getState().model!).flatMap((p) => Array.from(p.data))).toEqual(before);
  }, 30_000);

  it('Form switches to row vectors with a batch: the symbol table gives every shape for n sequences', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const D = store.getState().model!.config.inputSize;
    const table = await screen.findByRole('table', { name: 'Symbols' });
    const xRow = () => within(table).getAllByRole('row').find((r) => /^[xX]_t$/.test(r.children[0].textContent ?? ''))!;
    expect(Array.from(xRow().children, (c) => c.textContent)).toEqual(['x_t', 'input at step t', `${D}`]);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Form' }), 'row');
    expect(store.getState().notation.form).toBe('row');
    await waitFor(() => expect(Array.from(xRow().children, (c) => c.textContent)).toEqual(['X_t', 'input at step t', `n×${D}`]));
  });

  it('the LSTM neuron writes the selected unit\'s gate values at the step, as the trace holds them', async () => {
    const { store } = await readyLstm();
    act(() => { store.getState().stepTo(2); store.getState().selectUnit(1); });
    const H = store.getState().model!.config.hiddenSize, act2 = store.getState().trace!.layers[0].act;
    const v = (gi: number) => act2[1 * 4 * H + gi * H + 1].toFixed(2);
    const folded = screen.getByRole('figure', { name: 'Recurrent neuron' });
    const texts = Array.from(folded.querySelectorAll('text'), (el) => el.textContent);
    expect(texts).toContain(`i₂ = ${v(0)}  f₂ = ${v(1)}`);
    expect(texts).toContain(`g₂ = ${v(2)}  o₂ = ${v(3)}`);
  }, 30_000);

  it('Show gates hides and shows the gate heatmaps of an LSTM', async () => {
    const { user } = await readyLstm();
    const toggle = await screen.findByRole('button', { name: 'Show gates' });
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(screen.getAllByRole('img', { name: /^Gate . \(.*\) heatmap$/ })).toHaveLength(4));
    await user.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryAllByRole('img', { name: /^Gate . \(.*\) heatmap$/ })).toHaveLength(0);
  }, 30_000);
});
