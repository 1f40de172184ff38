/** Visual constants shared by every view: sizes readable on a projector, colours with enough contrast in each theme. */
export const theme = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  mono: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
  fontSize: 15,
  smallFontSize: 13,
  // Colours are CSS variables, set per theme in app.css (light, dark, high contrast); the fallback is the light
  // theme's, which is also what an exported SVG (opened outside the page) shows.
  ink: 'var(--viz-ink, #1b1f24)',
  muted: 'var(--viz-muted, #57606a)',
  ghost: 'var(--viz-ghost, #c9d1d9)',
  accent: 'var(--viz-accent, #0b63c4)',
  current: 'var(--viz-current, #b35900)',
  edge: 'var(--viz-edge, #57606a)',
  nodeFill: 'var(--viz-paper, #ffffff)',
  /** The background of drawings and boxes inside them. */
  paper: 'var(--viz-paper, #ffffff)',
  /** Fill of the current step's boxes. */
  currentFill: 'var(--viz-current-fill, #fff4e5)',
  panel: 'var(--viz-panel, #f6f8fa)',
  highlight: 'var(--viz-highlight, #ffb000)',
  stroke: 1.5,
  currentStroke: 3,
} as const;
