/**
 * "Find units like this": the user picks a range of steps where the selected unit is high; the other units are
 * ranked by Pearson's correlation of their trace with the selected unit's over the whole sequence, or with the
 * range's pattern (1 inside, 0 outside). The table gives r and each unit's mean inside and outside the range.
 */
import { useState } from 'react';
import type { RankBy } from '../../engine/similarity';
import { useAppStore } from '../../store/useAppStore';

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** The range fields, the button and the ranking. */
export function SimilarUnits() {
  const unit = useAppStore((s) => s.selectedUnit);
  const T = useAppStore((s) => s.tokens.length);
  const similar = useAppStore((s) => s.similar);
  const find = useAppStore((s) => s.findSimilarUnits);
  const selectUnit = useAppStore((s) => s.selectUnit);
  const [from, setFrom] = useState('1');
  const [to, setTo] = useState('3');
  const [by, setBy] = useState<RankBy>('trace');
  const a = Number(from), b = Number(to);
  const valid = Number.isInteger(a) && Number.isInteger(b) && a >= 1 && b >= a && b <= T;
  return (
    <fieldset className="debug-similar">
      <legend>Find units like this</legend>
      <div className="debug-row">
        <label>From step{' '}
          <input type="number" min={1} max={T} step={1} value={from} onChange={(e) => setFrom(e.currentTarget.value)} aria-invalid={!valid} />
        </label>
        <label>To step{' '}
          <input type="number" min={1} max={T} step={1} value={to} onChange={(e) => setTo(e.currentTarget.value)} aria-invalid={!valid} />
        </label>
        <label>Rank by{' '}
          <select value={by} onChange={(e) => setBy(e.currentTarget.value as RankBy)}>
            <option value="trace">{`correlation with h${unit + 1} over the whole sequence`}</option>
            <option value="pattern">correlation with the range (1 inside, 0 outside)</option>
          </select>
        </label>
        <button type="button" disabled={!valid} onClick={() => void find(a, b, by)}>{`Find units like h${unit + 1}`}</button>
      </div>
      {!valid && <span className="note">{`Give whole steps with 1 ≤ From ≤ To ≤ ${T}.`}</span>}
      {similar && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Similar units, scrolls">
          <table className="debug-table" aria-label={`Units like h${similar.unit + 1}`}>
            <caption>
              {similar.by === 'trace'
                ? `Ranked by Pearson's r with h${similar.unit + 1}'s trace over all steps (layer ${similar.layer + 1}); the range t = ${similar.from}..${similar.to} gives the means.`
                : `Ranked by Pearson's r with the pattern "high at t = ${similar.from}..${similar.to}, low elsewhere" (layer ${similar.layer + 1}).`}
            </caption>
            <thead>
              <tr><th scope="col">rank</th><th scope="col">unit</th><th scope="col">r</th><th scope="col">mean in range</th><th scope="col">mean outside</th></tr>
            </thead>
            <tbody>
              {similar.matches.map((m, k) => (
                <tr key={m.unit}>
                  <td>{k + 1}</td>
                  <th scope="row"><button type="button" className="debug-link" onClick={() => selectUnit(m.unit)} aria-label={`Select unit h${m.unit + 1}`}>{`h${m.unit + 1}`}</button></th>
                  <td>{fmt(m.r)}</td><td>{fmt(m.meanIn)}</td><td>{fmt(m.meanOut)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </fieldset>
  );
}
