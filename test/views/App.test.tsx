import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cellWidthFor, GRID } from '../../src/views/HiddenHeatmap/StepHeatmap';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './renderApp';

async function ready(input = 'hello') {
  const r = renderApp({ input });
  await waitFor(() => expect(r.store.getState().trace).not.toBeNull());
  return r;
}

describe('App controls', () => {
  it('names every control as documented', async () => {
    await ready();
    expect(screen.getByRole('textbox', { name: 'Input sequence' })).toBeTruthy();
    for (const name of ['Step forward', 'Step back', 'Play', 'Reset']) expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(screen.getByRole('slider', { name: 'Time step' })).toBeTruthy();
    for (const name of ['Cell type', 'Activation', 'Output activation', 'Initialisation', 'Layers', 'Speed']) expect(screen.getByRole('combobox', { name })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: 'Hidden size' })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Recurrent neuron' })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Unrolled network' })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Hidden state heatmap' })).toBeTruthy();
    expect(screen.getAllByRole('status')).toHaveLength(1);
  });

  it('with an empty input, each of the three views says what to type, until there is a sequence', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: '' });
    await waitFor(() => expect(store.getState().model).not.toBeNull());
    const notes = () => [
      within(screen.getByRole('region', { name: 'Recurrent neuron' })).queryByText(/^No input yet: type a sequence in/),
      screen.queryByText(/^Nothing to unroll yet\. Type a word in/),
      within(screen.getByRole('region', { name: 'Hidden state over time' })).queryByText(/^No steps yet: type a sequence in/),
    ];
    expect(notes().every((n) => n !== null)).toBe(true);
    await user.type(screen.getByRole('textbox', { name: 'Input sequence' }), 'hi');
    await waitFor(() => expect(notes().every((n) => n === null)).toBe(true));
  });

  it('steps forward and back with the buttons; the slider and narration follow', async () => {
    const user = userEvent.setup();
    await ready();
    const slider = screen.getByRole('slider', { name: 'Time step' });
    expect(slider.getAttribute('aria-valuenow')).toBe('0');
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    expect(slider.getAttribute('aria-valuenow')).toBe('2');
    expect(screen.getByRole('status').textContent).toMatch(/^t = 2, input 'e', ‖h‖ = \d+\.\d\d/);
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    expect(slider.getAttribute('aria-valuenow')).toBe('1');
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(slider.getAttribute('aria-valuenow')).toBe('0');
  });

  it('a cell clicked in the heatmap selects its step and unit in every view and in the formula', async () => {
    const { store } = await ready('hello');
    const heatmap = screen.getByRole('figure', { name: 'Hidden state heatmap' });
    const cells = heatmap.querySelector<SVGRectElement>('rect[fill="transparent"]')!;
    const cellW = cellWidthFor(5), cellH = GRID.cellH;
    // (jsdom lays nothing out: the cells' box is at 0, 0.) Step 4, unit h2.
    fireEvent.click(cells, { clientX: cellW * 3.5, clientY: cellH * 1.5 });
    expect(store.getState()).toMatchObject({ step: 4, selectedUnit: 1 });
    expect(screen.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuenow')).toBe('4');
    await waitFor(() => expect(screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Selected unit' }).value).toBe('2'));
    expect(screen.getByRole('table', { name: 'Terms of the selected unit' }).textContent).toMatch(/h4,2/);
    expect(within(screen.getByRole('figure', { name: 'Recurrent neuron' })).getByText('h4')).toBeTruthy();
    expect(within(screen.getByRole('figure', { name: 'Unrolled network' })).getAllByText('t=4').length).toBeGreaterThan(0);
    // And back: the formula's unit field selects the unit in the heatmap (its row label becomes the focusable one).
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Selected unit' }), { target: { value: '3' } });
    expect(store.getState().selectedUnit).toBe(2);
    expect(within(heatmap).getByRole('button', { name: 'Select unit h3' }).getAttribute('tabindex')).toBe('0');
  });

  it('presenter keys: PageDown and PageUp step, End jumps to the last step, Home resets, Space plays and pauses', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hello');
    await user.keyboard('{PageDown}{PageDown}{PageDown}{PageUp}');
    expect(store.getState().step).toBe(2);
    await user.keyboard('{End}');
    expect(store.getState().step).toBe(5);
    await user.keyboard('{Home}');
    expect(store.getState().step).toBe(0);
    await user.keyboard(' ');
    expect(store.getState().playing).toBe(true);
    await user.keyboard(' ');
    expect(store.getState().playing).toBe(false);
  });

  it('on a checkbox the stepping keys still step, and Space only toggles it', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hello');
    const box = screen.getByRole('checkbox', { name: /Compare with an MLP/ });
    box.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}{PageDown}');
    expect(store.getState().step).toBe(3);
    await user.keyboard(' ');
    expect((box as HTMLInputElement).checked).toBe(true);
    expect(store.getState().playing).toBe(false);
    // A select keeps its arrows.
    screen.getByRole('combobox', { name: 'Speed' }).focus();
    await user.keyboard('{ArrowLeft}');
    expect(store.getState().step).toBe(3);
  });

  it('steps with the arrow keys, but not while the user types', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(store.getState().step).toBe(2);
    await user.click(screen.getByRole('textbox', { name: 'Input sequence' }));
    await user.keyboard('{ArrowLeft}');
    expect(store.getState().step).toBe(2);
  });

  it('Play becomes Pause while playing', async () => {
    const user = userEvent.setup();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
  });

  it('shows a message naming unknown characters', async () => {
    const user = userEvent.setup();
    await ready();
    const box = screen.getByRole('textbox', { name: 'Input sequence' });
    await user.clear(box);
    await user.type(box, 'hi#');
    expect((await screen.findByRole('alert')).textContent).toMatch(/"#"/);
  });

  it('shows the formula terms of the selected unit, equal to the trace', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    const table = screen.getByRole('table', { name: 'Terms of the selected unit' });
    const pre = Number(within(table).getAllByRole('cell')[3].textContent);
    expect(pre).toBeCloseTo(store.getState().trace!.layers[0].pre[0], 3);
    // The row is h_{1,1}, its subscript set as one.
    const row = within(table).getByRole('rowheader');
    expect([row.textContent, row.querySelector('sub')?.textContent]).toEqual(['h1,1', '1,1']);
  });

  it('offers the heatmap as a table with the same numbers', async () => {
    const user = userEvent.setup();
    const { store } = await ready('ab');
    act(() => store.getState().stepTo(2));
    await user.click(screen.getByRole('button', { name: 'Show as table' }));
    const table = screen.getByRole('table', { name: 'Hidden state table' });
    const H = store.getState().model!.config.hiddenSize;
    expect(within(table).getAllByRole('row')).toHaveLength(H + 1);
    expect(Number(within(table).getAllByRole('cell')[1].textContent)).toBeCloseTo(store.getState().trace!.layers[0].h[H], 3);
  });

  it('switches notation without changing numbers', async () => {
    const user = userEvent.setup();
    await ready();
    expect(screen.getByRole('figure', { name: 'Unrolled network' }).textContent).toContain('W');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Symbols' }), 'matrix');
    expect(screen.getByRole('figure', { name: 'Unrolled network' }).textContent).toContain('Whh');
    expect(screen.getByRole('table', { name: 'Symbols' }).textContent).toContain('W_xh');
  });

  it('rebuilds the model when the cell type changes, and the cell opens to show its gates', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Cell type' }), 'lstm');
    await user.click(screen.getByRole('button', { name: 'Replace model' }));
    await waitFor(() => expect(store.getState().model?.config.cell).toBe('lstm'));
    const folded = screen.getByRole('figure', { name: 'Recurrent neuron' });
    for (const g of ['i', 'f', 'g', 'o']) expect(within(folded).getByText(g)).toBeTruthy();
  });

  it('hovering a shared matrix highlights it at every step', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const labels = within(screen.getByRole('figure', { name: 'Unrolled network' })).getAllByRole('button', { name: 'Shared matrix W' });
    expect(labels.length).toBe(5);
    await user.hover(labels[2]);
    expect(store.getState().hoveredRole).toBe('recurrent');
    expect(labels.every((l) => l.getAttribute('font-weight') === '700')).toBe(true);
  });
});

