import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { exportNative } from '../../src/engine/io';
import { initModel } from '../../src/engine/init';
import { renderApp } from './renderApp';

/** A TF.js layers model saved by TF.js itself (test/fixtures/tfjs); jsdom's import.meta.url is not a file URL. */
const TFJS_GRU = join(process.cwd(), 'test/fixtures/tfjs/gru_reset_before_sigmoid');

describe('ModelFiles', () => {
  it('imports a model file chosen with the file picker and shows its summary', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const m = initModel({ cell: 'lstm', inputSize: 1, hiddenSize: 5, numLayers: 2, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: 1, outputActivation: 'identity' }, { seed: 9 });
    const file = new File([exportNative(m)], 'lstm.json', { type: 'application/json' });
    await user.upload(screen.getByLabelText('Model file'), file);
    await waitFor(() => expect(store.getState().model?.config.cell).toBe('lstm'));
    expect(screen.getByText(/lstm\.json/).closest('p')!.textContent).toMatch(/lstm\.json \(native\): LSTM, 2 layers, input 1, hidden 5, output 1 \(identity\)/);
    expect(screen.getByRole('button', { name: 'Import model' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export' })).toBeTruthy();
  });

  it('imports a TF.js model.json chosen together with its weights.bin', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const files = ['model.json', 'weights.bin'].map((name) => new File([readFileSync(join(TFJS_GRU, name))], name));
    await user.upload(screen.getByLabelText('Model file'), files);
    await waitFor(() => expect(store.getState().model?.config.cell).toBe('gru'));
    expect(store.getState().model?.config).toMatchObject({ gruResetAfter: false, inputSize: 2, hiddenSize: 4, outputSize: 3, outputActivation: 'sigmoid' });
    expect(screen.getByText(/model\.json \+ weights\.bin/).closest('p')!.textContent).toMatch(/\(TF\.js layers model\): GRU, 1 layer, input 2, hidden 4, output 3 \(sigmoid\)/);
  });

  it('names the missing weight file of a TF.js model.json chosen alone, and keeps the model', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const before = store.getState().model;
    const json = readFileSync(join(TFJS_GRU, 'model.json'));
    await user.upload(screen.getByLabelText('Model file'), new File([json], 'model.json'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^model\.json: model\.json names the weight file "\.\/weights\.bin", which is not among the chosen files/);
    expect(store.getState().model).toBe(before);
  });

  it('names the problem of a bad file and keeps the model', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const before = store.getState().model;
    await user.upload(screen.getByLabelText('Model file'), new File(['{"rnn.weight_hh_l0": [[1, 2]]}'], 'bad.json'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^bad\.json: /);
    expect(store.getState().model).toBe(before);
  });
});
