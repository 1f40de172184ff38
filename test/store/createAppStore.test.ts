import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, DEFAULT_SPEED, MAX_INPUT_LENGTH } from '../../src/store/createAppStore';
import { MAX_TRACE_MB, traceMegabytes } from '../../src/store/slices/runSlice';
import { narrationOf } from '../../src/store/selectors';
import { createFakePort } from './fakePort';

async function ready(input = 'hello') {
  const store = createAppStore(createFakePort(), { input });
  await store.getState().rebuildModel();
  return store;
}

afterEach(() => { vi.useRealTimers(); });

describe('createAppStore(engine)', () => {
  it('builds the model and traces the input, starting at t = 0', async () => {
    const store = await ready();
    const s = store.getState();
    expect(s.model?.config.hiddenSize).toBe(8);
    expect(s.tokens).toEqual(['h', 'e', 'l', 'l', 'o']);
    expect(s.trace?.T).toBe(5);
    expect(s.step).toBe(0);
  });

  it('stepForward, stepBack and stepTo move the cursor within 0..T', async () => {
    const store = await ready();
    const s = store.getState();
    s.stepForward(); s.stepForward();
    expect(store.getState().step).toBe(2);
    s.stepBack();
    expect(store.getState().step).toBe(1);
    s.stepTo(99);
    expect(store.getState().step).toBe(5);
    s.stepTo(-3);
    expect(store.getState().step).toBe(0);
    s.stepBack();
    expect(store.getState().step).toBe(0);
  });

  it('keeps the step when the input is edited and the step still exists, clamps it otherwise', async () => {
    const store = await ready('hello world');
    store.getState().stepTo(4);
    await store.getState().setInput('hello there');
    expect(store.getState().step).toBe(4);
    await store.getState().setInput('he');
    expect(store.getState().step).toBe(2);
  });

  it('refuses unknown characters with a message naming them and keeps the last good trace', async () => {
    const store = await ready('hello');
    const before = store.getState().trace;
    await store.getState().setInput('hé€');
    const s = store.getState();
    expect(s.error).toMatch(/"é", "€"/);
    expect(s.trace).toBe(before);
  });

  it('shows an empty state for empty input and a message past the length limit', async () => {
    const store = await ready('hello');
    await store.getState().setInput('');
    expect(store.getState().trace).toBeNull();
    expect(narrationOf(store.getState())).toBe('t = 0, no input yet.');
    await store.getState().setInput('a'.repeat(MAX_INPUT_LENGTH + 1));
    expect(store.getState().error).toMatch(/limit is 2000/);
  });

  it('refuses an input whose trace would pass the memory limit, before the worker allocates it, and keeps the last trace', async () => {
    const store = await ready('hello');
    const before = store.getState().trace;
    const model = store.getState().model!;
    // A large model (as an import could bring): H = 4096, 2 layers of LSTM.
    store.setState({ model: { ...model, config: { ...model.config, cell: 'lstm', hiddenSize: 4096, numLayers: 2 } } });
    // 4 lines of 400 characters (within the 2000-character limit): 4·4·400·(2·18·4096 + 2·O) bytes, about 940 MB.
    const text = Array(4).fill('a'.repeat(400)).join('\n');
    expect(traceMegabytes(store.getState().model!.config, text, true)).toBeGreaterThan(900);
    await store.getState().setInput(text);
    expect(store.getState().error).toMatch(/^This input would need a trace of about \d+ MB for this model \(H = 4096, 2 layers\); the limit is 400 MB\./);
    expect(store.getState().trace).toBe(before);
    // One line of 20 characters fits (about 12 MB).
    expect(traceMegabytes(store.getState().model!.config, 'a'.repeat(20), true)).toBeLessThan(MAX_TRACE_MB);
  });

  it('plays to the end and stops', async () => {
    vi.useFakeTimers();
    const store = await ready('abc');
    store.getState().togglePlay();
    expect(store.getState().playing).toBe(true);
    vi.advanceTimersByTime((1000 / DEFAULT_SPEED) * 3);
    expect(store.getState().step).toBe(3);
    expect(store.getState().playing).toBe(false);
  });

  it('narrates a step as t = N, input, ‖h‖ with two decimals', async () => {
    const store = await ready('hi');
    store.getState().stepForward();
    const s = store.getState();
    const H = s.model!.config.hiddenSize;
    const h = Array.from(s.trace!.layers[0].h.subarray(0, H));
    const norm = Math.sqrt(h.reduce((a, v) => a + v * v, 0));
    expect(narrationOf(s)).toMatch(new RegExp(`^t = 1, input 'h', ‖h‖ = ${norm.toFixed(2).replace('.', '\\.')}`));
  });

  it('plays faster after setSpeed, and clamps the speed to 0.25..10 steps per second', async () => {
    vi.useFakeTimers();
    const store = await ready('abcdef');
    store.getState().setSpeed(10);
    store.getState().togglePlay();
    vi.advanceTimersByTime(300);
    expect(store.getState().step).toBe(3);
    store.getState().setSpeed(1000);
    expect(store.getState().speed).toBe(10);
    store.getState().setSpeed(Number.NaN);
    expect(store.getState().speed).toBe(DEFAULT_SPEED);
  });

  it('feed mode: a character typed at the end is fed as the next step at once', async () => {
    const store = await ready('he');
    store.getState().setLive(true);
    store.getState().stepTo(2);
    await store.getState().setInput('hel');
    expect(store.getState().step).toBe(3);
    store.getState().setLive(false);
    await store.getState().setInput('hell');
    expect(store.getState().step).toBe(3);
  });

  it('MLP comparison: without W the state at t depends on x_t alone', async () => {
    const store = await ready('hello');
    await store.getState().setCompareMlp(true);
    const s = store.getState();
    const H = s.model!.config.hiddenSize;
    const mlp = s.mlpTrace!.layers[0].h, rnn = s.trace!.layers[0].h;
    // Steps 2 and 3 both read 'l': equal without recurrence, different with it.
    expect(Array.from(mlp.subarray(2 * H, 3 * H))).toEqual(Array.from(mlp.subarray(3 * H, 4 * H)));
    expect(Array.from(rnn.subarray(2 * H, 3 * H))).not.toEqual(Array.from(rnn.subarray(3 * H, 4 * H)));
    await store.getState().setCompareMlp(false);
    expect(store.getState().mlpTrace).toBeNull();
  });

  it('rebuilds the model when a setting changes and clamps the selected unit', async () => {
    const store = await ready('hello');
    store.getState().selectUnit(7);
    await store.getState().setSettings({ cell: 'lstm', hiddenSize: 4 });
    const s = store.getState();
    expect(s.model?.config.cell).toBe('lstm');
    expect(s.trace?.layers[0].c).not.toBeNull();
    expect(s.selectedUnit).toBe(3);
  });
});

