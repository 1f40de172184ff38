/**
 * TF.js layers models: model.json (`modelTopology` and `weightsManifest`, as tf.io and tfjs-converter write
 * Keras models) and its .bin weight files, each manifest group's files concatenated in order and holding its
 * weights back to back as little-endian float32. Keras layout and gate order become PyTorch's
 * (docs/model-format.md, "TF.js layers models"):
 *  - kernel [D, G·H] → weight_ih [G·H, D] and recurrent_kernel [H, G·H] → weight_hh [G·H, H], transposed;
 *  - gate blocks: LSTM i, f, c, o = PyTorch i, f, g, o; GRU z, r, h → PyTorch r, z, n;
 *  - one bias [G·H] → bias_ih, with bias_hh = 0; a GRU's reset_after bias [2, 3H] → bias_ih, bias_hh;
 *  - Dense kernel [H, O] → out.weight [O, H]; Embedding embeddings [V, D] as they are.
 */
import { z } from './zod';
import { EngineError } from '../errors';
import { validateConfig } from '../init';
import { paramShapes } from '../named';
import type { Arr, ModelConfig } from '../types';
import { assembleModel } from './assemble';
import { detectKind } from './detect';
import type { ImportedModel, ImportOptions } from './index';
import { MAX_RANK, MAX_TENSORS } from './limits';
import { checkElementCount, formatShape, indexAt, shapeSize, type SourceTensor } from './tensors';
import { decodeUtf8, parseJsonLenient, zodMessage } from './text';
import { planTopology, type TfjsPlan, type TfjsRecurrentLayer } from './tfjsTopology';

/** A file chosen by the user: its name (paths in the manifest are matched by base name) and bytes. */
export interface TfjsFile {
  /** File name. */
  name: string;
  /** Its bytes. */
  bytes: Uint8Array;
}

const weightSchema = z.object({
  name: z.string().max(1000),
  shape: z.array(z.int().min(0)).max(MAX_RANK),
  dtype: z.string().max(32),
  quantization: z.unknown().optional(),
});
const modelJsonSchema = z.object({
  format: z.string().max(100).optional(),
  modelTopology: z.unknown(),
  weightsManifest: z.array(z.object({
    paths: z.array(z.string().max(1000)).min(1).max(MAX_TENSORS),
    weights: z.array(weightSchema).max(MAX_TENSORS),
  })).max(MAX_TENSORS),
});

/** A manifest weight and where its bytes start in its group's buffer. */
interface Entry extends z.infer<typeof weightSchema> { group: number; offset: number }

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const isModelJson = (v: unknown) => typeof v === 'object' && v !== null && 'weightsManifest' in v && 'modelTopology' in v;

/** The one model.json among the files, parsed. */
function findModelJson(files: readonly TfjsFile[]): { file: TfjsFile; json: unknown } {
  const names = files.map((f) => `"${f.name}"`).join(', ') || 'none';
  const jsons = files.filter((f) => detectKind(f.bytes, f.name) === 'json');
  const parse = (f: TfjsFile) => parseJsonLenient(decodeUtf8(f.bytes, `"${f.name}"`), `"${f.name}"`);
  if (jsons.length === 1) {
    const json = parse(jsons[0]);
    if (!isModelJson(json)) throw new EngineError(`"${jsons[0].name}" is not a TF.js model.json: it has no modelTopology and weightsManifest.`);
    return { file: jsons[0], json };
  }
  const found = jsons.flatMap((file) => {
    try { const json = parse(file); return isModelJson(json) ? [{ file, json }] : []; } catch { return []; }
  });
  if (found.length === 0) throw new EngineError(`None of the chosen files (${names}) is a TF.js model.json with modelTopology and weightsManifest.`);
  if (found.length > 1) throw new EngineError(`Several TF.js model.json files were chosen (${found.map((f) => `"${f.file.name}"`).join(', ')}): choose one model at a time.`);
  return found[0];
}

