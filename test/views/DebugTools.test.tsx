import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './renderApp';

async function ready(input = 'hello world') {
  const r = renderApp({ input });
  await waitFor(() => expect(r.store.getState().trace).not.toBeNull());
  return r;
}

describe('Debug panel tools', () => {
  it('plots the selected unit by default, adds units from the checkboxes and marks the current step', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    act(() => { store.getState().selectUnit(1); store.getState().stepTo(4); });
    const plot = screen.getByRole('img', { name: 'Unit plot' });
    expect(plot.querySelectorAll('path')).toHaveLength(1);
    expect(plot.querySelector('desc')!.textContent).toMatch(/^h2 runs from -?\d\.\d\d to -?\d\.\d\d \(highest at t = \d+\), -?\d\.\d\d at t = 4/);
    expect(within(plot).getByText('t = 4')).toBeTruthy();
    const units = screen.getByRole('group', { name: 'Units to plot' });
    await user.click(within(units).getByRole('checkbox', { name: 'h5' }));
    expect(store.getState().plotUnits).toEqual([1, 4]);
    const paths = plot.querySelectorAll('path');
    expect(paths).toHaveLength(2);
    // Told apart without colour too: the second line is dashed.
    expect(paths[0].getAttribute('stroke-dasharray')).toBeNull();
    expect(paths[1].getAttribute('stroke-dasharray')).toBe('7 4');
    expect(within(screen.getByRole('list', { name: 'Unit plot legend' })).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual(['h2', 'h5']);
  });

  it('finds units like the selected one over a range of steps and lists their correlations', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const from = screen.getByRole('spinbutton', { name: 'From step' });
    await user.clear(from); await user.type(from, '2');
    const to = screen.getByRole('spinbutton', { name: 'To step' });
    await user.clear(to); await user.type(to, '5');
    await user.click(screen.getByRole('button', { name: 'Find units like h1' }));
    const table = screen.getByRole('table', { name: 'Units like h1' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(store.getState().model!.config.hiddenSize - 1);
    const best = store.getState().similar!.matches[0];
    expect(within(rows[0]).getByRole('button').textContent).toBe(`h${best.unit + 1}`);
    expect(Number(rows[0].querySelectorAll('td')[1].textContent)).toBeCloseTo(best.r, 3);
    expect(within(table).getByText(/Ranked by Pearson's r with h1's trace over all steps/)).toBeTruthy();
    await user.click(within(rows[0]).getByRole('button'));
    expect(store.getState().selectedUnit).toBe(best.unit);
  });

  it('compares with a second input: a Δh heatmap and the first step where they diverge', async () => {
    const user = userEvent.setup();
    await ready('hello world');
    await user.type(screen.getByRole('textbox', { name: 'Second input' }), 'hello there');
    await user.click(screen.getByRole('button', { name: 'Compare with input' }));
    await waitFor(() => expect(document.querySelector('.debug-diff-view p')?.textContent).toMatch(/First step where they diverge by more than ε = 0\.01: t = 7 \(h\d, Δh = -?\d\.\d{4}\)/));
    const figure = screen.getByRole('img', { name: 'Δh heatmap: input “hello there” minus the current run' });
    // Both inputs are named over the heatmap; where they first differ is said, and marked without colour.
    expect(document.querySelector('.debug-diff-view p')?.textContent).toMatch(/Their inputs first differ at t = 7 \(“w” now, “t” there\)\.$/);
    const marked = Array.from(figure.querySelectorAll('text[text-decoration="underline"]'), (t) => t.textContent);
    expect(marked).toEqual(['w', 'o', 'r', 'l', 'd', 't', 'h', 'e', 'r', 'e']);
  });

  it('names the problem of a bad trace file', async () => {
    await ready('abc');
    const input = screen.getByLabelText('Trace file (JSON)') as HTMLInputElement;
    const file = new File(['{"h": [[[1, 2], [3]]]}'], 'broken.json', { type: 'application/json' });
    fireEvent.change(input, { target: { files: [file] } });
    const message = await screen.findByText(/^broken\.json: h\[0\]\[1\] must be a list of H = 2 numbers/, {}, { timeout: 3000 });
    expect(message.getAttribute('role')).toBe('alert');
  });
});
