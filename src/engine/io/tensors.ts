/**
 * Tensors as a file holds them, before they become engine arrays: a name, a shape, and a reader that writes
 * the values into an array allocated only once every shape of the file has been checked.
 */
import { EngineError } from '../errors';
import type { Arr } from '../types';
import { MAX_RANK, MAX_TOTAL_ELEMENTS } from './limits';
import { nonFiniteOf, preview } from './text';

/** A tensor of a model file, not yet read. */
export interface SourceTensor {
  /** The name the file gives it. */
  name: string;
  /** Its shape as the file states it. */
  shape: number[];
  /** Writes its row-major values into `dst` (length = product of shape), converting to dst's dtype; throws on a non-finite value. */
  read(dst: Arr): void;
}

/** "[4, 3]". */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Element count of a shape, or Infinity once it passes MAX_TOTAL_ELEMENTS (so no product overflows). */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) {
    size *= d;
    if (size > MAX_TOTAL_ELEMENTS) return Infinity;
  }
  return size;
}

/** Throws unless the tensors hold at most MAX_TOTAL_ELEMENTS numbers in all, naming the first one too big. */
export function checkElementCount(tensors: readonly { name: string; shape: number[] }[]): void {
  let total = 0;
  for (const t of tensors) {
    const size = shapeSize(t.shape);
    if (size > MAX_TOTAL_ELEMENTS) {
      throw new EngineError(`Tensor "${t.name}" has shape ${formatShape(t.shape)}, more than the limit of ${MAX_TOTAL_ELEMENTS.toLocaleString('en-US')} numbers.`);
    }
    total += size;
  }
  if (total > MAX_TOTAL_ELEMENTS) {
    throw new EngineError(`The file's tensors hold ${total.toLocaleString('en-US')} numbers in all, more than the limit of ${MAX_TOTAL_ELEMENTS.toLocaleString('en-US')}.`);
  }
}

/** The multi-index "[i, j]" of a flat row-major index. */
export function indexAt(flat: number, shape: readonly number[]): string {
  const idx: number[] = new Array(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = flat % shape[k];
    flat = Math.floor(flat / shape[k]);
  }
  return formatShape(idx);
}

/** dst[i] = v, refusing NaN and ±Infinity, and finite values that overflow dst's dtype. */
export function storeFinite(dst: Arr, i: number, v: number, name: string, shape: readonly number[]): void {
  dst[i] = v;
  if (Number.isFinite(dst[i])) return;
  const what = Number.isFinite(v) ? `${v}, which overflows float32` : String(v);
  throw new EngineError(`Tensor "${name}" holds ${what} at index ${indexAt(i, shape)}: every number must be finite.`);
}

/**
 * A SourceTensor over nested JSON arrays (`tensor.tolist()`): checks that they are rectangular and at most
 * MAX_RANK deep, and reads numbers (or Python's NaN / Infinity, which are refused when read).
 */
export function nestedSource(name: string, value: unknown): SourceTensor {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    if (shape.length === MAX_RANK) throw new EngineError(`Tensor "${name}" is nested more than ${MAX_RANK} levels deep.`);
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  const leaf = (x: unknown, at: number[]): number => {
    if (typeof x === 'number') return x;
    const nf = nonFiniteOf(x);
    if (nf !== undefined) return nf;
    throw new EngineError(`Tensor "${name}" holds ${preview(x)} at index ${formatShape(at)}: expected a number.`);
  };
  // Walks once to check the shape; read() walks again to store, so nothing is allocated for a ragged list.
  const walk = (x: unknown, depth: number, at: number[], visit: ((v: number) => void) | null): void => {
    if (depth === shape.length) {
      const num = leaf(x, at);
      visit?.(num);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new EngineError(`Tensor "${name}" is not rectangular: the list at index ${formatShape(at)} should hold ${shape[depth]} entries.`);
    }
    for (let k = 0; k < x.length; k++) { at.push(k); walk(x[k], depth + 1, at, visit); at.pop(); }
  };
  walk(value, 0, [], null);
  return {
    name, shape,
    read(dst) {
      let i = 0;
      walk(value, 0, [], (num) => { storeFinite(dst, i, num, name, shape); i++; });
    },
  };
}

/** A SourceTensor over a flat list of numbers with a stated shape (the native format). */
export function flatSource(name: string, shape: number[], data: readonly unknown[]): SourceTensor {
  return {
    name, shape,
    read(dst) {
      for (let i = 0; i < data.length; i++) {
        const x = data[i];
        const num = typeof x === 'number' ? x : nonFiniteOf(x);
        if (num === undefined) throw new EngineError(`Tensor "${name}" holds ${preview(x)} at index ${indexAt(i, shape)}: expected a number.`);
        storeFinite(dst, i, num, name, shape);
      }
    },
  };
}
