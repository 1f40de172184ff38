/**
 * Page layout: the lessons and controls, then the views (folded neuron, unrolled network, heatmaps, formula) in a grid
 * that puts them side by side as the width allows, then the other panels. With a lesson open on a wide enough screen
 * the lesson and the controls become a column beside the views (app.css), so a page's text and the drawing it speaks
 * of are on screen together. The first view is in the entry chunk; the formula, the panels below and the settings
 * load after it (./panels.ts).
 */
import { useCallback, useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from '../store/createAppStore';
import { AppStoreContext, useAppStore } from '../store/useAppStore';
import { InitialState } from '../views/Controls/InitialState';
import { InputEditor } from '../views/Controls/InputEditor';
import { LayerPicker } from '../views/Controls/LayerPicker';
import { StepControls } from '../views/Controls/StepControls';
import { FoldedCell } from '../views/FoldedCell';
import { HiddenHeatmap } from '../views/HiddenHeatmap';
import { LessonPanel } from '../views/Lessons';
import { MlpComparison } from '../views/MlpComparison';
import { ShareControls } from '../views/Share';
import { StatusLine } from '../views/StatusLine';
import { UnrolledGraph } from '../views/UnrolledGraph';
import { preloadLazyPanels } from '../views/lazyPanel';
import { DeferredSlot, preloadWhenIdle } from '../views/deferred';
import { backwardPart, debugPart, formulaPart, keyboardHelpPart, labPart, settingsPart, trainingPart, weightsPart } from './panels';
import { APP_VERSION } from '../version';
import { UpdateNotice } from './UpdateNotice';
import { useKeyboard } from './useKeyboard';

/** Props of the app. */
export interface AppProps {
  /** The store the page shows. */
  store: AppStore;
  /** Build the first model on mount (tests); the real page starts from a link or a saved session instead. */
  autoStart?: boolean;
  /** Starts a new session (forgets the saved one); shown as a button when given. */
  onNewSession?: () => void;
  /** Saves the work before a reload onto a new version; the update notice is shown when given. */
  beforeUpdateReload?: () => Promise<void>;
}

/** A titled panel that a link or the Panels control can hide. */
function Panel({ id, title, className = 'panel', hideTitle = false, children }: { id: string; title: string; className?: string; hideTitle?: boolean; children: ReactNode }) {
  const hidden = useAppStore((s) => s.hiddenPanels.includes(id));
  if (hidden) return null;
  return (
    <section className={className} data-panel={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={hideTitle ? 'visually-hidden' : undefined}>{title}</h2>
      {children}
    </section>
  );
}

/** A black screen for a pause in a lecture (B); B, Escape or a click brings the page back. */
function BlankScreen({ onClose }: { onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return <button type="button" className="blank-screen" aria-label="Blank screen: press B or click to come back" onClick={onClose} />;
}

/** Moves focus to the main region without touching the address's hash (it holds the shared state). */
function skipToMain(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

/** The whole app over a store. */
export function App({ store, autoStart = true, onNewSession, beforeUpdateReload }: AppProps) {
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  const [blank, setBlank] = useState(false);
  const toggleBlank = useCallback(() => setBlank((b) => !b), []);
  useKeyboard(store, openHelp, toggleBlank);
  const lessonOpen = useStore(store, (s) => s.lesson !== null);
  // The help dialog is not on the page until asked for: fetch it early so ? opens it at once.
  // The keyboard help, and the parts views load on first use (a lesson's pages, the backward drawing), when idle.
  useEffect(() => preloadWhenIdle([keyboardHelpPart, { load: preloadLazyPanels }]), []);
  // The theme and projector mode style the whole document (CSS variables and zoom in app.css).
  useEffect(() => {
    const apply = () => {
      const { theme, projector } = store.getState();
      document.documentElement.dataset.theme = theme;
      document.documentElement.dataset.projector = projector ? 'on' : 'off';
    };
    apply();
    return store.subscribe((s, prev) => { if (s.theme !== prev.theme || s.projector !== prev.projector) apply(); });
  }, [store]);
  useEffect(() => {
    if (autoStart && !store.getState().model) void store.getState().rebuildModel();
    return () => store.getState().pause();
  }, [store, autoStart]);
  return (
    <AppStoreContext.Provider value={store}>
      {/* The first stop of the Tab key: past the header's share and help buttons to the lesson, the controls and the
          views. Focus moves by script, as the address's hash holds the link to the current state. */}
      <a className="skip-link" href="#main" onClick={skipToMain}>Skip to main content</a>
      <header className="app-header">
        <h1>rnn-unfold</h1>
        <p className="tagline">Watch a recurrent network read a sequence, one step at a time.</p>
        <ShareControls onNewSession={onNewSession} />
        <button type="button" className="help-button" onClick={openHelp}>Keyboard shortcuts</button>
        {beforeUpdateReload && <UpdateNotice beforeReload={beforeUpdateReload} />}
      </header>
      <main id="main" tabIndex={-1} className={lessonOpen ? 'with-lesson' : undefined}>
        <div className="stage">
          <div className="stage-side">
            <LessonPanel />
            <section className="controls" aria-label="Controls">
              <InputEditor />
              <StepControls />
              <LayerPicker />
              <StatusLine />
            </section>
          </div>
          <div className="stage-main">
            <div className="views">
              <Panel id="folded" title="Recurrent neuron" className="panel folded-panel"><FoldedCell /></Panel>
              <Panel id="unrolled" title="Unrolled over time" className="panel unrolled-panel">
                <UnrolledGraph />
                <div className="unrolled-extras">
                  <InitialState />
                  <MlpComparison />
                </div>
              </Panel>
              <Panel id="heatmap" title="Hidden state over time" className="panel heatmap-panel"><HiddenHeatmap /></Panel>
              <Panel id="formula" title="Formula" className="panel formula-panel" hideTitle><DeferredSlot part={formulaPart} props={{}} label="the update rule" minHeight={360} /></Panel>
            </div>
            <Panel id="debug" title="Debug the hidden state"><DeferredSlot part={debugPart} props={{}} label="the debug tools" minHeight={720} /></Panel>
            <Panel id="training" title="Training"><DeferredSlot part={trainingPart} props={{}} label="Training" minHeight={650} /></Panel>
            <Panel id="backward" title="Backpropagation through time"><DeferredSlot part={backwardPart} props={{}} label="Backpropagation through time" minHeight={130} /></Panel>
            <Panel id="lab" title="Vanishing and exploding gradients"><DeferredSlot part={labPart} props={{}} label="the gradient lab" minHeight={540} /></Panel>
            <Panel id="weights" title="Weights (shared by every step)"><DeferredSlot part={weightsPart} props={{}} label="the weights" minHeight={180} /></Panel>
          </div>
        </div>
        <section className="settings-row" aria-label="Settings">
          <DeferredSlot part={settingsPart} props={{}} label="the settings" minHeight={360} />
        </section>
      </main>
      <footer className="app-footer">
        <p>{`rnn-unfold ${APP_VERSION}. Everything runs in this browser: files you open never leave it, and after the first visit it works offline.`}</p>
      </footer>
      {help && <DeferredSlot part={keyboardHelpPart} props={{ open: help, onClose: closeHelp }} label="the keyboard shortcuts" eager />}
      {blank && <BlankScreen onClose={() => setBlank(false)} />}
    </AppStoreContext.Provider>
  );
}
