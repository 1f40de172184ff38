/** The view slice: selection, layer, notation and hover, shared by every view. */
import type { AppData, AppState } from '../types';
import type { SliceArgs } from './sliceArgs';

/** Initial view data. */
export function initialViewData(): Pick<AppData, 'selectedUnit' | 'layer' | 'notation' | 'hoveredRole' | 'hiddenPanels' | 'linkNote' | 'saveNote' | 'theme' | 'projector'> {
  return { selectedUnit: 0, layer: 0, notation: { symbols: 'textbook', form: 'column' }, hoveredRole: null, hiddenPanels: [], linkNote: null, saveNote: null, theme: 'light', projector: false };
}

/** View actions. */
export function createViewSlice([set, get]: SliceArgs): Pick<AppState, 'selectUnit' | 'setLayer' | 'setNotation' | 'hoverRole' | 'setPanelHidden' | 'setTheme' | 'setProjector'> {
  return {
    selectUnit(j) {
      const H = get().model?.config.hiddenSize ?? 1;
      set({ selectedUnit: Math.max(0, Math.min(H - 1, Math.round(Number.isFinite(j) ? j : 0))) });
    },
    setLayer(l) {
      const L = get().model?.config.numLayers ?? 1;
      set({ layer: Math.max(0, Math.min(L - 1, l)) });
    },
    setNotation(patch) { set({ notation: { ...get().notation, ...patch } }); },
    // Leaving a hovered matrix comes back to the one an open lesson page lights up.
    hoverRole(role) { set({ hoveredRole: role ?? get().lessonRole }); },
    setTheme(theme) { set({ theme }); },
    setProjector(on) {
      // A projector shows the three views and the formula; the teacher can bring any panel back under Panels.
      const secondary = ['weights', 'debug', 'training', 'backward', 'lab'];
      const rest = get().hiddenPanels.filter((p) => !secondary.includes(p));
      set({ projector: on, hiddenPanels: on ? [...rest, ...secondary] : rest });
    },
    setPanelHidden(panel, hidden) {
      const rest = get().hiddenPanels.filter((p) => p !== panel);
      set({ hiddenPanels: hidden ? [...rest, panel] : rest });
    },
  };
}
