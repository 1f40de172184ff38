/** The output y (O rows × T columns) with the predicted token of each step outlined and written above it. */
import { Suspense, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { probabilityColor, divergingColor, symmetricMax } from '../../viz/scales';
import { theme } from '../../viz/theme';
import { argmax } from '../readouts';
import { stepGrid } from '../../viz/toRgba';
import { ColorLegend, showToken } from '../shared';
import { HeatCanvas, StepCurtain } from './HeatCanvas';
import { MARKS_LEGEND_HEIGHT, NonFiniteMarks, nonFiniteCells } from './NonFiniteMarks';
import { cellWidthFor, ColumnLabels, GRID, TOKEN_LABEL_MIN_W } from './StepHeatmap';

/** The output heatmap. */
export function OutputHeatmap() {
  const { trace, model, tokens } = useAppStore(useShallow((s) => ({ trace: s.trace, model: s.model, tokens: s.tokens })));
  const y = trace?.y ?? null;
  const O = model?.config.outputSize ?? 0, T = tokens.length;
  const bad = useMemo(() => (y && y.length >= T * O ? nonFiniteCells(O, T, stepGrid(y, O)) : []), [y, O, T]);
  const { left, top } = GRID;
  const cw = cellWidthFor(T);
  const ch = 14;
  const vocab = model?.vocabulary;
  // The largest output of every step, outlined (and its token written above when the cells are wide enough): built
  // once per output, shown up to the cursor through a clip, so that a step changes one rectangle.
  const marks = useMemo(() => (!y || y.length < T * O || O === 0 ? null : Array.from({ length: T }, (_, c) => {
    const k = argmax(y.subarray(c * O, (c + 1) * O));
    // The outline stays inside its cell, so that the curtain over the next steps hides all of theirs.
    const sw = cw >= TOKEN_LABEL_MIN_W ? 2 : 1;
    return <g key={c}>
      <rect x={left + c * cw + sw / 2} y={top + k * ch + sw / 2} width={cw - sw} height={ch - sw} fill="none" stroke={theme.highlight} strokeWidth={sw} />
      {cw >= TOKEN_LABEL_MIN_W && vocab && <text x={left + c * cw + cw / 2} y={top - 8} textAnchor="middle" fontSize={theme.smallFontSize} fontFamily={theme.mono} fill={theme.ink}>{showToken(vocab[k])}</text>}
    </g>;
  })), [y, T, O, cw, left, top, vocab]);
  if (!model || O === 0 || !y || !vocab) return null;
  const width = Math.max(left + T * cw + 8, left + 330), height = top + O * ch + 60 + (bad.length > 0 ? MARKS_LEGEND_HEIGHT : 0);
  const isProb = model.config.outputActivation === 'softmax' || model.config.outputActivation === 'sigmoid';
  const yMax = isProb ? 1 : symmetricMax(y);
  const color = isProb ? probabilityColor() : divergingColor(yMax);
  return (
    <div className="heatmap-scroll" tabIndex={0} role="region" aria-label="Output heatmap, scrolls sideways">
      <div style={{ position: 'relative', width, height }}>
        <div style={{ position: 'absolute', left, top }}>
          <HeatCanvas rows={O} cols={T} cellW={cw} cellH={ch} color={color} value={stepGrid(y, O)} version={y} />
        </div>
        {/* The marks of every step, under one curtain with the cells: a step moves the curtain and redraws no mark. */}
        <svg aria-hidden="true" width={width} height={height} style={{ position: 'absolute', left: 0, top: 0 }}>{marks}</svg>
        <StepCurtain cols={T} cellW={cw} x={left} height={top + O * ch + 2} extra={2} />
        <svg role="img" aria-label="Output heatmap" width={width} height={height} style={{ position: 'absolute', left: 0, top: 0 }}>
          <title>Output heatmap</title>
          <OutputDesc y={y} O={O} vocab={vocab} />
          {cw < TOKEN_LABEL_MIN_W && <ColumnLabels tokens={tokens} cellW={cw} />}
          {Array.from({ length: O }, (_, r) => (
            <text key={r} x={left - 6} y={top + r * ch + ch - 3} textAnchor="end" fontSize={12} fontFamily={theme.mono} fill={theme.muted}>{vocab[r] !== undefined ? showToken(vocab[r]) : `y${r + 1}`}</text>
          ))}
          <ColorLegend color={color} min={isProb ? 0 : -yMax} max={yMax} label={isProb ? 'y: probability (predicted next character above)' : 'y value'} x={left} y={top + O * ch + 24} width={Math.min(200, Math.max(140, T * cw))} />
          {bad.length > 0 && <Suspense fallback={null}><NonFiniteMarks cells={bad} prefix="y" left={left} top={top} cellW={cw} cellH={ch} legendY={top + O * ch + 60 + 10} /></Suspense>}
        </svg>
      </div>
    </div>
  );
}

/** The description, which counts the steps computed and names the current step's prediction: the one part of the
 * output heatmap that re-renders on a step. */
function OutputDesc({ y, O, vocab }: { y: Float32Array | Float64Array; O: number; vocab: readonly string[] }) {
  const step = useAppStore((s) => s.step);
  const k = step > 0 && y.length >= step * O ? argmax(y.subarray((step - 1) * O, step * O)) : -1;
  const predicted = k < 0 ? '' : ` At t = ${step} the largest is ${vocab[k] !== undefined ? `'${showToken(vocab[k])}'` : `y${k + 1}`}.`;
  return <desc>{`Output y for each of ${step} computed steps; the outlined cell is the largest output.${predicted}`}</desc>;
}
