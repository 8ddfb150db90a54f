// A long-lived ONNX Runtime (onnxruntime-node) runner for ModelPrep: one JSON request per stdin line, one JSON
// answer per stdout line. Sessions are cached per (model, threads), so calibration over many images pays the
// session set-up once. Tensors travel as raw little-endian files.
// request:  {"model": PATH, "threads": N, "optimize": true|false, "inputs": [{"name", "file", "dims", "type": "float32"|"int64"}],
//            "outputs": [NAME...] | null, "outDir": DIR, "repeat": K}
// answer:   {"outputs": [{"name", "shape", "type", "file"}], "millis": [K run times]} or {"error": MESSAGE}
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import ort from 'onnxruntime-node';

const sessions = new Map();
async function session(model, threads, optimize) {
  const key = `${model}|${threads}|${optimize}`;
  if (!sessions.has(key)) {
    sessions.set(key, await ort.InferenceSession.create(model, {
      intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: optimize === false ? 'disabled' : 'all',
    }));
  }
  return sessions.get(key);
}

function readTensor({ file, dims, type }) {
  const raw = fs.readFileSync(file);
  const buffer = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
  if (type === 'int64') return new ort.Tensor('int64', new BigInt64Array(buffer), dims);
  return new ort.Tensor('float32', new Float32Array(buffer), dims);
}

async function handle(request) {
  const s = await session(request.model, request.threads || 1, request.optimize);
  const feeds = {};
  for (const input of request.inputs) feeds[input.name] = readTensor(input);
  const names = request.outputs && request.outputs.length > 0 ? request.outputs : s.outputNames;
  const millis = [];
  let results;
  for (let i = 0; i < (request.repeat || 1); i++) {
    const started = process.hrtime.bigint();
    // Always fetch every output and pick by name: with a subset of fetch names, onnxruntime-node 1.22 can return
    // results under the wrong keys.
    results = await s.run(feeds);
    millis.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const outputs = [];
  if (request.outDir) {
    fs.mkdirSync(request.outDir, { recursive: true });
    names.forEach((name, i) => {
      const t = results[name];
      if (!t) throw new Error(`output ${name} missing from the results`);
      const file = path.join(request.outDir, `${i}.bin`);
      const data = t.type === 'float32' ? t.data : Float32Array.from(t.data, Number);
      fs.writeFileSync(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      outputs.push({ name, shape: t.dims, type: t.type, file });
    });
  }
  return { outputs, millis };
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = await handle(JSON.parse(line));
  } catch (e) {
    answer = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
