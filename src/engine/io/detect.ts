/**
 * Telling model files apart by their first bytes, whatever their names:
 *  - JSON text (first non-blank character `{`): native when its `format` is "rnn-unfold-model", else a state_dict;
 *  - a zip archive (`PK\x03\x04`, torch.save since PyTorch 1.6) or a pickle stream (`\x80` and a protocol
 *    number 2–5, older torch.save): a PyTorch checkpoint, refused;
 *  - safetensors: an 8-byte header length below 2^32 followed by `{`; the name `*.safetensors` also selects
 *    it, so that a broken header gets a message about its header.
 * The pickle test comes after the safetensors one: a header of 640 bytes also starts with \x80\x02.
 */
import { EngineError } from '../errors';

/** A file kind told by content. */
export type FileKind = 'json' | 'safetensors' | 'pytorch' | 'unknown';

/** The refusal of a PyTorch checkpoint, with the two lines that save its state_dict as safetensors. */
export const PYTORCH_FILE_MESSAGE =
  'This is a PyTorch checkpoint (.pt/.pth: a zip or pickle archive), which can run code when it is loaded, so rnn-unfold does not open it. Save the state_dict as safetensors with these two lines of PyTorch and open that file instead:\n' +
  'from safetensors.torch import save_file\n' +
  'save_file(model.state_dict(), "model.safetensors")';

/** The kind of a file from its bytes (and, for safetensors only, its name). */
export function detectKind(bytes: Uint8Array, fileName: string): FileKind {
  let i = 0;
  // Skip a UTF-8 byte-order mark and leading whitespace before looking for JSON.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'json';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'pytorch';
  const smallLength = bytes.length >= 9 && bytes[4] === 0 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0;
  if ((smallLength && bytes[8] === 0x7b) || /\.safetensors$/i.test(fileName)) return 'safetensors';
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return 'pytorch';
  if (smallLength) return 'safetensors';
  return 'unknown';
}

/** Throws the refusal of a file that is none of the formats read. */
export function refuseKind(kind: 'pytorch' | 'unknown', fileName: string): never {
  if (kind === 'pytorch') throw new EngineError(PYTORCH_FILE_MESSAGE);
  throw new EngineError(`"${fileName}" is not a model file rnn-unfold reads: expected rnn-unfold model JSON, PyTorch state_dict JSON or safetensors.`);
}
