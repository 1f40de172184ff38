import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { captureSteps, framesToGif, MAX_STEP_FRAMES, readGifComment, stepFileName, stepRange, stepsToZip, withGifComment } from '../../src/views/ImageExport/stepsExport';
import { renderApp } from './renderApp';

describe('step sequence export: packing', () => {
  it('names steps step-000… and bounds a sequence to MAX_STEP_FRAMES steps', () => {
    expect(stepFileName(7, 'png')).toBe('step-007.png');
    expect(stepRange(3)).toEqual({ steps: [0, 1, 2, 3], cut: false });
    const long = stepRange(500);
    expect(long.steps).toHaveLength(MAX_STEP_FRAMES);
    expect(long.steps.at(-1)).toBe(MAX_STEP_FRAMES - 1);
    expect(long.cut).toBe(true);
  });

  it('zips the frames in order with a README that names the app version', () => {
    const zip = stepsToZip([new Uint8Array([1]), new Uint8Array([2, 2])], 'png', 'rnn-unfold 0.1.0\n');
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'step-000.png', 'step-001.png']);
    expect(Array.from(files['step-001.png'])).toEqual([2, 2]);
    expect(strFromU8(files['README.txt'])).toMatch(/0\.1\.0/);
  });

  it('writes a looping GIF of every frame with the comment before the trailer', () => {
    const frame = (v: number) => ({ data: new Uint8ClampedArray(4 * 4 * 3).fill(v), width: 4, height: 3 });
    const gif = framesToGif([frame(0), frame(128), frame(255)], 500, 'Unrolled network, rnn-unfold 0.1.0');
    expect(strFromU8(gif.subarray(0, 6))).toBe('GIF89a');
    expect(gif[6] | (gif[7] << 8)).toBe(4);
    expect(gif.at(-1)).toBe(0x3b);
    expect(readGifComment(gif)).toBe('Unrolled network, rnn-unfold 0.1.0');
    // Three image descriptors (0x2C after a graphic control extension's terminator).
    let images = 0;
    for (let i = 1; i < gif.length; i++) if (gif[i] === 0x2c && gif[i - 1] === 0 && gif[i - 8] === 0x21 && gif[i - 7] === 0xf9) images++;
    expect(images).toBe(3);
    expect(() => framesToGif([frame(0), { ...frame(0), width: 3 }], 100, '')).toThrow(/same size/);
  });

  it('splits a long comment into 255-byte sub-blocks', () => {
    const bare = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]);
    const long = 'x'.repeat(300);
    expect(readGifComment(withGifComment(bare, long))).toBe(long);
  });
});

describe('step sequence export: driving the steps', () => {
  it('visits every step, reports progress and restores the step shown before', async () => {
    const visited: number[] = [];
    const progress: number[] = [];
    let step = 2;
    const frames = await captureSteps({
      steps: [0, 1, 2, 3], stepTo: (t) => { step = t; visited.push(t); }, settle: async () => {},
      capture: async (t) => `frame ${t} at ${step}`, onProgress: (d) => progress.push(d),
    }, 2);
    expect(frames).toEqual(['frame 0 at 0', 'frame 1 at 1', 'frame 2 at 2', 'frame 3 at 3']);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(step).toBe(2);
  });

  it('stops when cancelled and still restores the step', async () => {
    const controller = new AbortController();
    let step = 5;
    const frames = await captureSteps({
      steps: [0, 1, 2, 3], stepTo: (t) => { step = t; }, settle: async () => {},
      capture: async (t) => { if (t === 1) controller.abort(); return t; }, signal: controller.signal,
    }, 5);
    expect(frames).toBeNull();
    expect(step).toBe(5);
  });

  it('restores the step when a capture fails', async () => {
    let step = 1;
    await expect(captureSteps({
      steps: [0, 1], stepTo: (t) => { step = t; }, settle: async () => {}, capture: async () => { throw new Error('gone'); },
    }, 1)).rejects.toThrow('gone');
    expect(step).toBe(1);
  });
});

describe('ImageExport controls', () => {
  it('offers every step as a ZIP or an animated GIF, each control named', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hello' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const steps = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Steps to save' });
    expect(screen.queryByRole('option', { name: 'Animated GIF' })).toBeNull();
    await user.selectOptions(steps, 'every');
    expect(screen.getByRole('option', { name: /Every step \(t = 0\.\.5\)/ })).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Image format' }), 'gif');
    expect(screen.getByRole('button', { name: 'Save every step' })).toBeTruthy();
    // Back to one step: GIF is not offered, PNG is chosen again.
    await user.selectOptions(steps, 'current');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Image format' }).value).toBe('png');
    expect(screen.getByRole('button', { name: 'Save image' })).toBeTruthy();
  });
});
