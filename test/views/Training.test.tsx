import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './renderApp';

async function ready(input = 'hello world') {
  const r = renderApp({ input });
  await waitFor(() => expect(r.store.getState().trace).not.toBeNull());
  await waitFor(() => expect(r.store.getState().busy).toBe('idle'));
  return r;
}

const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });
const field = (name: string) => screen.getByRole<HTMLInputElement>('spinbutton', { name });
const lossCurve = () => screen.getByRole('img', { name: 'Loss curve' });

describe('TrainingPanel', () => {
  it('names every control and the chart', async () => {
    await ready();
    for (const name of ['Train', 'Stop training', 'Reset training']) expect(button(name)).toBeTruthy();
    for (const name of ['Task', 'Optimizer']) expect(screen.getByRole('combobox', { name })).toBeTruthy();
    for (const name of ['Learning rate', 'Gradient clipping', 'Truncation window', 'Training steps', 'Training seed']) {
      expect(field(name)).toBeTruthy();
    }
    expect(screen.getByRole('textbox', { name: 'Training text' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Log scale' })).toBeTruthy();
    expect(field('Gradient clipping').getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(field('Gradient clipping').getAttribute('aria-describedby')!)!.textContent).toBe('max norm, 0 = off');
    expect(lossCurve().querySelector('desc')!.textContent).toBe('No training steps yet: press Train to draw the loss.');
    // The tasks with a sentence each.
    const options = within(screen.getByRole('combobox', { name: 'Task' })).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['“hello world”', 'Nursery rhyme', 'Sine forecast', 'Delayed echo (k = 3)', 'Running parity', 'Your own input']);
    expect(screen.getByText(/after “l” comes “l”, “o” or “d”/)).toBeTruthy();
  });

  it('trains from the keyboard: Train becomes Pause training, the curve and read-outs follow, the views get the weights', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const before = store.getState().model;
    await user.clear(field('Training steps'));
    await user.type(field('Training steps'), '400');
    // 400 steps can finish before a render shows "Pause training" (the next test checks that label on a long run):
    // record that the run went through 'running' instead.
    const statuses = new Set<string>();
    const seenStatus = store.subscribe((s) => { statuses.add(s.trainStatus); });
    button('Train').focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(store.getState().trainStatus).toBe('done'), { timeout: 20_000 });
    seenStatus();
    expect(statuses.has('running')).toBe(true);
    expect(button('Train')).toBeTruthy();
    expect(store.getState().model).not.toBe(before);
    expect(store.getState().trace).not.toBeNull();
    const desc = lossCurve().querySelector('desc')!.textContent!;
    expect(desc).toMatch(/^Latest loss \d.* at step 400 of 400, from .* at step 1\. Accuracy 100% after step 400\.$/);
    expect(lossCurve().querySelectorAll('path').length).toBe(2);
    expect(screen.getByText('Steps per second')).toBeTruthy();
    const progress = document.querySelector('.training-progress') as HTMLElement;
    expect(within(progress).getByText('Accuracy').nextElementSibling!.textContent).toBe('100%');
    expect(within(progress).getByText('Step').nextElementSibling!.textContent).toBe('400 / 400');
    expect(screen.getByText(/^Done: 400 steps\./)).toBeTruthy();
  }, 30_000);

  it('pauses on Pause training and resumes on Train', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.clear(field('Training steps'));
    await user.type(field('Training steps'), '5000');
    await user.click(button('Train'));
    await waitFor(() => expect(store.getState().trainStep).toBeGreaterThan(0));
    await user.click(await screen.findByRole('button', { name: 'Pause training' }));
    await waitFor(() => expect(store.getState().trainStatus).toBe('paused'));
    const at = store.getState().trainStep;
    expect(at).toBeLessThan(5000);
    expect(screen.getByText(new RegExp(`^Paused at step ${at.toLocaleString('en')} of 5,000`))).toBeTruthy();
    await user.click(button('Train'));
    await waitFor(() => expect(store.getState().trainStep).toBeGreaterThan(at));
    await user.click(button('Stop training'));
    await waitFor(() => expect(store.getState().trainStatus).toBe('idle'));
  }, 30_000);

  it('refuses a learning rate of 0 and 0 steps at the control, with a message; Train waits', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.clear(field('Learning rate'));
    await user.type(field('Learning rate'), '0');
    expect(field('Learning rate').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The learning rate must be above 0 and at most 100, e.g. 0.01.')).toBeTruthy();
    expect(button('Train').disabled).toBe(true);
    expect(store.getState().trainSettings.lr).toBe(0.02);
    await user.type(field('Learning rate'), '.05');
    expect(field('Learning rate').getAttribute('aria-invalid')).toBe('false');
    expect(store.getState().trainSettings.lr).toBe(0.05);
    expect(button('Train').disabled).toBe(false);
    await user.clear(field('Training steps'));
    await user.type(field('Training steps'), '0');
    expect(screen.getByText(/Train for a whole number of steps from 1/)).toBeTruthy();
    expect(button('Train').disabled).toBe(true);
  });

  it('Reset training asks in a dialog first; Cancel keeps the weights, Re-initialise replaces them and Undo brings them back', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const trained = store.getState().model;
    await user.click(button('Reset training'));
    const dialog = screen.getByRole('dialog', { name: 'Reset training?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('the trained weights will be replaced');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button('Reset training'));
    expect(store.getState().model).toBe(trained);
    await user.click(button('Reset training'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Re-initialise' }));
    await waitFor(() => expect(store.getState().model).not.toBe(trained));
    expect(store.getState().undoStack.at(-1)!.label).toBe('reset training');
    await user.click(button('Undo'));
    await waitFor(() => expect(store.getState().model).toBe(trained));
  });

  it('generates text from a prompt after training "hello world"', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.click(button('Train'));
    await waitFor(() => expect(store.getState().trainStatus).toBe('done'), { timeout: 20_000 });
    const prompt = screen.getByRole('textbox', { name: 'Prompt' });
    await user.clear(prompt);
    await user.type(prompt, 'hel');
    expect(screen.getByRole('slider', { name: 'Temperature' })).toBeTruthy();
    await user.clear(field('Characters'));
    await user.type(field('Characters'), '8');
    await user.click(button('Generate'));
    await waitFor(() => expect(store.getState().trainSample?.text).toHaveLength(8));
    expect(document.querySelector('.training-sample-out')!.textContent).toBe(`hel${store.getState().trainSample!.text}`);
  }, 30_000);

  it('trains the sine task and free-runs the forecast beside the truth', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Task' }), 'sine');
    expect(screen.getByText(/Train first builds a new RNN with H = 8/)).toBeTruthy();
    await user.click(button('Train'));
    await waitFor(() => expect(store.getState().trainStatus).toBe('done'), { timeout: 20_000 });
    expect(store.getState().settings.task).toBe('numbers');
    await user.click(button('Free-run the forecast'));
    const chart = await screen.findByRole('img', { name: 'Free-running forecast' });
    expect(chart.querySelector('desc')!.textContent).toMatch(/running on its own from step 20; mean absolute error of the free-running steps \d\.\d{3}\./);
  }, 30_000);

  it('trains "your own" numbers on one target column of a pasted CSV', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    // Two columns pasted as numbers: x and 10·x.
    act(() => store.setState({ settings: { ...store.getState().settings, task: 'numbers' }, input: '0.1, 1\n0.2, 2\n0.3, 3\n0.4, 4\n0.5, 5' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Task' }), 'own');
    const target = screen.getByRole('combobox', { name: 'Target column' });
    expect(within(target).getAllByRole('option').map((o) => o.textContent)).toEqual(['every column (the next row)', 'column 1', 'column 2']);
    expect(screen.getByText(/^Data: 1 sequence of 4 steps, 2 numbers per step in, 2 out\./)).toBeTruthy();
    await user.selectOptions(target, 'column 2');
    expect(screen.getByText(/each step predicts the next value of column 2, from every column/)).toBeTruthy();
    expect(screen.getByText(/^Data: 1 sequence of 4 steps, 2 numbers per step in, 1 out\./)).toBeTruthy();
    await user.click(button('Train'));
    await waitFor(() => expect(store.getState().trainStatus).toBe('done'), { timeout: 20_000 });
    expect(store.getState().model!.config).toMatchObject({ inputSize: 2, outputSize: 1, outputActivation: 'identity' });
    // The loss fell: the model learned the column.
    const losses = store.getState().trainLosses;
    expect(losses.at(-1)!).toBeLessThan(0.1 * losses[0]);
  }, 30_000);

  it('shows a divergence as a message naming the step', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    store.setState({ settings: { ...store.getState().settings, nonlinearity: 'relu' } });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Task' }), 'sine');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Optimizer' }), 'sgd');
    expect(field('Momentum')).toBeTruthy();
    await user.clear(field('Learning rate'));
    await user.type(field('Learning rate'), '100');
    await user.click(button('Train'));
    // Named: the loss, or the weight an update overflowed (float32), whichever the worker found first.
    expect(await screen.findByText(/^Training diverged at step \d+: (the loss became (Infinity|NaN)|entry \d+ of [\w.]+ is (NaN|Infinity|−Infinity))\..*lower learning rate/)).toBeTruthy();
    expect(store.getState().trainStatus).toBe('idle');
  }, 30_000);
});
