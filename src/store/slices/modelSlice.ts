/** The model slice: settings, the trained model, and rebuilding it in the worker. */
import type { EnginePort } from '../port';
import type { AppData, AppState } from '../types';
import { messageOf, type SliceArgs } from './sliceArgs';

/** Initial model data. */
export function initialModelData(): Pick<AppData, 'settings' | 'model' | 'corpus' | 'trainLoss' | 'busy' | 'error'> {
  return {
    settings: { cell: 'rnn', hiddenSize: 8, numLayers: 1, nonlinearity: 'tanh', outputActivation: 'softmax', seed: 1 },
    model: null, corpus: 'hello world', trainLoss: null, busy: 'idle', error: null,
  };
}

/** Model actions. */
export function createModelSlice(engine: EnginePort, [set, get]: SliceArgs): Pick<AppState, 'rebuildModel' | 'setSettings'> {
  return {
    async rebuildModel() {
      const { settings, corpus } = get();
      get().pause();
      set({ busy: 'training' });
      try {
        const built = await engine.buildModel(settings, corpus);
        if (!built) return;
        set({
          model: built.model, trainLoss: built.loss, busy: 'idle', error: null,
          layer: built.model.config.numLayers - 1,
          selectedUnit: Math.min(get().selectedUnit, built.model.config.hiddenSize - 1),
        });
        await get().retrace();
      } catch (e) {
        set({ error: messageOf(e), busy: 'idle' });
      }
    },
    async setSettings(patch) {
      set({ settings: { ...get().settings, ...patch } });
      await get().rebuildModel();
    },
  };
}