/** The manifest's weights with their groups and byte offsets, refusing anything but plain float32. */
function manifestEntries(manifest: z.infer<typeof modelJsonSchema>['weightsManifest']): Entry[] {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  manifest.forEach((g, group) => {
    let offset = 0;
    for (const w of g.weights) {
      if (w.quantization !== undefined) throw new EngineError(`Weight "${w.name}" is quantized: rnn-unfold reads float32 weights only (convert the model without quantization).`);
      if (w.dtype !== 'float32') throw new EngineError(`Weight "${w.name}" has dtype ${w.dtype}: rnn-unfold reads float32 weights only.`);
      if (seen.has(w.name)) throw new EngineError(`The weights manifest lists "${w.name}" twice.`);
      seen.add(w.name);
      checkElementCount([w]);
      entries.push({ ...w, group, offset });
      offset += 4 * shapeSize(w.shape);
    }
  });
  if (entries.length > MAX_TENSORS) throw new EngineError(`The weights manifest lists ${entries.length} weights, more than the limit of ${MAX_TENSORS}.`);
  checkElementCount(entries);
  return entries;
}

/** Each group's files concatenated, checked to hold exactly its weights' bytes. */
function groupBuffers(manifest: z.infer<typeof modelJsonSchema>['weightsManifest'], entries: readonly Entry[], files: readonly TfjsFile[]): DataView[] {
  const byName = new Map<string, TfjsFile>();
  for (const f of files) if (!byName.has(baseName(f.name))) byName.set(baseName(f.name), f);
  return manifest.map((g, group) => {
    const parts = g.paths.map((path) => {
      const f = byName.get(baseName(path));
      if (!f) throw new EngineError(`model.json names the weight file "${path}", which is not among the chosen files (${files.map((x) => `"${x.name}"`).join(', ')}): choose model.json together with all its .bin files.`);
      return f.bytes;
    });
    const need = entries.filter((e) => e.group === group).reduce((n, e) => n + 4 * shapeSize(e.shape), 0);
    const have = parts.reduce((n, p) => n + p.length, 0);
    const which = g.paths.map((p) => `"${p}"`).join(', ');
    if (have < need) throw new EngineError(`The weight file${parts.length > 1 ? 's' : ''} ${which} hold${parts.length > 1 ? '' : 's'} ${have} bytes, but the manifest's weights need ${need} (float32): a file is truncated or belongs to another model.`);
    if (have > need) throw new EngineError(`The weight file${parts.length > 1 ? 's' : ''} ${which} hold${parts.length > 1 ? '' : 's'} ${have} bytes, ${have - need} more than the manifest's weights need (${need}): a file belongs to another model.`);
    const buf = new Uint8Array(have);
    let at = 0;
    for (const p of parts) { buf.set(p, at); at += p.length; }
    return new DataView(buf.buffer);
  });
}

/** A source reading e's float32 values from its group's buffer (filled in later), engine value i from file index `from(i)`. */
function source(name: string, shape: number[], e: Entry, views: readonly DataView[], from: (i: number) => number): SourceTensor {
  return {
    name, shape,
    read(dst: Arr) {
      const view = views[e.group];
      for (let i = 0; i < dst.length; i++) {
        const s = from(i);
        const v = view.getFloat32(e.offset + 4 * s, true);
        if (!Number.isFinite(v)) throw new EngineError(`Weight "${e.name}" holds ${v} at index ${indexAt(s, e.shape)}: every number must be finite.`);
        dst[i] = v;
      }
    },
  };
}

/** PyTorch gate block b is Keras block PERM[cell][b]. */
const PERM = { rnn: [0], lstm: [0, 1, 2, 3], gru: [1, 0, 2] } as const;

