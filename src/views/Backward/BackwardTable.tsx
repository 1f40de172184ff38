/** The numbers of the backward pass by step, as a table (the text alternative of the chart and of the edges). */
import { useState } from 'react';
import type { BackwardTrace } from '../../store/slices/backwardSlice';
import { formatMagnitude } from '../../viz/format';
import { symbolOf, type SymbolSet } from '../../viz/notation';
import { showToken } from '../shared';
import { backwardColumn } from './readouts';

/** A disclosure holding one row per step; rendered only while open (inputs run to 2000 steps). */
export function BackwardTable({ bw, t, symbols }: { bw: BackwardTrace; t: number; symbols: SymbolSet }) {
  const [open, setOpen] = useState(false);
  const sym = (r: 'input' | 'recurrent' | 'output') => symbolOf(r, symbols);
  return (
    <details className="backward-numbers" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Numbers by step</summary>
      {open && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Backward numbers, scrolls">
          <table aria-label="Backward pass by step">
            <thead><tr>
              <th scope="col">t</th><th scope="col">target</th><th scope="col">‖∂L/∂o_t‖</th><th scope="col">‖∂L/∂h_t‖</th>
              <th scope="col">‖J_t‖₂</th><th scope="col">{`‖Δ${sym('input')}_t‖`}</th><th scope="col">{`‖Δ${sym('recurrent')}_t‖`}</th>
              <th scope="col">{`‖Δ${sym('output')}_t‖`}</th>
            </tr></thead>
            <tbody>
              {Array.from({ length: bw.T }, (_, i) => {
                const c = backwardColumn(bw, i + 1);
                return (
                  <tr key={i} className={i + 1 === t ? 'current' : undefined} aria-current={i + 1 === t ? 'step' : undefined}>
                    <th scope="row">{i + 1}</th><td>{c.target === null ? '—' : showToken(c.target)}</td>
                    <td>{formatMagnitude(c.dOut)}</td><td data-term="dh-norm">{formatMagnitude(c.dh)}</td><td>{formatMagnitude(c.jacobian)}</td>
                    <td>{formatMagnitude(c.piece.input)}</td><td>{formatMagnitude(c.piece.recurrent)}</td><td>{formatMagnitude(c.piece.output)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
