import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../src/store/createAppStore';
import { AppStoreContext } from '../../src/store/useAppStore';
import { GradientLab } from '../../src/views/GradientLab';
import { createFakePort } from '../store/fakePort';

async function renderLab(): Promise<AppStore> {
  const store = createAppStore(createFakePort(), { input: 'hi' });
  await store.getState().rebuildModel();
  render(<AppStoreContext.Provider value={store}><GradientLab /></AppStoreContext.Provider>);
  await waitFor(() => expect(store.getState().labResult).not.toBeNull());
  return store;
}

const reading = () => screen.getByText(/^The gradient from step \d+ reaches step 1 multiplied by/, { selector: 'p' });

describe('GradientLab', () => {
  it('follows a new model, but not each chunk while training runs: once training pauses', async () => {
    const store = await renderLab();
    const sweep = store.getState().runLabSweep;
    let sweeps = 0;
    act(() => store.setState({ runLabSweep: () => { sweeps++; return sweep(); } }));
    await waitFor(() => expect(sweeps).toBe(1)); // (a new action is a new effect dependency)
    const model = store.getState().model!;
    act(() => store.setState({ model: { ...model } }));
    await waitFor(() => expect(sweeps).toBe(2));
    act(() => store.setState({ trainStatus: 'running' }));
    act(() => store.setState({ model: { ...model } }));
    act(() => store.setState({ model: { ...model } }));
    expect(sweeps).toBe(2);
    act(() => store.setState({ trainStatus: 'paused' }));
    await waitFor(() => expect(sweeps).toBe(3));
  });

  it('names every control and chart, and reads the run in one line', async () => {
    await renderLab();
    expect(screen.getByRole('slider', { name: 'Spectral radius' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Cell of the copy' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Nonlinearity σ of the copy' })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: 'Length T of the sequence' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Gradient clipping (max norm 1)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Run comparison' })).toBeTruthy();
    for (const name of ['Hidden state norm over time', 'Gradient norm over time']) {
      const chart = screen.getByRole('img', { name });
      expect(chart.querySelector('desc')!.textContent).toMatch(/t = 1 to 100/);
    }
    expect(reading().textContent).toMatch(/^The gradient from step 100 reaches step 1 multiplied by \S+: it (vanishes|survives|explodes)\.$/);
  });

  it('moving the spectral radius with identity activation turns a vanishing gradient into an exploding one', async () => {
    const store = await renderLab();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Nonlinearity σ of the copy' }), 'identity');
    const slider = screen.getByRole('slider', { name: 'Spectral radius' });
    fireEvent.change(slider, { target: { value: '0.5' } });
    await waitFor(() => expect(reading().textContent).toMatch(/it vanishes/), { timeout: 3000 });
    fireEvent.change(slider, { target: { value: '1.5' } });
    await waitFor(() => expect(reading().textContent).toMatch(/it explodes/), { timeout: 3000 });
    expect(slider.getAttribute('aria-valuetext')).toBe('ρ = 1.50');
    expect(store.getState().labResult!.knobs).toMatchObject({ rho: 1.5, nonlinearity: 'identity' });
    await user.click(screen.getByRole('checkbox', { name: 'Gradient clipping (max norm 1)' }));
    expect(screen.getByText(/^Clipping on \(max norm 1\): the gradient is scaled from/)).toBeTruthy();
  });

  it('refuses an absurd sequence length at the control, keeping the last run', async () => {
    const store = await renderLab();
    const before = store.getState().labResult;
    const box = screen.getByRole('spinbutton', { name: 'Length T of the sequence' });
    fireEvent.change(box, { target: { value: '0' } });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The sequence length must be a whole number from 2 to 1000.')).toBeTruthy();
    fireEvent.change(box, { target: { value: '100000' } });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(store.getState().labSettings.steps).toBe(100);
    expect(store.getState().labResult).toBe(before);
    fireEvent.change(box, { target: { value: '40' } });
    expect(box.getAttribute('aria-invalid')).toBeNull();
    await waitFor(() => expect(store.getState().labResult!.dhNorms.length).toBe(40));
  });

  it('says so when a run overflows, and keeps the plots of the last finite run', async () => {
    const store = await renderLab();
    const before = store.getState().labResult;
    act(() => { store.setState({ labSettings: { cell: 'rnn', nonlinearity: 'identity', rho: 3, steps: 1000, clip: false } }); });
    await act(() => store.getState().runLabSweep());
    expect(screen.getByRole('alert').textContent).toMatch(/overflowed to Infinity or NaN/);
    expect(store.getState().labResult).toBe(before);
    expect(screen.getByRole('img', { name: 'Gradient norm over time' })).toBeTruthy();
  });

  it('runs the comparison and shows both loss curves and both gradient plots with a sentence each', async () => {
    const store = await renderLab();
    await act(() => store.getState().runComparison({ steps: 15, delay: 6 }));
    const loss = screen.getByRole('img', { name: 'Loss curves, RNN and LSTM' });
    expect(within(loss).getByText('RNN')).toBeTruthy();
    expect(within(loss).getByText('LSTM')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gradient reaching each step, RNN and LSTM' })).toBeTruthy();
    expect(screen.getByText(/^RNN: loss .* after 15 steps/)).toBeTruthy();
    expect(screen.getByText(/^LSTM: loss .* after 15 steps/)).toBeTruthy();
  });

  it('the Run comparison button becomes Cancel comparison with a progress bar, and cancelling keeps the old result', async () => {
    const store = await renderLab();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Run comparison' }));
    const cancel = await screen.findByRole('button', { name: 'Cancel comparison' });
    expect(screen.getByRole('progressbar', { name: 'Comparison progress' })).toBeTruthy();
    await user.click(cancel);
    await waitFor(() => expect(store.getState().labComparison.status).toBe('cancelled'));
    expect(screen.getByRole('button', { name: 'Run comparison' })).toBeTruthy();
    expect(screen.getByText(/^Cancelled/)).toBeTruthy();
  });
});
