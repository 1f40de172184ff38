/**
 * safetensors: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {string: string}}`, then the data
 * buffer, which the tensors tile exactly (offsets relative to its start). Every claim of the header is checked
 * against the file before a single tensor is allocated.
 */
import { z } from './zod';
import { EngineError } from '../errors';
import type { Arr } from '../types';
import { decodeBF16, decodeF16 } from './half';
import { MAX_HEADER_BYTES, MAX_NAME_LENGTH, MAX_RANK, MAX_TENSORS, MAX_TOTAL_ELEMENTS } from './limits';
import { checkElementCount, formatShape, shapeSize, storeFinite, type SourceTensor } from './tensors';
import { decodeUtf8, zodMessage } from './text';

/** The dtypes rnn-unfold reads, and their sizes in bytes. */
export const SAFETENSORS_DTYPES = { F32: 4, F64: 8, F16: 2, BF16: 2 } as const;
/** A readable safetensors dtype. */
export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPES;

/** The tensors of a safetensors file, and its metadata. */
export interface SafetensorsContents {
  /** Tensors by name, unread. */
  sources: Map<string, SourceTensor>;
  /** The `__metadata__` map, or null. */
  metadata: Record<string, string> | null;
}

const entrySchema = z.strictObject({
  dtype: z.string().max(16),
  shape: z.array(z.int().min(0)).max(MAX_RANK),
  data_offsets: z.tuple([z.int().min(0), z.int().min(0)]),
});
const metadataSchema = z.record(z.string(), z.string());

type Entry = z.infer<typeof entrySchema> & { name: string; dtype: SafetensorsDtype };

