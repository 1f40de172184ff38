/**
 * The step sequence of a view, for slides: the view at t = 0..T captured one step at a time, then packed as a ZIP of
 * numbered PNGs (with a README naming the app version) or as one looping animated GIF (version in a comment block).
 * Everything happens in the page: nothing is sent anywhere.
 */
import { zipSync } from 'fflate';
import { applyPalette, GIFEncoder, quantize } from 'gifenc';

/** The most steps saved at once; a longer sequence is cut to its first MAX_STEP_FRAMES steps (t = 0..199), and said so. */
export const MAX_STEP_FRAMES = 200;

/** The widest GIF frame in pixels; wider views are scaled down to it (a GIF keeps every frame in full). */
export const MAX_GIF_WIDTH = 1280;

/** The file name of step `t`: step-000.png, step-001.png, … */
export function stepFileName(t: number, ext: string): string {
  return `step-${String(t).padStart(3, '0')}.${ext}`;
}

/** The steps to save for a sequence of T steps: 0..T, at most MAX_STEP_FRAMES of them. */
export function stepRange(T: number): { steps: number[]; cut: boolean } {
  const count = Math.min(T + 1, MAX_STEP_FRAMES);
  return { steps: Array.from({ length: count }, (_, t) => t), cut: T + 1 > MAX_STEP_FRAMES };
}

/** A ZIP of the frames (step-000.png, …) and a README.txt that names the view, the steps and the app version. */
export function stepsToZip(frames: Uint8Array[], ext: string, readme: string): Uint8Array {
  const files: Record<string, Uint8Array> = { 'README.txt': new TextEncoder().encode(readme) };
  // PNGs are compressed already: store them as they are.
  frames.forEach((bytes, t) => { files[stepFileName(t, ext)] = bytes; });
  return zipSync(files, { level: 0 });
}

/** One RGBA frame. */
export interface RgbaFrame { data: Uint8Array | Uint8ClampedArray; width: number; height: number }

/**
 * A looping animated GIF of equally sized frames, `delayMs` apart, with `comment` in a GIF comment extension. Each frame
 * gets its own 256-colour palette.
 */
export function framesToGif(frames: RgbaFrame[], delayMs: number, comment: string): Uint8Array {
  if (frames.length === 0) throw new Error('There is no frame to save.');
  const gif = GIFEncoder();
  const { width, height } = frames[0];
  for (const f of frames) {
    if (f.width !== width || f.height !== height) throw new Error('Every frame of a GIF must have the same size.');
    const palette = quantize(f.data, 256);
    gif.writeFrame(applyPalette(f.data, palette), width, height, { palette, delay: delayMs, repeat: 0 });
  }
  gif.finish();
  return withGifComment(gif.bytes(), comment);
}

/** The GIF with a comment extension (0x21 0xFE, ASCII sub-blocks of at most 255 bytes) just before its trailer. */
export function withGifComment(gif: Uint8Array, comment: string): Uint8Array {
  if (gif[gif.length - 1] !== 0x3b) throw new Error('Not a finished GIF.');
  const text = Array.from(comment, (c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : 0x3f));
  const blocks: number[] = [0x21, 0xfe];
  for (let i = 0; i < text.length; i += 255) {
    const chunk = text.slice(i, i + 255);
    blocks.push(chunk.length, ...chunk);
  }
  blocks.push(0x00);
  const out = new Uint8Array(gif.length + blocks.length);
  out.set(gif.subarray(0, gif.length - 1), 0);
  out.set(blocks, gif.length - 1);
  out[out.length - 1] = 0x3b;
  return out;
}

/** The text of the first comment extension in a GIF, or null: walks the blocks (image data may hold any bytes). */
export function readGifComment(gif: Uint8Array): string | null {
  const table = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  /** Skips data sub-blocks from `i`; returns the index after the terminator and their bytes. */
  const subBlocks = (i: number): [number, number[]] => {
    const bytes: number[] = [];
    while (i < gif.length && gif[i] !== 0) { bytes.push(...gif.subarray(i + 1, i + 1 + gif[i])); i += gif[i] + 1; }
    return [i + 1, bytes];
  };
  let i = 13 + table(gif[10]);
  while (i < gif.length) {
    if (gif[i] === 0x21) {
      const [next, bytes] = subBlocks(i + 2);
      if (gif[i + 1] === 0xfe) return String.fromCharCode(...bytes);
      i = next;
    } else if (gif[i] === 0x2c) {
      i = subBlocks(i + 10 + table(gif[i + 9]) + 1)[0];
    } else {
      return null;
    }
  }
  return null;
}

/** Waits for the views to draw the state just set: two animation frames (React commits, then canvases paint). */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

/** What `captureSteps` needs: how to move to a step, how to wait for the picture, how to capture it. */
export interface CaptureOptions<F> {
  steps: number[];
  stepTo: (t: number) => void;
  settle?: () => Promise<void>;
  capture: (t: number) => Promise<F>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Moves to every step in turn, waits for the views to render, and captures each. The step shown before is restored
 * at the end, also when cancelled (`signal`) or when a capture fails. Returns null when cancelled.
 */
export async function captureSteps<F>({ steps, stepTo, settle = nextPaint, capture, onProgress, signal }: CaptureOptions<F>, restoreTo: number): Promise<F[] | null> {
  const frames: F[] = [];
  try {
    for (const t of steps) {
      if (signal?.aborted) return null;
      stepTo(t);
      await settle();
      frames.push(await capture(t));
      onProgress?.(frames.length, steps.length);
    }
    return signal?.aborted ? null : frames;
  } finally {
    stepTo(restoreTo);
  }
}
