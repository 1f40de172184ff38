/** The panels a link may hide (TensorFlow Playground style hide flags), in a module of its own: no validator needed. */

/** Panels a link may hide, by the id the link's `hide=` uses. */
export const HIDEABLE = ['folded', 'unrolled', 'heatmap', 'formula', 'weights', 'debug', 'training', 'backward', 'lab', 'files', 'model', 'notation'] as const;
