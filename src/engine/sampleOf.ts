/** One sample of a batch trace as a trace of its own (n = 1, T = its length), sharing memory: no copy, no math. */
import type { Arr, LayerTrace, Trace } from './types';

function rows(a: Arr, b: number, T: number, len: number, width: number): Arr {
  return a.subarray(b * T * width, (b * T + len) * width);
}

/** The trace of sample b, whose arrays are views into the batch trace's arrays. */
export function sampleOf(trace: Trace, b: number): Trace {
  const { T } = trace;
  const len = trace.lengths[b];
  const layers = trace.layers.map((l): LayerTrace => {
    const H = l.hLast.length / trace.n;
    const GH = l.ih.length / (trace.n * T);
    const D = l.input.length / (trace.n * T);
    return {
      ih: rows(l.ih, b, T, len, GH), hh: rows(l.hh, b, T, len, GH), pre: rows(l.pre, b, T, len, GH), act: rows(l.act, b, T, len, GH),
      c: l.c && rows(l.c, b, T, len, H), h: rows(l.h, b, T, len, H), input: rows(l.input, b, T, len, D),
      h0: l.h0.subarray(b * H, (b + 1) * H), c0: l.c0 && l.c0.subarray(b * H, (b + 1) * H),
      hLast: l.hLast.subarray(b * H, (b + 1) * H), cLast: l.cLast && l.cLast.subarray(b * H, (b + 1) * H),
    };
  });
  const O = trace.logits ? trace.logits.length / (trace.n * T) : 0;
  return {
    n: 1, T: len, lengths: Int32Array.of(len), layers,
    logits: trace.logits && rows(trace.logits, b, T, len, O),
    y: trace.y && rows(trace.y, b, T, len, O),
  };
}
