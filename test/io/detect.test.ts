import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { exportNative, importModel, PYTORCH_FILE_MESSAGE } from '../../src/engine/io';
import { detectKind } from '../../src/engine/io/detect';
import { buildSafetensors, bytes, f32, model } from './helpers';

const SAVE_LINES = ['from safetensors.torch import save_file', 'save_file(model.state_dict(), "model.safetensors")'];

describe('importModel(bytes, fileName): format detection', () => {
  it('refuses a zip-format .pt file with the two lines that save safetensors', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00]);
    expect(() => importModel(zip, 'model.pt')).toThrow(EngineError);
    expect(() => importModel(zip, 'model.pt')).toThrow(PYTORCH_FILE_MESSAGE);
    for (const line of SAVE_LINES) expect(PYTORCH_FILE_MESSAGE.split('\n')).toContain(line);
  });

  it('refuses a legacy pickle .pth file whatever its name', () => {
    // torch.save before 1.6: pickle protocol 2, then the magic number as a LONG1.
    const pickle = new Uint8Array([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]);
    expect(() => importModel(pickle, 'weights.bin')).toThrow(/This is a PyTorch checkpoint/);
    const proto4 = new Uint8Array([0x80, 0x04, 0x95, 0x10, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
    expect(() => importModel(proto4, 'model.pth')).toThrow(/This is a PyTorch checkpoint/);
  });

  it('reads a safetensors file whose header length starts like a pickle (640 = 0x0280)', () => {
    const tensors = [{ name: 'weight_ih_l0', dtype: 'F32', shape: [1, 1], data: f32(1) }, { name: 'weight_hh_l0', dtype: 'F32', shape: [1, 1], data: f32(2) }];
    const probe = buildSafetensors(tensors, { pad: '' });
    const n = new DataView(probe.buffer).getUint32(0, true);
    const file = buildSafetensors(tensors, { pad: 'x'.repeat(640 - n) });
    expect([file[0], file[1]]).toEqual([0x80, 0x02]);
    expect(detectKind(file, 'model.pt')).toBe('safetensors');
    expect(importModel(file, 'model.pt').model.params.layers[0].weightHh[0]).toBe(2);
  });

  it('tells by content, not by name: JSON named .safetensors is read as JSON', () => {
    expect(detectKind(bytes(' \n{"a": 1}'), 'x.safetensors')).toBe('json');
    expect(importModel(bytes(exportNative(model())), 'model.safetensors').format).toBe('native');
  });

  it('refuses anything else with the list of formats', () => {
    expect(() => importModel(bytes('hello'), 'notes.txt')).toThrow('"notes.txt" is not a model file rnn-unfold reads: expected rnn-unfold model JSON, PyTorch state_dict JSON or safetensors.');
    expect(() => importModel(new Uint8Array(0), 'empty')).toThrow(/is not a model file/);
  });
});