describe('App extras', () => {
  it('opens the keyboard help with ? and closes it with Escape', async () => {
    const user = userEvent.setup();
    await ready();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Step forward')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('changes the playback speed', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '4');
    expect(store.getState().speed).toBe(4);
  });

  it('feeds each typed character at once in live mode', async () => {
    const user = userEvent.setup();
    const { store } = await ready('he');
    await user.click(screen.getByRole('checkbox', { name: /Live feed/ }));
    act(() => store.getState().stepTo(2));
    await user.type(screen.getByRole('textbox', { name: 'Input sequence' }), 'l');
    await waitFor(() => expect(store.getState().step).toBe(3));
    expect(screen.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuenow')).toBe('3');
  });

  it('compares with an MLP: equal inputs give equal MLP predictions', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hello');
    await user.click(screen.getByRole('checkbox', { name: /Compare with an MLP/ }));
    act(() => store.getState().stepTo(5));
    const table = await screen.findByRole('table', { name: 'RNN and MLP side by side' });
    const rows = within(table).getAllByRole('row');
    const mlpNorms = within(rows[4]).getAllByRole('cell').map((c) => c.textContent);
    expect(mlpNorms[2]).toBe(mlpNorms[3]);
  });
});

describe('UnrolledGraph folding', () => {
  it('folds every column onto the current step and unfolds again', async () => {
    const user = userEvent.setup();
    const { store } = await ready('hello');
    act(() => store.getState().stepTo(2));
    await user.click(screen.getByRole('button', { name: 'Fold into one neuron' }));
    const svg = screen.getByRole('figure', { name: 'Unrolled network' });
    const hidden = Array.from(svg.querySelectorAll<SVGGElement>('g.fold-anim')).filter((el) => el.style.opacity === '0');
    const shown = Array.from(svg.querySelectorAll<SVGGElement>('g.fold-anim')).filter((el) => el.style.opacity === '1');
    // Shown: x2, h2, y2 and the U and V edges of step 2; hidden: every other column and every W edge.
    expect(shown).toHaveLength(5);
    expect(hidden.length).toBe(3 * 5 + 1 - 3 + 3 * 5 - 2);
    await user.click(screen.getByRole('button', { name: 'Unfold over time' }));
    expect(Array.from(svg.querySelectorAll<SVGGElement>('g.fold-anim')).every((el) => el.style.opacity === '')).toBe(true);
  });
});

describe('presenter keys', () => {
  it('B blanks the screen and brings it back; it does nothing while typing', async () => {
    const user = userEvent.setup();
    await ready('hello');
    await user.keyboard('b');
    expect(screen.getByRole('button', { name: /^Blank screen/ })).toBeTruthy();
    await user.keyboard('b');
    expect(screen.queryByRole('button', { name: /^Blank screen/ })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: 'Input sequence' }), 'b');
    expect(screen.queryByRole('button', { name: /^Blank screen/ })).toBeNull();
  });
});