/** The header length N, checked against the limit and the file, and the header parsed as a JSON object. */
function parseHeaderJson(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw new EngineError(`The safetensors file is ${bytes.length} bytes long: too short to hold its 8-byte header length.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const N = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (N > MAX_HEADER_BYTES) throw new EngineError(`The safetensors header claims ${N} bytes, more than the limit of ${MAX_HEADER_BYTES} (100 MB).`);
  if (N > bytes.length - 8) throw new EngineError(`The safetensors header claims ${N} bytes, but only ${bytes.length - 8} bytes follow the length field.`);
  const text = decodeUtf8(bytes.subarray(8, 8 + N), 'The safetensors header');
  let header: unknown;
  try { header = JSON.parse(text); } catch (e) {
    throw new EngineError(`The safetensors header is not JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new EngineError('The safetensors header is not a JSON object.');
  return { header: header as Record<string, unknown>, dataStart: 8 + N };
}

/** First pass over the header: each entry's form, dtype and size, and the running total, before any offset. */
function parseEntries(header: Record<string, unknown>): { entries: Entry[]; metadata: Record<string, string> | null } {
  const keys = Object.keys(header);
  if (keys.length > MAX_TENSORS + 1) throw new EngineError(`The safetensors header names ${keys.length} tensors, more than the limit of ${MAX_TENSORS}.`);
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  let total = 0;
  for (const name of keys) {
    if (name === '__metadata__') {
      const m = metadataSchema.safeParse(header[name]);
      if (!m.success) throw new EngineError('The safetensors __metadata__ must map strings to strings.');
      metadata = m.data;
      continue;
    }
    if (name.length > MAX_NAME_LENGTH) throw new EngineError(`The safetensors header names a tensor of ${name.length} characters, more than the limit of ${MAX_NAME_LENGTH}.`);
    const parsed = entrySchema.safeParse(header[name]);
    if (!parsed.success) throw new EngineError(zodMessage(parsed.error, `Tensor "${name}" of the safetensors header`));
    const { dtype, shape } = parsed.data;
    if (!Object.hasOwn(SAFETENSORS_DTYPES, dtype)) throw new EngineError(`Tensor "${name}" has dtype ${dtype}, which rnn-unfold cannot read (it reads ${Object.keys(SAFETENSORS_DTYPES).join(', ')}).`);
    checkElementCount([{ name, shape }]);
    total += shapeSize(shape);
    if (total > MAX_TOTAL_ELEMENTS) throw new EngineError(`The file's tensors hold more than ${MAX_TOTAL_ELEMENTS.toLocaleString('en-US')} numbers in all (the limit), counting up to "${name}".`);
    entries.push({ ...parsed.data, name, dtype: dtype as SafetensorsDtype });
  }
  return { entries, metadata };
}

/** Second pass: every tensor's offsets lie in the buffer and span exactly its size. */
function checkOffsets(entries: readonly Entry[], bufferLength: number): void {
  for (const { name, dtype, shape, data_offsets: [begin, end] } of entries) {
    if (begin > end) throw new EngineError(`Tensor "${name}" has data_offsets [${begin}, ${end}], which end before they begin.`);
    if (end > bufferLength) throw new EngineError(`Tensor "${name}" has data_offsets [${begin}, ${end}], outside the data buffer of ${bufferLength} bytes.`);
    const size = shapeSize(shape), width = SAFETENSORS_DTYPES[dtype];
    if (size * width !== end - begin) {
      throw new EngineError(`Tensor "${name}" has shape ${formatShape(shape)} (${size} × ${width}-byte ${dtype} = ${size * width} bytes), but its data_offsets [${begin}, ${end}] span ${end - begin} bytes.`);
    }
  }
}

/** Throws unless the tensors tile the data buffer exactly: no overlap, no gap, nothing after the last. */
function checkTiling(entries: readonly Entry[], bufferLength: number): void {
  const sorted = [...entries].sort((a, b) => a.data_offsets[0] - b.data_offsets[0] || a.data_offsets[1] - b.data_offsets[1]);
  let at = 0, prev: Entry | null = null;
  for (const e of sorted) {
    const [begin, end] = e.data_offsets;
    if (begin < at) throw new EngineError(`Tensors "${prev!.name}" [${prev!.data_offsets.join(', ')}] and "${e.name}" [${begin}, ${end}] overlap in the data buffer.`);
    if (begin > at) throw new EngineError(`The data buffer has a gap: bytes ${at} to ${begin} belong to no tensor (before "${e.name}").`);
    at = end;
    prev = e;
  }
  if (at !== bufferLength) throw new EngineError(`The data buffer has ${bufferLength - at} bytes after the last tensor, which belong to no tensor.`);
}

/** A SourceTensor reading one entry, widening F16/BF16 and narrowing F64 to the destination's dtype. */
function sourceOf(view: DataView, dataStart: number, e: Entry): SourceTensor {
  const { name, shape, dtype } = e;
  const at = dataStart + e.data_offsets[0];
  const get: (i: number) => number =
    dtype === 'F32' ? (i) => view.getFloat32(at + 4 * i, true)
    : dtype === 'F64' ? (i) => view.getFloat64(at + 8 * i, true)
    : dtype === 'F16' ? (i) => decodeF16(view.getUint16(at + 2 * i, true))
    : (i) => decodeBF16(view.getUint16(at + 2 * i, true));
  return { name, shape, read(dst: Arr) { for (let i = 0; i < dst.length; i++) storeFinite(dst, i, get(i), name, shape); } };
}

/** Reads a safetensors file's header and returns its tensors, unread; throws an EngineError naming the first problem. */
export function readSafetensors(bytes: Uint8Array): SafetensorsContents {
  const { header, dataStart } = parseHeaderJson(bytes);
  const { entries, metadata } = parseEntries(header);
  checkOffsets(entries, bytes.length - dataStart);
  checkTiling(entries, bytes.length - dataStart);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { sources: new Map(entries.map((e) => [e.name, sourceOf(view, dataStart, e)])), metadata };
}

/** Writes tensors (in the order given) as a safetensors file in F32 or F64, the header padded to 8 bytes as the reference writer does. */
export function writeSafetensors(tensors: readonly { name: string; shape: number[]; data: Arr }[], metadata: Record<string, string> | null, dtype: 'F32' | 'F64'): Uint8Array {
  const width = SAFETENSORS_DTYPES[dtype];
  // No prototype, so a tensor named "__proto__" is written as a key like any other.
  const header = Object.create(null) as Record<string, unknown>;
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name in header) throw new EngineError(`Two tensors would both be written as "${t.name}".`);
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length * width] };
    offset += t.data.length * width;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, at += width) {
      if (dtype === 'F32') view.setFloat32(at, t.data[i], true); else view.setFloat64(at, t.data[i], true);
    }
  }
  return out;
}
