/**
 * Run diff: the current run against the same model on a second input, or against a trace file (the app's trace
 * JSON or the trace command's output). Δh = other − current is drawn as a units × steps heatmap on a diverging
 * scale with its legend, and the first step where some |Δh| exceeds ε is named.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { runDiffSummary } from '../../store/slices/debugTools';
import { useAppStore } from '../../store/useAppStore';
import { divergingColor } from '../../viz/scales';
import { theme } from '../../viz/theme';
import { HeatCanvas } from '../HiddenHeatmap/HeatCanvas';
import { ColorLegend, showToken } from '../shared';

const LEFT = 52, TOP = 12, CELL_H = 18, TOKEN_H = 18;

/** The two ways to choose the other run, ε, and the Δh heatmap. */
export function RunDiff() {
  const { trace, layer, tokens, target, error, epsilon } = useAppStore(useShallow((s) => ({
    trace: s.trace, layer: s.layer, tokens: s.tokens, target: s.diffTarget, error: s.diffError, epsilon: s.diffEpsilon,
  })));
  const T = tokens.length;
  const compareWithInput = useAppStore((s) => s.compareWithInput);
  const compareWithFile = useAppStore((s) => s.compareWithFile);
  const clearDiff = useAppStore((s) => s.clearDiff);
  const setEpsilon = useAppStore((s) => s.setDiffEpsilon);
  const [second, setSecond] = useState('');
  const [eps, setEps] = useState(String(epsilon));
  const summary = useMemo(() => runDiffSummary(trace, layer, T, target, epsilon), [trace, layer, T, target, epsilon]);
  const epsValid = eps.trim() !== '' && Number.isFinite(Number(eps)) && Number(eps) >= 0;
  return (
    <fieldset className="debug-diff">
      <legend>Compare with another run</legend>
      <form className="debug-row" onSubmit={(e) => { e.preventDefault(); void compareWithInput(second); }}>
        <label>Second input{' '}
          <input type="text" value={second} onChange={(e) => setSecond(e.currentTarget.value)} spellCheck={false} />
        </label>
        <button type="submit" disabled={!trace || second.trim() === ''}>Compare with input</button>
      </form>
      <div className="debug-row">
        <label>Trace file (JSON){' '}
          <input type="file" accept=".json,application/json" disabled={!trace} onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            if (file) void file.text().then(async (text) => { await compareWithFile(text, file.name); input.value = ''; });
          }} />
        </label>
        <label>ε{' '}
          <input type="number" aria-label="Epsilon" min={0} step="any" value={eps} aria-invalid={!epsValid}
            onChange={(e) => { setEps(e.currentTarget.value); setEpsilon(Number(e.currentTarget.value)); }} />
        </label>
        {target && <button type="button" onClick={clearDiff}>Clear comparison</button>}
      </div>
      {error && <p className="debug-error" role="alert">{error}</p>}
      {target && !summary && !error && <p className="note">{`The comparison is of layer ${target.layer + 1} with H = ${target.H}: show that layer of a model of that size to see it, or compare again.`}</p>}
      {target && summary && <DiffView source={target.source} otherT={target.T} T={T} {...summary} epsilon={epsilon} tokens={tokens} otherTokens={target.tokens} />}
    </fieldset>
  );
}

