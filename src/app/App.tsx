/** Page layout: controls on top, the folded and unrolled views side by side, heatmaps and formula below. */
import { useCallback, useEffect, useState } from 'react';
import type { AppStore } from '../store/createAppStore';
import { AppStoreContext } from '../store/useAppStore';
import { InitialState, InputEditor, KeyboardHelp, LayerPicker, ModelPanel, NotationSwitch, StepControls } from '../views/Controls';
import { MlpComparison } from '../views/MlpComparison';
import { ModelFiles } from '../views/ModelFiles';
import { FoldedCell } from '../views/FoldedCell';
import { FormulaPanel } from '../views/FormulaPanel';
import { HiddenHeatmap } from '../views/HiddenHeatmap';
import { StatusLine } from '../views/StatusLine';
import { UnrolledGraph } from '../views/UnrolledGraph';
import { BackwardPanel } from '../views/Backward';
import { GradientLab } from '../views/GradientLab';
import { TrainingPanel } from '../views/Training';
import { WeightsPanel } from '../views/WeightsPanel';
import { useKeyboard } from './useKeyboard';

/** The whole app over a store. */
export function App({ store }: { store: AppStore }) {
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  useKeyboard(store, openHelp);
  useEffect(() => {
    if (!store.getState().model) void store.getState().rebuildModel();
    return () => store.getState().pause();
  }, [store]);
  return (
    <AppStoreContext.Provider value={store}>
      <header className="app-header">
        <h1>rnn-unfold</h1>
        <p className="tagline">Watch a recurrent network read a sequence, one step at a time.</p>
        <button type="button" className="help-button" onClick={openHelp}>Keyboard shortcuts</button>
      </header>
      <main>
        <section className="controls" aria-label="Controls">
          <InputEditor />
          <StepControls />
          <LayerPicker />
          <StatusLine />
        </section>
        <div className="views-row">
          <section className="panel" aria-labelledby="folded-title">
            <h2 id="folded-title">Recurrent neuron</h2>
            <FoldedCell />
          </section>
          <section className="panel grow" aria-labelledby="unrolled-title">
            <h2 id="unrolled-title">Unrolled over time</h2>
            <UnrolledGraph />
            <InitialState />
            <MlpComparison />
          </section>
        </div>
        <div className="views-row">
          <section className="panel grow" aria-labelledby="heatmap-title">
            <h2 id="heatmap-title">Hidden state over time</h2>
            <HiddenHeatmap />
          </section>
          <section className="panel formula-panel" aria-labelledby="formula-title">
            <h2 id="formula-title" className="visually-hidden">Formula</h2>
            <FormulaPanel />
          </section>
        </div>
        <section className="panel" aria-labelledby="training-title">
          <h2 id="training-title">Training</h2>
          <TrainingPanel />
        </section>
        <section className="panel" aria-labelledby="backward-title">
          <h2 id="backward-title">Backpropagation through time</h2>
          <BackwardPanel />
        </section>
        <section className="panel" aria-labelledby="lab-title">
          <h2 id="lab-title">Vanishing and exploding gradients</h2>
          <GradientLab />
        </section>
        <section className="panel" aria-labelledby="weights-title">
          <h2 id="weights-title">Weights (shared by every step)</h2>
          <WeightsPanel />
        </section>
        <section className="settings-row" aria-label="Settings">
          <ModelPanel />
          <ModelFiles />
          <NotationSwitch />
        </section>
      </main>
      <KeyboardHelp open={help} onClose={closeHelp} />
    </AppStoreContext.Provider>
  );
}
