/**
 * The folded recurrent neuron: x_t enters through U, the state loops back through W, y_t leaves through V.
 * At step t the loop carries h_{t−1} (drawn on the loop) into the cell, which shows h_t; LSTM and GRU cells open
 * to show their gates (and, for LSTM, the cell state c_t). Positions come from foldedLayout (no label shares room
 * with another label or a line); the drawing scales with its panel (drawings.css).
 */
import { GATE_NAMES } from '../../engine/gates';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { symbolOf, type Role } from '../../viz/notation';
import { divergingColor, probabilityColor, symmetricMax } from '../../viz/scales';
import { theme } from '../../viz/theme';
import { h0Of, hAt, outputLabel, stateColor, yAt } from '../readouts';
import { ArrowMarker, showToken, StateStrip } from '../shared';
import { foldedLayout } from './foldedLayout';
import './drawings.css';

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
/** Unit j (0-based) as the 1-based subscript the formula panel uses. */
const sub = (j: number) => String(j + 1).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);

/** The folded view of the current step. */
export function FoldedCell() {
  const { trace, model, tokens, step, layer, hovered, symbols, unit, projector } = useAppStore(useShallow((s) => ({
    trace: s.trace, model: s.model, tokens: s.tokens, step: s.step, layer: s.layer,
    hovered: s.hoveredRole, symbols: s.notation.symbols, unit: s.selectedUnit, projector: s.projector,
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
  const labelProps = (role: Role) => ({
    tabIndex: 0, role: 'button', 'aria-label': `Shared matrix ${lbl(role)}`, className: 'matrix-label',
    onMouseEnter: () => hoverRole(role), onMouseLeave: () => hoverRole(null),
    onFocus: () => hoverRole(role), onBlur: () => hoverRole(null),
    fontSize: FONT.matrix, fontWeight: hovered === role ? 700 : 600, fill: theme.ink,
  });
  // The biases: one vector each, the same at every step; hovering them (here or in the symbol table) lights both.
  const biasProps = (role: Role) => ({ ...labelProps(role), 'aria-label': `Shared bias ${lbl(role)}` });
  // For an RNN, the selected unit's two incoming terms at this step, read from the trace (the formula panel's numbers).
  const flow = trace && model && cell === 'rnn' && t > 0
    ? { input: trace.layers[layer].ih[(t - 1) * H + unit], recurrent: trace.layers[layer].hh[(t - 1) * H + unit] }
    : null;
  // For an LSTM or a GRU, the selected unit's gate values at this step instead (two per line), the values its
  // gate strips hold at that unit.
  const gateFlow = trace && model && cell !== 'rnn' && t > 0 && unit < H
    ? GATE_NAMES[cell].map((name, gi) => `${name}${sub(unit)} = ${trace.layers[layer].act[(t - 1) * GATE_NAMES[cell].length * H + gi * H + unit].toFixed(2)}`)
    : null;
  const flowText = flow ? {
    input: `(${lbl('input')}·x${t})${sub(unit)} = ${flow.input.toFixed(2)}`,
    recurrent: `(${lbl('recurrent')}·h${t - 1})${sub(unit)} = ${flow.recurrent.toFixed(2)}`,
  } : gateFlow ? { input: gateFlow.slice(0, 2).join('  '), recurrent: gateFlow.slice(2).join('  ') } : null;
  // Projector mode sets the drawing's type 1.3 times larger (the page's zoom alone leaves it small in its column).
  const L = foldedLayout(cell, gates.length, projector ? 1.3 : 1, flowText ? Math.max(flowText.input.length, flowText.recurrent.length) : 0);
  const { cx, font: FONT } = L;
  const g = trace && model && t > 0 ? trace.layers[layer].act.subarray((t - 1) * gates.length * H, t * gates.length * H) : null;
  // The LSTM's cell state c_t (unbounded: its colour scale spans the largest |c| of the trace).
  const cTrace = trace && model && cell === 'lstm' ? trace.layers[layer].c : null;
  const cNow = cTrace ? (t === 0 ? trace!.layers[layer].c0?.subarray(0, H) ?? null : cTrace.subarray((t - 1) * H, t * H)) : null;
  const cColor = divergingColor(cTrace ? symmetricMax(cTrace) : 1);
  const gateColor = probabilityColor();
  const token = t > 0 ? showToken(tokens[t - 1]) : '·';
  const small = FONT.small;
  return (
    <>
    {tokens.length === 0 && <p className="note empty-note">No input yet: type a sequence in <strong>Input sequence</strong>; each character enters here as x_t, one step at a time.</p>}
    <svg role="figure" aria-label="Recurrent neuron" viewBox={`0 0 ${L.width} ${L.height}`} width={L.width} height={L.height} className="folded drawing">
      <title>Recurrent neuron</title>
      <desc>{t === 0 ? 'Before the first step: the cell holds h0.' : `Step ${t}: input '${tokens[t - 1]}' and h${t - 1} enter the cell, which outputs h${t}.`}{cell === 'lstm' ? ` The strip c${t} is the LSTM's cell state c_t (not the output bias c): c${t} = f⊙c${t > 0 ? t - 1 : ''} + i⊙g, the forget gate keeping part of the old cell state and the input gate adding the candidate g.` : ''}</desc>
      <defs><ArrowMarker id="arrow-folded" color={theme.edge} /></defs>
      {/* x_t → cell through U */}
      <line x1={cx} y1={L.inArrow.y1} x2={cx} y2={L.inArrow.y2} stroke={edge('input')} strokeWidth={hovered === 'input' ? 4 : 2.5} markerEnd="url(#arrow-folded)" />
      <text x={cx + 10} y={L.inArrow.labelY} {...labelProps('input')}>{lbl('input')}</text>
      {/* The hidden bias enters with the input term (U·x_t + b), as the output bias leaves with V (V·h_t + c). */}
      <text x={cx + 10 + lbl('input').length * 0.8 * FONT.matrix + 10} y={L.inArrow.labelY} {...biasProps('hiddenBias')}>{`+ ${lbl('hiddenBias')}`}</text>
      <rect x={L.input.x} y={L.input.y} width={L.input.width} height={L.input.height} rx={6} fill={theme.currentFill} stroke={theme.current} strokeWidth={2} />
      <text x={cx} y={L.input.textY} textAnchor="middle" fontSize={token.length > 2 ? FONT.longToken : FONT.token} fontFamily={theme.mono} fill={theme.ink}>{token}</text>
      <text x={L.input.nameX} y={L.input.textY} textAnchor="end" fontSize={FONT.label} fill={theme.muted}>{t > 0 ? `x${t}` : 'x'}</text>
      {flowText && (
        <g fontSize={small} fontFamily={theme.mono} fill={theme.current}>
          <text x={L.flow.x} y={L.flow.inputY}>{flowText.input}</text>
          <text x={L.flow.x} y={L.flow.recurrentY}>{flowText.recurrent}</text>
        </g>
      )}
      {/* cell → y_t through V */}
      <line x1={cx} y1={L.outArrow.y1} x2={cx} y2={L.outArrow.y2} stroke={edge('output')} strokeWidth={hovered === 'output' ? 4 : 2.5} markerEnd="url(#arrow-folded)" />
      <text x={cx + 10} y={L.outArrow.labelY} {...labelProps('output')}>{lbl('output')}</text>
      <text x={cx + 10 + lbl('output').length * 0.8 * FONT.matrix + 10} y={L.outArrow.labelY} {...biasProps('outputBias')}>{`+ ${lbl('outputBias')}`}</text>
      <rect x={L.out.x} y={L.out.y} width={L.out.width} height={L.out.height} rx={6} fill={theme.paper} stroke={theme.edge} strokeWidth={1.5} />
      <text x={cx} y={L.out.textY} textAnchor="middle" fontSize={FONT.label} fontFamily={theme.mono} fill={theme.ink}>
        {y ? outputLabel(model, y) : 'y'}
      </text>
      {/* the loop: h_t leaves on the right and comes back into the cell as h_{t−1}, through W */}
      <path d={L.loop.d} fill="none" stroke={edge('recurrent')} strokeWidth={hovered === 'recurrent' ? 4 : 2.5} markerEnd="url(#arrow-folded)" />
      <StateStrip values={hPrev} x={L.loop.strip.x} y={L.loop.strip.y} width={L.loop.strip.width} height={L.loop.strip.height} color={color} selected={unit} />
      <text x={L.loop.labelX} y={L.loop.prevLabelY} fontSize={small} fill={theme.muted}>{t > 0 ? `h${t - 1}` : 'h'}</text>
      <text x={L.loop.labelX} y={L.loop.matrixLabelY} {...labelProps('recurrent')}>{lbl('recurrent')}</text>
      {/* the cell */}
      <rect x={L.cell.x} y={L.cell.y} width={L.cell.width} height={L.cell.height} rx={14} fill={theme.panel} stroke={theme.ink} strokeWidth={2} />
      <text x={L.cell.x + 10} y={L.cell.titleY} fontSize={small} fill={theme.muted}>
        {cell === 'rnn' ? `σ = ${model?.config.nonlinearity ?? ''}` : cell.toUpperCase()}
      </text>

      {gates.map((name, gi) => {
        const b = L.gates[gi];
        return (
          <g key={name}>
            <StateStrip values={g ? g.subarray(gi * H, (gi + 1) * H) : null} x={b.x} y={b.y} width={b.width} height={b.height}
              color={name === 'g' || name === 'n' ? divergingColor(1) : gateColor} selected={unit} />
            <text x={b.labelX} y={L.stripLabelY} textAnchor="middle" fontSize={small} fill={theme.ink}>{name}</text>
          </g>
        );
      })}
      {L.c && (
        <g>
          <StateStrip values={cNow} x={L.c.x} y={L.c.y} width={L.c.width} height={L.c.height} color={cColor} selected={unit} />
          <text x={L.c.labelX} y={L.stripLabelY} textAnchor="middle" fontSize={small} fontWeight={700} fill={theme.ink}>{`c${t}`}</text>
        </g>
      )}
      {L.cPathY !== null && (
        <text x={L.cell.x + L.cell.width / 2} y={L.cPathY} textAnchor="middle" fontSize={small} fill={theme.ink}>
          {t > 0 ? `c${t} = f⊙c${t - 1} + i⊙g` : 'c = f⊙c + i⊙g'}
        </text>
      )}
      <StateStrip values={hNow} x={L.h.x} y={L.h.y} width={L.h.width} height={L.h.height} color={color} selected={unit} onSelect={selectUnit} />
      <text x={L.h.labelX} y={L.stripLabelY} textAnchor="middle" fontSize={small} fontWeight={700} fill={theme.current}>{`h${t}`}</text>
    </svg>
    </>
  );
}
