import { describe, expect, it } from 'vitest';
import { sampleOf } from '../../src/engine/sampleOf';
import { unroll } from '../../src/engine/unroll';
import { model64, randomBatch } from './helpers';

describe('sampleOf(trace, b)', () => {
  it('equals the trace of that sample run alone, for every cell kind and ragged lengths', () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const m = model64({ cell, numLayers: 2 });
      const { batch } = randomBatch(m, 3, 5, 4, { lengths: [5, 2, 4] });
      const full = unroll(m, batch);
      const b = 2, len = 4, D = m.config.inputSize, H = m.config.hiddenSize, n = 3, T = 5;
      const alone = unroll(m, {
        n: 1, T: len, x: batch.x!.slice(b * T * D, (b * T + len) * D), tokens: null, lengths: null,
        h0: Float64Array.from([0, 1].flatMap((l) => Array.from(batch.h0!.subarray((l * n + b) * H, (l * n + b + 1) * H)))),
        c0: batch.c0 && Float64Array.from([0, 1].flatMap((l) => Array.from(batch.c0!.subarray((l * n + b) * H, (l * n + b + 1) * H)))),
      });
      const s = sampleOf(full, b);
      expect(s.T).toBe(len);
      for (let l = 0; l < 2; l++) {
        expect(Array.from(s.layers[l].h)).toEqual(Array.from(alone.layers[l].h));
        expect(Array.from(s.layers[l].act)).toEqual(Array.from(alone.layers[l].act));
        expect(Array.from(s.layers[l].hLast)).toEqual(Array.from(alone.layers[l].hLast));
      }
      expect(Array.from(s.y!)).toEqual(Array.from(alone.y!));
    }
  });
});
