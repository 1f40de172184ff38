/** Visual constants shared by every view: sizes readable on a projector, colours with enough contrast. */
export const theme = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  mono: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
  fontSize: 15,
  smallFontSize: 13,
  ink: '#1b1f24',
  muted: '#57606a',
  ghost: '#c9d1d9',
  accent: '#0b63c4',
  current: '#b35900',
  edge: '#57606a',
  nodeFill: '#ffffff',
  panel: '#f6f8fa',
  highlight: '#ffb000',
  stroke: 1.5,
  currentStroke: 3,
} as const;
