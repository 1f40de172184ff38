/**
 * The headless trace command: `npm run -s trace -- --model FILE --input FILE [--nonlinearity …] [--output …]`.
 * Runs the same engine as the app, in Node, and prints one JSON object on stdout; on error, one line on stderr
 * and exit code 2. Everything but file reading lives in traceCore.ts.
 */
import { readFileSync } from 'node:fs';
import { EngineError } from '../engine/errors';
import { runTrace } from './traceCore';

/** Reads a file, turning Node's error codes into a sentence. */
function readFile(path: string, role: 'model' | 'input'): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new EngineError(`Cannot read the ${role} file "${path}": ${why}.`);
  }
}

const { code, stdout, stderr } = runTrace(process.argv.slice(2), readFile);
// exitCode rather than exit(): a large stdout is flushed before the process ends.
if (stdout) process.stdout.write(stdout);
if (stderr) process.stderr.write(stderr);
process.exitCode = code;
