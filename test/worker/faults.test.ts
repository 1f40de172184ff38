import { describe, expect, it } from 'vitest';
import { describeFault } from '../../src/engine/faults';
import { initModel } from '../../src/engine/init';
import { namedParams } from '../../src/engine/named';
import { createEngineApi } from '../../src/worker/api';
import { helloWorldTraining } from './helpers';

describe('createEngineApi().train(req): numerical faults', () => {
  it('names the overflowed weight that made the loss non-finite (float32, lr 1e300)', async () => {
    const req = helloWorldTraining({ steps: 10, optimizer: { kind: 'sgd', lr: 1e300 } });
    const model = initModel(req.model.config, { seed: 3, dtype: 'float32', vocabulary: req.model.vocabulary });
    const reply = await createEngineApi().train({ ...req, model });
    expect(reply.diverged).toBe(true);
    // The first update writes 1e300-scaled weights, which float32 stores as ±Infinity: the second step's loss is not
    // finite, and the weight is what is named.
    expect(reply.steps).toBe(2);
    expect(reply.fault!.step).toBeNull();
    const named = namedParams(reply.model).find((p) => p.name === reply.fault!.quantity)!;
    expect(Number.isFinite(named.data[reply.fault!.unit! - 1])).toBe(false);
    expect(describeFault(reply.fault!)).toMatch(/^entry \d+ of [\w.]+ is (NaN|Infinity|−Infinity)$/);
  });

  it('names the loss when the weights are finite and the loss is not', async () => {
    const req = helloWorldTraining({ steps: 3 });
    // A finite model whose output bias is huge: softmax of ±1e308-sized logits overflows the log-sum-exp to NaN/∞.
    const model = structuredClone(req.model);
    model.params.outBias![0] = 1e308;
    model.params.outBias![1] = -1e308;
    model.params.outWeight!.fill(1e308);
    const reply = await createEngineApi().train({ ...req, model });
    expect(reply.diverged).toBe(true);
    expect(reply.steps).toBe(1);
    expect(describeFault(reply.fault!)).toMatch(/^the loss is (NaN|Infinity)$/);
    // The update of the diverged step is not applied: the model is the one sent.
    expect(reply.model.params.outBias![0]).toBe(1e308);
  });

  it('reports no fault for a run that stays finite', async () => {
    const reply = await createEngineApi().train(helloWorldTraining({ steps: 5 }));
    expect(reply.diverged).toBe(false);
    expect(reply.fault).toBeNull();
  });
});
