/**
 * Weights in a link: the model as safetensors (config and vocabulary in its metadata), deflated, then base64url.
 * Only models that the settings cannot rebuild (imported, trained, edited) carry weights, and only up to
 * MAX_LINK_WEIGHTS characters; past that the link holds the settings only and says so.
 */
import { deflateSync, Inflate } from 'fflate';
import { exportSafetensors, importModel } from '../../engine/io';
import type { Model } from '../../engine/types';

/** The longest weights field a link carries (characters of base64url): about 48 KB of compressed weights. */
export const MAX_LINK_WEIGHTS = 64_000;

/** The largest inflated model a link may unpack to (a deflate bomb stops here). */
const MAX_INFLATED = 8 * 1024 * 1024;

/** Compressed bytes inflated at a time: at most about 1 MB of output each, so a bomb stops near MAX_INFLATED. */
const INFLATE_SLICE = 1024;

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The weights field of a model, or null when it would exceed MAX_LINK_WEIGHTS. */
export function encodeWeights(model: Model): string | null {
  let count = 0;
  for (const l of model.params.layers) count += l.weightIh.length + l.weightHh.length + l.biasIh.length + l.biasHh.length;
  count += (model.params.embedding?.length ?? 0) + (model.params.outWeight?.length ?? 0) + (model.params.outBias?.length ?? 0);
  // Random float32 weights barely compress: skip the work when the raw size alone is far past the limit.
  if (count * 4 > MAX_LINK_WEIGHTS * 2) return null;
  const text = toBase64Url(deflateSync(exportSafetensors(model), { level: 9 }));
  return text.length <= MAX_LINK_WEIGHTS ? text : null;
}

/** The model in a weights field; throws a readable message when it is damaged or too large. */
export function decodeWeights(text: string): Model {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    // Fed in small slices: Inflate unpacks all it is given before it hands anything over, so one push of the whole
    // field would allocate everything a bomb claims (deflate packs about 1000:1) before the limit is seen.
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > MAX_INFLATED) throw new RangeError('too large');
      chunks.push(chunk);
    });
    const packed = fromBase64Url(text);
    for (let at = 0; at < packed.length || at === 0; at += INFLATE_SLICE) {
      inflater.push(packed.subarray(at, at + INFLATE_SLICE), at + INFLATE_SLICE >= packed.length);
    }
  } catch (e) {
    if (e instanceof RangeError) throw new Error('The weights in this link unpack to more than 8 MB: refused.', { cause: e });
    throw new Error('The weights in this link are damaged (they do not unpack).', { cause: e });
  }
  const bytes = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) { bytes.set(c, off); off += c.length; }
  return importModel(bytes, 'link.safetensors').model;
}
