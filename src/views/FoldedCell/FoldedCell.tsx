/**
 * The folded recurrent neuron: x_t enters through U, the state loops back through W, y_t leaves through V.
 * At step t the loop carries h_{t−1} (drawn on the loop) into the cell, which shows h_t; LSTM and GRU cells open
 * to show their gates (and, for LSTM, the cell state c_t).
 */
import { GATE_NAMES } from '../../engine/gates';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { symbolOf, type Role } from '../../viz/notation';
import { divergingColor, probabilityColor } from '../../viz/scales';
import { theme } from '../../viz/theme';
import { h0Of, hAt, outputLabel, stateColor, yAt } from '../readouts';
import { ArrowMarker, showToken, StateStrip } from '../shared';

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
/** Unit j (0-based) as the 1-based subscript the formula panel uses. */
const sub = (j: number) => String(j + 1).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);


/** The folded view of the current step. */
export function FoldedCell() {
  const { trace, model, tokens, step, layer, hovered, symbols, unit } = useAppStore(useShallow((s) => ({
    trace: s.trace, model: s.model, tokens: s.tokens, step: s.step, layer: s.layer,
    hovered: s.hoveredRole, symbols: s.notation.symbols, unit: s.selectedUnit,
  })));
  const hoverRole = useAppStore((s) => s.hoverRole);
  const selectUnit = useAppStore((s) => s.selectUnit);
  const { color } = stateColor(trace, model, layer);
  const t = step;
  const hNow = t === 0 ? h0Of(trace, model, layer) : hAt(trace, model, layer, t - 1);
  const hPrev = t <= 1 ? h0Of(trace, model, layer) : hAt(trace, model, layer, t - 2);
  const y = t > 0 ? yAt(trace, model, t - 1) : null;
  const cell = model?.config.cell ?? 'rnn';
  const H = model?.config.hiddenSize ?? 0;
  const gates = GATE_NAMES[cell];
  const lbl = (role: Role) => symbolOf(role, symbols).replace('_', '');
  const edge = (role: Role) => (hovered === role ? theme.highlight : t > 0 ? theme.current : theme.edge);
  const width = 380, height = 344;
  const cx = 190, cy = 170;
  const cellW = gates.length ? 150 : 110, cellH = 110;
  const labelProps = (role: Role) => ({
    tabIndex: 0, role: 'button', 'aria-label': `Shared matrix ${lbl(role)}`, className: 'matrix-label',
    onMouseEnter: () => hoverRole(role), onMouseLeave: () => hoverRole(null),
    onFocus: () => hoverRole(role), onBlur: () => hoverRole(null),
    fontSize: 17, fontWeight: hovered === role ? 700 : 600, fill: theme.ink,
  });
  // For an RNN, the selected unit's two incoming terms at this step, read from the trace (the formula panel's numbers).
  const flow = trace && model && cell === 'rnn' && t > 0
    ? { input: trace.layers[layer].ih[(t - 1) * H + unit], recurrent: trace.layers[layer].hh[(t - 1) * H + unit] }
    : null;
  const g = trace && model && t > 0 ? trace.layers[layer].act.subarray((t - 1) * gates.length * H, t * gates.length * H) : null;
  const gateColor = probabilityColor();
  return (
    <svg role="figure" aria-label="Recurrent neuron" viewBox={`0 0 ${width} ${height}`} width={width} height={height} className="folded">
      <title>Recurrent neuron</title>
      <desc>{t === 0 ? 'Before the first step: the cell holds h0.' : `Step ${t}: input '${tokens[t - 1]}' and h${t - 1} enter the cell, which outputs h${t}.`}</desc>
      <defs><ArrowMarker id="arrow-folded" color={theme.edge} /></defs>
      {/* x_t → cell through U */}
      <line x1={cx} y1={300} x2={cx} y2={cy + cellH / 2 + 2} stroke={edge('input')} strokeWidth={hovered === 'input' ? 4 : 2.5} markerEnd="url(#arrow-folded)" />
      <text x={cx + 10} y={262} {...labelProps('input')}>{lbl('input')}</text>
      {flow && <text x={cx + 34} y={262} fontSize={theme.smallFontSize} fontFamily={theme.mono} fill={theme.current}>{`(${lbl('input')}·x${t})${sub(unit)} = ${flow.input.toFixed(2)}`}</text>}
      <rect x={cx - 22} y={300} width={44} height={34} rx={6} fill={theme.currentFill} stroke={theme.current} strokeWidth={2} />
      <text x={cx} y={323} textAnchor="middle" fontSize={t > 0 && showToken(tokens[t - 1]).length > 2 ? 12 : 18} fontFamily={theme.mono}>{t > 0 ? showToken(tokens[t - 1]) : '·'}</text>
      <text x={cx - 32} y={322} textAnchor="end" fontSize={theme.fontSize} fill={theme.muted}>{t > 0 ? `x${t}` : 'x'}</text>
      {/* cell → y_t through V */}
      <line x1={cx} y1={cy - cellH / 2} x2={cx} y2={48} stroke={edge('output')} strokeWidth={hovered === 'output' ? 4 : 2.5} markerEnd="url(#arrow-folded)" />
      <text x={cx + 10} y={88} {...labelProps('output')}>{lbl('output')}</text>
      <rect x={cx - 44} y={12} width={88} height={34} rx={6} fill={theme.paper} stroke={theme.edge} strokeWidth={1.5} />
      <text x={cx} y={35} textAnchor="middle" fontSize={15} fontFamily={theme.mono}>
        {y ? outputLabel(model, y) : 'y'}
      </text>
      {/* the loop: h_t leaves on the right and comes back on the left as h_{t−1} */}
      <path d={`M ${cx + cellW / 2} ${cy - 20} C ${cx + cellW / 2 + 70} ${cy - 20}, ${cx + cellW / 2 + 70} ${cy + 110}, ${cx} ${cy + 110} C ${cx - cellW / 2 - 70} ${cy + 110}, ${cx - cellW / 2 - 70} ${cy - 20}, ${cx - cellW / 2 - 2} ${cy - 20}`}
        fill="none" stroke={edge('recurrent')} strokeWidth={hovered === 'recurrent' ? 4 : 2.5} markerEnd="url(#arrow-folded)" />
      <text x={cx - 78} y={cy + 134} {...labelProps('recurrent')}>{lbl('recurrent')}</text>
      {flow && <text x={cx + 40} y={cy + 134} fontSize={theme.smallFontSize} fontFamily={theme.mono} fill={theme.current}>{`(${lbl('recurrent')}·h${t - 1})${sub(unit)} = ${flow.recurrent.toFixed(2)}`}</text>}
      <StateStrip values={hPrev} x={cx - cellW / 2 - 50} y={cy - 8} width={14} height={44} color={color} selected={unit} />
      <text x={cx - cellW / 2 - 43} y={cy - 14} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.muted}>{t > 0 ? `h${t - 1}` : 'h'}</text>
      {/* the cell */}
      <rect x={cx - cellW / 2} y={cy - cellH / 2} width={cellW} height={cellH} rx={14} fill={theme.panel} stroke={theme.ink} strokeWidth={2} />
      <text x={cx - cellW / 2 + 8} y={cy - cellH / 2 + 18} fontSize={theme.smallFontSize} fill={theme.muted}>
        {cell === 'rnn' ? `σ = ${model?.config.nonlinearity ?? ''}` : cell.toUpperCase()}
      </text>
      <StateStrip values={hNow} x={cx + cellW / 2 - 34} y={cy - 30} width={22} height={76} color={color} selected={unit} onSelect={selectUnit} />
      <text x={cx + cellW / 2 - 23} y={cy + 62} textAnchor="middle" fontSize={theme.smallFontSize} fontWeight={700} fill={theme.current}>{`h${t}`}</text>
      {gates.map((name, gi) => (
        <g key={name}>
          <StateStrip values={g ? g.subarray(gi * H, (gi + 1) * H) : null} x={cx - cellW / 2 + 10 + gi * 22} y={cy - 30} width={16} height={76}
            color={name === 'g' || name === 'n' ? divergingColor(1) : gateColor} selected={unit} />
          <text x={cx - cellW / 2 + 18 + gi * 22} y={cy + 62} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.ink}>{name}</text>
        </g>
      ))}
    </svg>
  );
}
