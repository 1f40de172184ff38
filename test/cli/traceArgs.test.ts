import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { parseTraceArgs } from '../../src/cli/traceArgs';

describe('parseTraceArgs(argv)', () => {
  it('reads --flag value and --flag=value', () => {
    expect(parseTraceArgs(['--model', 'm.json', '--input=in.json', '--nonlinearity', 'relu', '--output=softmax']))
      .toEqual({ model: 'm.json', input: 'in.json', nonlinearity: 'relu', output: 'softmax' });
    expect(parseTraceArgs(['--input', 'i', '--model', 'm'])).toEqual({ model: 'm', input: 'i' });
  });

  it('returns help for -h and --help', () => {
    expect(parseTraceArgs(['--help'])).toBe('help');
    expect(parseTraceArgs(['--model', 'm', '-h'])).toBe('help');
  });

  it.each([
    [['--model', 'm'], '--input FILE is required.'],
    [['--input', 'i'], '--model FILE is required.'],
    [['--model', 'm', '--input', 'i', '--seed', '3'], 'Unknown option --seed: the options are --model, --input, --nonlinearity, --output, --bench.'],
    [['--model', '--input', 'i'], '--model needs a value.'],
    [['--model=', '--input', 'i'], '--model needs a value.'],
    [['--model', 'm', '--input', 'i', '--model', 'n'], '--model is given twice.'],
    [['m.json'], 'Unexpected argument "m.json": every value follows its flag, as in --model FILE.'],
    [['--model', 'm', '--input', 'i', '--nonlinearity', 'gelu'], '--nonlinearity must be one of tanh, relu, sigmoid, identity; got "gelu".'],
    [['--model', 'm', '--input', 'i', '--output', 'relu'], '--output must be one of softmax, sigmoid, tanh, identity; got "relu".'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseTraceArgs(argv)).toThrow(EngineError);
    expect(() => parseTraceArgs(argv)).toThrow(message);
  });
});
