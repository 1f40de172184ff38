/** Number formats shared by the views, with no D3 behind them (the page's first chunk imports them). */

/** A magnitude written short: 3 significant digits between 0.001 and 1000, else 2.3e-5; 0 as 0. */
export function formatMagnitude(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e3) return String(Number(v.toPrecision(3)));
  return v.toExponential(1).replace('e+', 'e');
}