/** Matches the manifest's weights to the plan's layers, checks their shapes, and makes the engine's sources. */
function sourcesOf(plan: TfjsPlan, entries: readonly Entry[], views: readonly DataView[], config: ModelConfig): Map<string, SourceTensor> {
  const used = new Set<string>();
  const sources = new Map<string, SourceTensor>();
  const { hiddenSize: H } = config;
  const take = (layer: string, className: string, roles: Record<string, number[]>): Record<string, Entry> => {
    const found: Record<string, Entry> = {};
    for (const e of entries) {
      const parts = e.name.split('/');
      if (!parts.slice(0, -1).includes(layer)) continue;
      const role = parts.at(-1)!.replace(/:\d+$/, '');
      const what = `Weight "${e.name}" of layer "${layer}" (${className})`;
      if (!Object.hasOwn(roles, role)) throw new EngineError(`${what} is not one rnn-unfold reads (expected ${Object.keys(roles).join(', ')}).`);
      if (found[role]) throw new EngineError(`Layer "${layer}" (${className}) has two "${role}" weights: "${found[role].name}" and "${e.name}".`);
      const want = roles[role];
      if (e.shape.length !== want.length || e.shape.some((d, k) => d !== want[k])) throw new EngineError(`${what} has shape ${formatShape(e.shape)}; this model needs ${formatShape(want)}.`);
      found[role] = e;
      used.add(e.name);
    }
    for (const role of Object.keys(roles)) if (!found[role]) throw new EngineError(`Layer "${layer}" (${className}) has no weight ".../${role}" in the weights manifest.`);
    return found;
  };
  if (plan.embedding) {
    const { embeddings: e } = take(plan.embedding.name, 'Embedding', { embeddings: [config.embeddingSize, config.inputSize] });
    sources.set('embedding.weight', source('embedding.weight', e.shape, e, views, (i) => i));
  }
  plan.layers.forEach((layer: TfjsRecurrentLayer, l) => {
    const G = PERM[layer.cell].length, GH = G * H, D = l === 0 ? config.inputSize : H;
    const roles: Record<string, number[]> = { kernel: [D, GH], recurrent_kernel: [H, GH] };
    if (layer.useBias) roles.bias = layer.resetAfter ? [2, GH] : [GH];
    const w = take(layer.name, layer.className, roles);
    // Keras [R, G·H] → PyTorch [G·H, R]: engine row b·H + j, column k is Keras row k, column PERM[b]·H + j.
    const transposed = (name: string, e: Entry, R: number) => source(name, [GH, R], e, views, (i) => {
      const row = Math.floor(i / R), k = i % R;
      return k * GH + PERM[layer.cell][Math.floor(row / H)] * H + (row % H);
    });
    const bias = (name: string, e: Entry, from: number) => source(name, [GH], e, views, (i) => from + PERM[layer.cell][Math.floor(i / H)] * H + (i % H));
    sources.set(`rnn.weight_ih_l${l}`, transposed(`rnn.weight_ih_l${l}`, w.kernel, D));
    sources.set(`rnn.weight_hh_l${l}`, transposed(`rnn.weight_hh_l${l}`, w.recurrent_kernel, H));
    if (!config.bias) return;
    const zero: SourceTensor = { name: `rnn.bias_hh_l${l}`, shape: [GH], read: (dst) => dst.fill(0) };
    if (!w.bias) { sources.set(`rnn.bias_ih_l${l}`, { ...zero, name: `rnn.bias_ih_l${l}` }); sources.set(`rnn.bias_hh_l${l}`, zero); return; }
    sources.set(`rnn.bias_ih_l${l}`, bias(`rnn.bias_ih_l${l}`, w.bias, 0));
    sources.set(`rnn.bias_hh_l${l}`, layer.resetAfter ? bias(`rnn.bias_hh_l${l}`, w.bias, GH) : zero);
  });
  if (plan.dense) {
    const O = config.outputSize;
    const w = take(plan.dense.name, 'Dense', plan.dense.useBias ? { kernel: [H, O], bias: [O] } : { kernel: [H, O] });
    sources.set('out.weight', source('out.weight', [O, H], w.kernel, views, (i) => (i % H) * O + Math.floor(i / H)));
    sources.set('out.bias', w.bias ? source('out.bias', [O], w.bias, views, (i) => i) : { name: 'out.bias', shape: [O], read: (dst) => dst.fill(0) });
  }
  const extra = entries.find((e) => !used.has(e.name));
  if (extra) throw new EngineError(`Weight "${extra.name}" of the weights manifest belongs to no layer rnn-unfold reads.`);
  return sources;
}

