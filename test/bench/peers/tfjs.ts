/**
 * The tfjs peer as a process: `tsx test/bench/peers/tfjs.ts cpu|wasm`, then requests on stdin (protocol.ts).
 * Each workload is a tf.layers recurrent layer (simpleRNN, lstm, gru) with returnSequences, as a tfjs user
 * writes it; forward + BPTT is tf.variableGrads of L = Σ_t v·h_t. The WASM backend runs single-threaded with SIMD,
 * its .wasm files read from node_modules. tfjs's GRU applies the reset gate before W_hn (reset_after = false), the
 * same FLOPs as PyTorch's.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { serve, timeRuns, type PeerRequest, type PeerReply } from './protocol';

const backend = process.argv[2];
if (backend !== 'cpu' && backend !== 'wasm') {
  console.error('usage: tsx test/bench/peers/tfjs.ts cpu|wasm');
  process.exit(2);
}
if (backend === 'wasm') {
  // One thread, like every other peer here; the SIMD build is picked when the runtime validates SIMD (Node 20 does).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}/`);
}
await tf.setBackend(backend);
await tf.ready();
process.stdout.write(`${JSON.stringify({ ready: `tfjs ${tf.version.tfjs} ${tf.getBackend()}${backend === 'wasm' ? (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? ' SIMD' : ' no SIMD' : ''}` })}\n`);

/** Builds the layer, its input and readout, and the function to time. */
function workload(req: PeerRequest): { run: () => void; dispose: () => void } {
  const { cell, D, H, T, n } = req;
  const args = { units: H, returnSequences: true, inputShape: [T, D], kernelInitializer: 'glorotUniform' as const, recurrentInitializer: 'glorotUniform' as const };
  const layer = cell === 'lstm' ? tf.layers.lstm(args) : cell === 'gru' ? tf.layers.gru(args) : tf.layers.simpleRNN(args);
  const x = tf.randomUniform([n, T, D], -1, 1, 'float32', 1);
  const v = tf.randomUniform([H, 1], -1, 1, 'float32', 2);
  tf.tidy(() => { layer.apply(x); }); // builds the weights
  const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const readout = (): tf.Scalar => tf.sum(tf.matMul(tf.reshape(layer.apply(x) as tf.Tensor3D, [n * T, H]), v));
  const run = req.mode === 'fwd'
    ? () => { const h = tf.tidy(() => layer.apply(x) as tf.Tensor); h.dataSync(); h.dispose(); }
    : () => {
      const { value, grads } = tf.variableGrads(readout, weights);
      for (const g of Object.values(grads)) { g.dataSync(); g.dispose(); }
      value.dispose();
    };
  return { run, dispose: () => { x.dispose(); v.dispose(); layer.dispose(); } };
}

await serve((req): PeerReply => {
  const w = workload(req);
  try {
    return { ms: timeRuns(req, w.run) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // Emscripten aborts without a message when malloc fails at the heap's limit; name the heap size it reached.
    const heap = backend === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.length : undefined;
    const oom = /memory|allocation|enlarge|Aborted/i.test(msg) || e instanceof RangeError;
    if (oom && heap) {
      process.stdout.write(`${JSON.stringify({ error: `out of memory (${(heap / 2 ** 30).toFixed(1)} GB heap)` })}\n`);
      process.exit(0);
    }
    // The WASM heap may be unusable after a failed allocation: report, then exit so the next request gets a fresh process.
    process.stdout.write(`${JSON.stringify({ error: oom ? `out of memory (${msg.slice(0, 80)})` : msg.slice(0, 200) })}\n`);
    process.exit(0);
  } finally {
    w.dispose();
  }
});
