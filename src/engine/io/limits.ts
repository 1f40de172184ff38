/**
 * Size limits of model files. A file is measured against them before anything it claims is allocated, so a
 * hostile or corrupt header costs no more memory than the file itself.
 */

/** Most numbers all the tensors of one model may hold together (200 MB in float32). */
export const MAX_TOTAL_ELEMENTS = 50_000_000;

/** Largest safetensors JSON header, in bytes (the reference implementation's own limit). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** Most dimensions a tensor may have in a file (model parameters have one or two). */
export const MAX_RANK = 8;

/** Most tensors a file may name. */
export const MAX_TENSORS = 10_000;

/** Most tokens in a vocabulary (the engine's largest embedding). */
export const MAX_VOCABULARY = 1 << 20;

/** Longest token, in UTF-16 units. */
export const MAX_TOKEN_LENGTH = 64;

/** Longest free-text field (appVersion), in characters. */
export const MAX_TEXT_FIELD = 100;

/** Longest tensor name, in UTF-16 units (messages quote names; real ones are a few dozen characters). */
export const MAX_NAME_LENGTH = 1000;