/** The divergence sentence and the Δh heatmap. */
function DiffView({ source, otherT, T, diff, divergence, epsilon, tokens, otherTokens }: NonNullable<ReturnType<typeof runDiffSummary>> & { source: string; otherT: number; T: number; epsilon: number; tokens: string[]; otherTokens: string[] | null }) {
  const { H, delta, maxAbs } = diff;
  const Tc = diff.T;
  // With both runs' tokens known, two rows above the heatmap name them; a step whose tokens differ is bold and
  // underlined (not colour alone), which is usually where Δh starts.
  const rows = otherTokens ? 2 : 0;
  const top = TOP + rows * TOKEN_H;
  const differs = (t: number) => otherTokens !== null && otherTokens[t] !== tokens[t];
  const firstDiffering = otherTokens ? Array.from({ length: Tc }, (_, t) => t).find(differs) : undefined;
  const color = useMemo(() => divergingColor(maxAbs), [maxAbs]);
  const cellW = Tc > 60 ? 8 : 24;
  const width = Math.max(LEFT + Tc * cellW + 8, LEFT + 240), height = top + H * CELL_H + 70;
  const sentence = divergence
    ? `First step where they diverge by more than ε = ${epsilon}: t = ${divergence.step} (h${divergence.unit + 1}, Δh = ${divergence.value.toFixed(4)}).`
    : `They never diverge by more than ε = ${epsilon} over the ${Tc} steps both have.`;
  const lengths = otherT === T ? '' : ` The runs have ${T} and ${otherT} steps; the first ${Tc} are compared.`;
  const inputs = firstDiffering === undefined ? (otherTokens ? ' Their inputs agree on every step compared.' : '')
    : ` Their inputs first differ at t = ${firstDiffering + 1} (“${showToken(tokens[firstDiffering])}” now, “${showToken(otherTokens![firstDiffering])}” there).`;
  const name = `Δh heatmap: ${source} minus the current run`;
  return (
    <div className="debug-diff-view">
      <p aria-live="polite">{`Δh = ${source} − current run.`} {sentence}{lengths}{inputs}</p>
      <div className="heatmap-scroll" tabIndex={0} role="region" aria-label="Δh heatmap, scrolls sideways">
        <div style={{ position: 'relative', width, height }}>
          <div style={{ position: 'absolute', left: LEFT, top }}>
            <HeatCanvas rows={H} cols={Tc} cellW={cellW} cellH={CELL_H} color={color} value={(r, c) => delta[c * H + r]} version={delta} />
          </div>
          <svg role="img" aria-label={name} width={width} height={height} style={{ position: 'absolute', left: 0, top: 0 }}>
            <title>{name}</title>
            <desc>{`${H} units by ${Tc} steps; the largest |Δh| is ${maxAbs.toFixed(4)}. ${sentence}${inputs}`}</desc>
            {otherTokens && (['now', 'other'] as const).map((who, k) => (
              <g key={who}>
                <text x={LEFT - 6} y={TOP + k * TOKEN_H + 12} textAnchor="end" fontSize={theme.smallFontSize} fill={theme.muted}>{who}</text>
                {cellW >= 16 && Array.from({ length: Tc }, (_, t) => (
                  <text key={t} x={LEFT + t * cellW + cellW / 2} y={TOP + k * TOKEN_H + 12} textAnchor="middle" fontSize={theme.smallFontSize}
                    fontFamily="ui-monospace, monospace" fill={theme.ink} fontWeight={differs(t) ? 700 : 400} textDecoration={differs(t) ? 'underline' : undefined}>
                    {showToken((k === 0 ? tokens : otherTokens)[t])}
                  </text>
                ))}
              </g>
            ))}
            {Array.from({ length: H }, (_, r) => (
              <text key={r} x={LEFT - 6} y={top + r * CELL_H + CELL_H / 2 + 4} textAnchor="end" fontSize={theme.smallFontSize} fill={theme.ink}>{`h${r + 1}`}</text>
            ))}
            {divergence && (
              <rect x={LEFT + (divergence.step - 1) * cellW} y={top - 1} width={cellW} height={H * CELL_H + 2} fill="none" stroke={theme.current} strokeWidth={2.5} />
            )}
            <text x={LEFT} y={top + H * CELL_H + 14} fontSize={theme.smallFontSize} fill={theme.ink}>{`step t = 1 … ${Tc}`}</text>
            <ColorLegend color={color} min={-maxAbs || -1} max={maxAbs || 1} label="Δh (blue: lower, red: higher than now)" x={LEFT} y={top + H * CELL_H + 38} width={200} />
          </svg>
        </div>
      </div>
    </div>
  );
}
