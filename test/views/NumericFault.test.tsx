import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ENGINE_RESTARTED } from '../../src/store/slices/runSlice';
import { renderApp } from './renderApp';

/** The cells marked as not finite inside one heatmap. */
const marks = (name: string) => within(screen.getByRole(name === 'Output heatmap' ? 'img' : 'figure', { name })).queryAllByTestId('non-finite-cell');

describe('HiddenHeatmap and StatusLine: values that are not finite', () => {
  it('crosses out NaN and ±∞ cells with a label, and the status line names the first one', async () => {
    const user = userEvent.setup();
    const { store } = renderApp();
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    // The user's path: numbers input, an identity RNN, values near float32's limit (3.4e38).
    await user.click(screen.getByRole('radio', { name: 'Numbers' }));
    await waitFor(() => expect(store.getState().model?.vocabulary.length).toBe(0), { timeout: 10_000 });
    await act(() => store.getState().setSettings({ nonlinearity: 'identity' }));
    const input = screen.getByRole('textbox', { name: 'Input sequence' });
    await user.clear(input);
    await user.click(input);
    await user.paste(Array(6).fill('3e38').join('\n'));
    await waitFor(() => expect(store.getState().traceFault).not.toBeNull());
    expect(screen.getByText(/^Not a finite number: logits at t = 2, unit 1 is Infinity\./)).toBeTruthy();
    // Nothing is drawn (so nothing is marked) before the steps run.
    expect(marks('Hidden state heatmap')).toHaveLength(0);
    act(() => store.getState().stepTo(2));
    // y is the identity of the logits: its cell at t = 2 is +∞; h is still finite at t = 2.
    expect(marks('Output heatmap').map((m) => m.querySelector('title')!.textContent)).toEqual(['y1 at t = 2 is +∞']);
    expect(marks('Hidden state heatmap')).toHaveLength(0);
    act(() => store.getState().stepTo(6));
    const h = store.getState().trace!.layers[0].h, H = store.getState().model!.config.hiddenSize;
    const expected = Array.from(h).flatMap((v, i) => (Number.isFinite(v) ? [] : [`h${(i % H) + 1} at t = ${Math.floor(i / H) + 1}`]));
    expect(expected.length).toBeGreaterThan(0);
    const shown = marks('Hidden state heatmap');
    expect(shown.map((m) => m.querySelector('title')!.textContent!.replace(/ is .*$/, '')).sort()).toEqual(expected.sort());
    // Each marked cell says what it holds in text, not in colour alone.
    expect(shown.every((m) => /^(NaN|\+∞|−∞)$/.test(m.querySelector('text')!.textContent!))).toBe(true);
    expect(within(screen.getByRole('figure', { name: 'Hidden state heatmap' })).getByText(`✕ ${expected.length} cells not finite (NaN or ±∞)`)).toBeTruthy();
    // A finite input clears the marks and the message.
    await user.clear(input);
    await user.click(input);
    await user.paste('0.5\n0.25');
    await waitFor(() => expect(store.getState().traceFault).toBeNull());
    expect(screen.queryByText(/^Not a finite number/)).toBeNull();
  }, 30_000);
});

describe('StatusLine: engine notices and cancelling', () => {
  it('shows the restart notice once, until dismissed', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    await act(() => store.getState().recoverEngine({ cause: 'crash', reason: 'the worker was terminated or crashed', restarted: true }));
    const notice = screen.getByText(ENGINE_RESTARTED);
    expect(notice.getAttribute('role')).toBe('alert');
    await user.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(ENGINE_RESTARTED)).toBeNull();
  });

  it('offers Cancel on a trace that takes long, which frees the app', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    act(() => store.setState({ busy: 'running' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }, { timeout: 2000 }));
    expect(store.getState().busy).toBe('idle');
    expect(screen.getByText(/The trace was cancelled/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });
});
