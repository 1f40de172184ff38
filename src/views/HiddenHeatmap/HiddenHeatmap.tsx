/**
 * The state matrix S (H rows × T columns) as a heatmap that fills in as steps run, with the output probabilities
 * beside it. Canvas for the cells, SVG for axes, the cursor, the selected unit and the legend; a table gives the
 * same numbers as text.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { probabilityColor } from '../../viz/scales';
import { theme } from '../../viz/theme';
import { argmax, stateColor } from '../readouts';
import { ColorLegend, showToken } from '../shared';
import { HeatCanvas } from './HeatCanvas';
import { StateTable } from './StateTable';

const CELL_W = 34, CELL_H = 24, LEFT = 48, TOP = 26;

/** The hidden-state heatmap and the output heatmap. */
export function HiddenHeatmap() {
  const { trace, model, tokens, step, layer, unit } = useAppStore(useShallow((s) => ({
    trace: s.trace, model: s.model, tokens: s.tokens, step: s.step, layer: s.layer, unit: s.selectedUnit,
  })));
  const selectUnit = useAppStore((s) => s.selectUnit);
  const stepTo = useAppStore((s) => s.stepTo);
  const [asTable, setAsTable] = useState(false);
  const T = tokens.length;
  const H = model?.config.hiddenSize ?? 0;
  const { color, max } = stateColor(trace, model, layer);
  const h = trace?.layers[layer]?.h;
  const width = LEFT + T * CELL_W + 8, height = TOP + H * CELL_H + 60;
  const label = T === 0 ? 'Hidden state heatmap: no input yet.' : `Hidden state heatmap: ${H} units by ${T} steps, ${step} filled.`;
  return (
    <div className="heatmaps">
      <div className="heatmap-head">
        <button type="button" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>{asTable ? 'Show as heatmap' : 'Show as table'}</button>
      </div>
      {asTable ? <StateTable /> : (
        <div className="heatmap-scroll">
          <div style={{ position: 'relative', width, height }}>
            <div style={{ position: 'absolute', left: LEFT, top: TOP }}>
              <HeatCanvas rows={H} cols={T} cellW={CELL_W} cellH={CELL_H} color={color}
                value={(r, c) => (h ? h[c * H + r] : 0)} filled={(_, c) => c < step} version={`${step}|${layer}|${T}|${H}`} />
            </div>
            <svg role="figure" aria-label="Hidden state heatmap" width={width} height={height} style={{ position: 'absolute', left: 0, top: 0 }}>
              <title>Hidden state heatmap</title>
              <desc>{label}</desc>
              {tokens.map((tok, c) => (
                <text key={c} x={LEFT + c * CELL_W + CELL_W / 2} y={TOP - 8} textAnchor="middle" fontSize={theme.smallFontSize}
                  fontFamily={theme.mono} fill={c < step ? theme.ink : theme.ghost}>{showToken(tok)}</text>
              ))}
              {Array.from({ length: H }, (_, r) => (
                <text key={r} x={LEFT - 6} y={TOP + r * CELL_H + CELL_H / 2 + 5} textAnchor="end" fontSize={theme.smallFontSize}
                  fontWeight={r === unit ? 700 : 400} fill={theme.ink} tabIndex={r === unit ? 0 : -1} role="button"
                  aria-label={`Select unit h${r + 1}`} onClick={() => selectUnit(r)}
                  onKeyDown={(e) => {
                    if (e.key === 'ArrowDown') { e.preventDefault(); selectUnit(r + 1); }
                    if (e.key === 'ArrowUp') { e.preventDefault(); selectUnit(r - 1); }
                  }}>{`h${r + 1}`}</text>
              ))}
              <rect x={LEFT} y={TOP} width={T * CELL_W} height={H * CELL_H} fill="transparent"
                onClick={(e) => {
                  const box = e.currentTarget.getBoundingClientRect();
                  const c = Math.floor((e.clientX - box.left) / CELL_W), r = Math.floor((e.clientY - box.top) / CELL_H);
                  selectUnit(r); stepTo(c + 1);
                }} />
              {step > 0 && <rect x={LEFT + (step - 1) * CELL_W} y={TOP - 1} width={CELL_W} height={H * CELL_H + 2} fill="none" stroke={theme.current} strokeWidth={3} pointerEvents="none" />}
              {H > 0 && <rect x={LEFT - 1} y={TOP + unit * CELL_H} width={T * CELL_W + 2} height={CELL_H} fill="none" stroke={theme.highlight} strokeWidth={2} strokeDasharray="5 3" pointerEvents="none" />}
              <ColorLegend color={color} min={-max} max={max} label="h: blue −, red +" x={LEFT} y={TOP + H * CELL_H + 22} width={Math.min(200, Math.max(120, T * CELL_W))} />
            </svg>
          </div>
        </div>
      )}
      <OutputHeatmap />
    </div>
  );
}

/** The output probabilities y (O rows × T columns) with the predicted token of each step. */
function OutputHeatmap() {
  const { trace, model, tokens, step } = useAppStore(useShallow((s) => ({ trace: s.trace, model: s.model, tokens: s.tokens, step: s.step })));
  if (!model || model.config.outputSize === 0 || !trace?.y) return null;
  const O = model.config.outputSize, T = tokens.length;
  const y = trace.y;
  const vocab = model.vocabulary;
  const cw = CELL_W, ch = 14;
  const width = LEFT + T * cw + 8, height = TOP + O * ch + 64;
  const color = probabilityColor();
  const isProb = model.config.outputActivation === 'softmax' || model.config.outputActivation === 'sigmoid';
  return (
    <div className="heatmap-scroll">
      <div style={{ position: 'relative', width, height }}>
        <div style={{ position: 'absolute', left: LEFT, top: TOP }}>
          <HeatCanvas rows={O} cols={T} cellW={cw} cellH={ch} color={color} value={(r, c) => y[c * O + r]} filled={(_, c) => c < step} version={`${step}|${T}|${O}`} />
        </div>
        <svg role="img" aria-label="Output heatmap" width={width} height={height} style={{ position: 'absolute', left: 0, top: 0 }}>
          <title>Output heatmap</title>
          <desc>{`Output y for each of ${step} computed steps; the outlined cell is the predicted token.`}</desc>
          {tokens.map((_, c) => {
            if (c >= step) return null;
            const k = argmax(y.subarray(c * O, (c + 1) * O));
            return <g key={c}>
              <rect x={LEFT + c * cw} y={TOP + k * ch} width={cw} height={ch} fill="none" stroke={theme.highlight} strokeWidth={2} />
              <text x={LEFT + c * cw + cw / 2} y={TOP - 8} textAnchor="middle" fontSize={theme.smallFontSize} fontFamily={theme.mono} fill={theme.ink}>{showToken(vocab[k])}</text>
            </g>;
          })}
          {Array.from({ length: O }, (_, r) => (
            <text key={r} x={LEFT - 6} y={TOP + r * ch + ch - 3} textAnchor="end" fontSize={12} fontFamily={theme.mono} fill={theme.muted}>{vocab[r] !== undefined ? showToken(vocab[r]) : `y${r + 1}`}</text>
          ))}
          {isProb && <ColorLegend color={color} min={0} max={1} label="probability" x={LEFT} y={TOP + O * ch + 24} width={Math.min(200, Math.max(120, T * cw))} />}
        </svg>
      </div>
    </div>
  );
}