describe('batches and the initial state', () => {
  it('traces one sequence per line and shows the chosen sample', async () => {
    const store = await ready('hello\nhi\n\nhey');
    let s = store.getState();
    expect(s.batchTrace?.n).toBe(3);
    expect(s.batchTokens.map((t) => t.join(''))).toEqual(['hello', 'hi', 'hey']);
    expect(s.tokens.join('')).toBe('hello');
    s.stepTo(5);
    s.setSample(1);
    s = store.getState();
    expect(s.tokens.join('')).toBe('hi');
    expect(s.trace?.T).toBe(2);
    expect(s.step).toBe(2);
  });

  it('names the line of an unknown character in a batch', async () => {
    const store = await ready('hello');
    await store.getState().setInput('ok\nno#');
    expect(store.getState().error).toMatch(/^Line 2: .*"#"/);
  });

  it('carries the final state over as h0, changes the trace, and zeroes it again', async () => {
    const store = await ready('hello');
    const H = store.getState().model!.config.hiddenSize;
    const last = Array.from(store.getState().trace!.layers[0].hLast);
    const before = Array.from(store.getState().trace!.layers[0].h.subarray(0, H));
    await store.getState().carryOverState();
    let s = store.getState();
    expect(Array.from(s.h0!)).toEqual(last);
    expect(Array.from(s.trace!.layers[0].h0)).toEqual(last);
    expect(Array.from(s.trace!.layers[0].h.subarray(0, H))).not.toEqual(before);
    await s.zeroState();
    s = store.getState();
    expect(s.h0).toBeNull();
    expect(Array.from(s.trace!.layers[0].h.subarray(0, H))).toEqual(before);
  });

  it('edits one unit of h0', async () => {
    const store = await ready('hi');
    await store.getState().setH0(0, 2, 0.5);
    expect(store.getState().trace!.layers[0].h0[2]).toBeCloseTo(0.5, 6);
    expect(store.getState().trace!.layers[0].h0[1]).toBe(0);
    // Past float32's range, or not a number: refused with a message, h0 as it was.
    for (const bad of [1e39, -Infinity, Number.NaN]) {
      await store.getState().setH0(0, 1, bad);
      expect(store.getState().error).toMatch(/^h0 of unit 2 must be a finite number within float32's range/);
      expect(Array.from(store.getState().h0!.subarray(0, 3))).toEqual([0, 0, 0.5]);
    }
  });
});

describe('numbers', () => {
  it('switches to a forecasting model over numbers, keeps the input of each kind, and switches back', async () => {
    const store = await ready('hello');
    await store.getState().setTask('numbers');
    let s = store.getState();
    expect(s.model?.config.inputSize).toBe(1);
    expect(s.model?.config.outputActivation).toBe('identity');
    expect(s.tokens).toHaveLength(40);
    expect(s.tokens[0]).toBe('0');
    await store.getState().setInput('0\n0.5\n1');
    expect(store.getState().trace?.T).toBe(3);
    await store.getState().setTask('text');
    s = store.getState();
    expect(s.input).toBe('hello');
    expect(s.model?.vocabulary.length).toBeGreaterThan(0);
    await store.getState().setTask('numbers');
    expect(store.getState().input).toBe('0\n0.5\n1');
  });

  it('generates a series and names a bad line', async () => {
    const store = await ready('hello');
    await store.getState().setTask('numbers');
    await store.getState().generateInput('square', 12);
    expect(store.getState().tokens).toEqual([...Array(10).fill('1'), '-1', '-1']);
    await store.getState().setInput('1\n2\nthree');
    expect(store.getState().error).toBe('Line 3: "three" is not a number.');
    await store.getState().setInput('1, 2\n3, 4');
    expect(store.getState().error).toBe('The model reads 1 number per step; this input has 2 columns.');
  });

  it('undo after switching kinds restores the text model', async () => {
    const store = await ready('hello');
    const textModel = store.getState().model;
    await store.getState().setTask('numbers');
    await store.getState().undo();
    expect(store.getState().model).toBe(textModel);
  });
});

describe('live streams and initialisation', () => {
  it('streams generated values into the numbers input and feeds each one at once', async () => {
    const store = await ready('hello');
    await store.getState().setTask('numbers');
    await store.getState().setInput('0');
    vi.useFakeTimers();
    store.getState().setSpeed(10);
    store.getState().streamSeries('sine');
    expect(store.getState().live).toBe(true);
    await vi.advanceTimersByTimeAsync(350);
    store.getState().streamSeries(null);
    vi.useRealTimers();
    await vi.waitFor(() => expect(store.getState().tokens.length).toBe(4));
    expect(store.getState().step).toBe(4);
    expect(store.getState().input.split('\n')).toEqual(['0', '0.309', '0.5878', '0.809']);
    expect(store.getState().streaming).toBeNull();
  });

  it('builds with the chosen initialisation scheme', async () => {
    const store = await ready('hi');
    await store.getState().setSettings({ init: 'orthogonal' });
    expect(store.getState().settings.init).toBe('orthogonal');
    expect(store.getState().undoStack.at(-1)?.label).toBe('initialisation pytorch → orthogonal');
  });
});
