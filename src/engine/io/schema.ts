/**
 * zod schemas of the native model format (see docs/model-format.md). The header schema, everything except
 * `parameters`, is also what a safetensors file carries in its metadata.
 */
import { z } from './zod';
import { MAX_LAYERS } from '../init';
import { MAX_NAME_LENGTH, MAX_RANK, MAX_TENSORS, MAX_TEXT_FIELD, MAX_TOKEN_LENGTH, MAX_VOCABULARY } from './limits';

/** The `format` value of a native model file. */
export const NATIVE_FORMAT = 'rnn-unfold-model';

/** The `formatVersion` this code writes and the newest it reads. */
export const NATIVE_FORMAT_VERSION = 1;

/** A ModelConfig, with the same bounds as validateConfig. */
export const configSchema = z.strictObject({
  cell: z.enum(['rnn', 'lstm', 'gru']),
  inputSize: z.int().min(1).max(65536),
  hiddenSize: z.int().min(1).max(4096),
  numLayers: z.int().min(1).max(MAX_LAYERS),
  nonlinearity: z.enum(['tanh', 'relu', 'sigmoid', 'identity']),
  gruResetAfter: z.boolean(),
  bias: z.boolean(),
  embeddingSize: z.int().min(0).max(1 << 20),
  outputSize: z.int().min(0).max(1 << 20),
  outputActivation: z.enum(['softmax', 'sigmoid', 'tanh', 'identity']),
});

/** A vocabulary: token strings; uniqueness and length against the config are checked in vocabulary.ts. */
export const vocabularySchema = z.array(z.string().min(1).max(MAX_TOKEN_LENGTH)).max(MAX_VOCABULARY);

/** Everything of a native file but its parameters. */
export const nativeHeaderSchema = z.strictObject({
  format: z.literal(NATIVE_FORMAT),
  formatVersion: z.literal(NATIVE_FORMAT_VERSION),
  appVersion: z.string().max(MAX_TEXT_FIELD),
  config: configSchema,
  vocabulary: vocabularySchema,
  seed: z.number().optional(),
  init: z.enum(['pytorch', 'xavier', 'orthogonal']).optional(),
});

/** One parameter of a native file; its numbers are checked one by one when read, to name a bad index. */
export const nativeTensorSchema = z.strictObject({
  shape: z.array(z.int().min(0)).max(MAX_RANK),
  data: z.array(z.unknown()),
});

/** A whole native file. */
export const nativeSchema = nativeHeaderSchema.extend({
  parameters: z.record(z.string().max(MAX_NAME_LENGTH), nativeTensorSchema).refine((r) => Object.keys(r).length <= MAX_TENSORS, `at most ${MAX_TENSORS} parameters`),
});

/** The parsed header of a native file. */
export type NativeHeader = z.infer<typeof nativeHeaderSchema>;
