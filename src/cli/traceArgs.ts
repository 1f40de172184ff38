/** Command-line flags of the trace command, parsed without touching Node, so they can be tested directly. */
import { EngineError } from '../engine/errors';
import type { Nonlinearity, OutputActivation } from '../engine/types';

/** The parsed flags. */
export interface TraceArgs {
  /** Path of the model file (native JSON, state_dict JSON or safetensors). */
  model: string;
  /** Path of the input JSON file. */
  input: string;
  /** σ of an RNN cell, overriding the model file's. */
  nonlinearity?: Nonlinearity;
  /** Output activation, overriding the model file's. */
  output?: OutputActivation;
  /** N of --bench N: time N passes and print their medians instead of the trace. */
  bench?: number;
}

/** The usage text printed by --help. */
export const TRACE_USAGE = `Usage: npm run -s trace -- --model FILE --input FILE [--nonlinearity tanh|relu|sigmoid|identity] [--output softmax|sigmoid|tanh|identity] [--bench N]

Runs the rnn-unfold engine (float32) on the input and prints one JSON object: hidden states, outputs,
and, when the input has targets, the loss and every gradient. With --bench N it prints instead
{"fwd_ms": …, "fb_ms": …}: the median milliseconds of N forward passes and of N forward + backward
passes (fb_ms is null when the input has no targets). See docs/trace-command.md.`;

const NONLINEARITIES: readonly Nonlinearity[] = ['tanh', 'relu', 'sigmoid', 'identity'];
const OUTPUTS: readonly OutputActivation[] = ['softmax', 'sigmoid', 'tanh', 'identity'];
const FLAGS = ['--model', '--input', '--nonlinearity', '--output', '--bench'] as const;

/**
 * Parses argv (without node and the script); `--flag value` and `--flag=value` both work.
 * @returns 'help' for -h/--help, else the flags.
 * @throws EngineError naming the bad flag.
 */
export function parseTraceArgs(argv: readonly string[]): TraceArgs | 'help' {
  const seen = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (!arg.startsWith('--')) throw new EngineError(`Unexpected argument "${arg}": every value follows its flag, as in --model FILE.`);
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (!(FLAGS as readonly string[]).includes(flag)) throw new EngineError(`Unknown option ${flag}: the options are ${FLAGS.join(', ')}.`);
    let value: string | undefined = eq < 0 ? argv[i + 1] : arg.slice(eq + 1);
    if (eq < 0) {
      if (value === undefined || value.startsWith('--')) value = undefined;
      else i++;
    }
    if (value === undefined || value === '') throw new EngineError(`${flag} needs a value.`);
    if (seen.has(flag)) throw new EngineError(`${flag} is given twice.`);
    seen.set(flag, value);
  }
  const model = seen.get('--model'), input = seen.get('--input');
  if (!model) throw new EngineError('--model FILE is required.');
  if (!input) throw new EngineError('--input FILE is required.');
  const args: TraceArgs = { model, input };
  const nl = seen.get('--nonlinearity'), out = seen.get('--output');
  if (nl !== undefined) {
    if (!(NONLINEARITIES as readonly string[]).includes(nl)) throw new EngineError(`--nonlinearity must be one of ${NONLINEARITIES.join(', ')}; got "${nl}".`);
    args.nonlinearity = nl as Nonlinearity;
  }
  if (out !== undefined) {
    if (!(OUTPUTS as readonly string[]).includes(out)) throw new EngineError(`--output must be one of ${OUTPUTS.join(', ')}; got "${out}".`);
    args.output = out as OutputActivation;
  }
  const bench = seen.get('--bench');
  if (bench !== undefined) {
    if (!/^[0-9]+$/.test(bench) || Number(bench) < 1 || !Number.isSafeInteger(Number(bench))) {
      throw new EngineError(`--bench needs a positive whole number of passes, as in --bench 20; got "${bench}".`);
    }
    args.bench = Number(bench);
  }
  return args;
}