/** The input size D: the Embedding's width, or the rows of the first recurrent layer's kernel. */
function inputSizeOf(plan: TfjsPlan, entries: readonly Entry[]): number {
  if (plan.embedding) return plan.embedding.outputDim;
  const name = plan.layers[0].name;
  const kernel = entries.find((e) => e.name.split('/').slice(0, -1).includes(name) && /^kernel(:\d+)?$/.test(e.name.split('/').at(-1)!));
  if (!kernel) throw new EngineError(`Layer "${name}" (${plan.layers[0].className}) has no weight ".../kernel" in the weights manifest.`);
  if (kernel.shape.length !== 2) throw new EngineError(`Weight "${kernel.name}" has shape ${formatShape(kernel.shape)}: a kernel is [input size, gates × units].`);
  return kernel.shape[0];
}

/**
 * Reads a TF.js layers model: model.json and its .bin weight files, chosen together (paths are matched by base name).
 * @throws EngineError naming the layer, weight or file at fault.
 * @example const { model, warnings } = importTfjsModel([{ name: 'model.json', bytes: json }, { name: 'weights.bin', bytes: bin }]);
 */
export function importTfjsModel(files: readonly TfjsFile[], options: ImportOptions = {}): ImportedModel {
  const { file, json } = findModelJson(files);
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) throw new EngineError(zodMessage(parsed.error, `"${file.name}"`));
  const { format, modelTopology, weightsManifest } = parsed.data;
  if (format === 'graph-model') throw new EngineError('This is a TF.js graph model (from a SavedModel or a frozen graph): rnn-unfold reads TF.js layers models, saved from tf.sequential or Keras.');
  const plan = planTopology(modelTopology);
  const entries = manifestEntries(weightsManifest);
  const first = plan.layers[0];
  const config: ModelConfig = {
    cell: first.cell, inputSize: inputSizeOf(plan, entries), hiddenSize: first.units, numLayers: plan.layers.length,
    nonlinearity: plan.nonlinearity, gruResetAfter: first.resetAfter, bias: plan.layers.some((l) => l.useBias),
    embeddingSize: plan.embedding?.inputDim ?? 0, outputSize: plan.dense?.units ?? 0, outputActivation: plan.dense?.activation ?? 'identity',
  };
  validateConfig(config);
  // Every shape is checked against the layers before the weight files are looked at; the sources read later.
  const views: DataView[] = [];
  const sources = sourcesOf(plan, entries, views, config);
  views.push(...groupBuffers(weightsManifest, entries, files));
  const model = assembleModel({ config, vocabulary: [], names: {}, sources, dtype: options.dtype ?? 'float32' });
  const warnings = [...plan.warnings];
  if (config.embeddingSize > 0) warnings.push(`The file has no vocabulary: inputs are token ids 0 to ${config.embeddingSize - 1} until a vocabulary file is loaded.`);
  const c = model.config;
  if (options.nonlinearity) c.nonlinearity = options.nonlinearity;
  if (options.outputActivation) c.outputActivation = options.outputActivation;
  if (options.gruResetAfter !== undefined) c.gruResetAfter = options.gruResetAfter;
  validateConfig(c);
  const names = Object.fromEntries(paramShapes(c).map(({ name }) => [name, name]));
  return { model, names, warnings, format: 'tfjs', meta: {} };
}
