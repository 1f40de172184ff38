/**
 * The output bias is named c (textbook symbols) and an LSTM's cell state c_t: the symbol table tells them apart, the
 * LSTM drawing names its strip as the cell state, and no lesson uses a bare c for the cell state.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import { cellStateRow, meaningOf } from '../../src/viz/notation';
import { renderApp } from './renderApp';

const rows = () => within(screen.getByRole('table', { name: 'Symbols' })).getAllByRole('row').slice(1)
  .map((r) => Array.from(r.children, (c) => c.textContent));

describe('the symbols c and c_t', () => {
  it('has a c_t row only for an LSTM, and says the output bias is one vector for every step', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hello' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    await screen.findByRole('table', { name: 'Symbols' });
    const O = store.getState().model!.config.outputSize;
    expect(rows().find((r) => r[0] === 'c')).toEqual(['c', 'output bias (a vector of O numbers, the same at every step)', `${O}`]);
    expect(rows().some((r) => r[0] === 'c_t')).toBe(false);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Cell type' }), 'lstm');
    await user.click(screen.getByRole('button', { name: 'Replace model' }));
    await waitFor(() => expect(store.getState().model?.config.cell).toBe('lstm'));
    await waitFor(() => expect(rows().some((r) => r[0] === 'c_t')).toBe(true));
    const H = store.getState().model!.config.hiddenSize;
    expect(rows().find((r) => r[0] === 'c_t')).toEqual(['c_t', "the LSTM's cell state at step t (not the output bias c)", `${H}`]);
    // The folded neuron draws the cell state beside h_t and says what it is.
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    const folded = screen.getByRole('figure', { name: 'Recurrent neuron' });
    expect(within(folded).getByText('c1')).toBeTruthy();
    expect(folded.querySelector('desc')?.textContent).toMatch(/c1 is the LSTM's cell state c_t \(not the output bias c\): c1 = f⊙c0 \+ i⊙g/);
    // The cell-state path, written in the cell under its strips.
    expect(Array.from(folded.querySelectorAll('text'), (el) => el.textContent)).toContain('c1 = f⊙c0 + i⊙g');
  }, 30_000);

  it('draws the biases b and c in the neuron, linked with their rows of the symbol table both ways', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hello' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const table = await screen.findByRole('table', { name: 'Symbols' });
    const folded = screen.getByRole('figure', { name: 'Recurrent neuron' });
    const row = (symbol: string) => within(table).getAllByRole('row').find((r) => r.children[0].textContent === symbol)!;
    for (const [symbol, role] of [['b', 'hiddenBias'], ['c', 'outputBias']] as const) {
      const label = within(folded).getByRole('button', { name: `Shared bias ${symbol}` });
      expect(label.textContent).toBe(`+ ${symbol}`);
      // The table's row lights the drawing's label...
      await user.hover(row(symbol));
      expect(store.getState().hoveredRole).toBe(role);
      expect(label.getAttribute('font-weight')).toBe('700');
      await user.unhover(row(symbol));
      // ...and the label lights the row.
      await user.hover(label);
      expect(row(symbol).className).toBe('hovered');
      await user.unhover(label);
      expect(label.getAttribute('font-weight')).toBe('600');
    }
  });

  it('words the rows for each notation', () => {
    expect(meaningOf('outputBias')).toMatch(/output bias .*the same at every step/);
    expect(cellStateRow('row', 8, 'textbook')).toEqual({ symbol: 'C_t', meaning: "the LSTM's cell state at step t (not the output bias c)", shape: 'n×8' });
    // With matrix symbols the output bias is b_y: nothing to tell apart.
    expect(cellStateRow('column', 8, 'matrix').meaning).toBe("the LSTM's cell state at step t");
  });

  it('never writes a bare c in the lessons except for the output bias in V·h_t + c', () => {
    const texts = LESSONS.flatMap((l) => l.pages.flatMap((p) => [p.text, p.question?.prompt ?? '', ...(p.question?.choices ?? [])]));
    const bare = /(?<![\p{L}\p{N}_{])c(?![\p{L}\p{N}_])/gu;
    const uses = texts.flatMap((t) => Array.from(t.matchAll(bare), (m) => t.slice(Math.max(0, m.index - 12), m.index + 24)));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/h_t \+ c\)|c is the output bias/);
  });
});
