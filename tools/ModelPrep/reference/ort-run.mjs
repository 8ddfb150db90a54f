// Runs an ONNX model with onnxruntime-node on raw float32 inputs and writes every output (same layout as tfjs-run.mjs).
// usage: node ort-run.mjs MODEL.onnx OUT_DIR NAME=INPUT.f32:d0xd1x... [NAME=...]
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const [modelFile, outDir, ...specs] = process.argv.slice(2);
if (!modelFile || !outDir || specs.length === 0) {
  console.error('usage: node ort-run.mjs MODEL.onnx OUT_DIR NAME=INPUT.f32:d0xd1x... [NAME=...]');
  process.exit(2);
}
const session = await ort.InferenceSession.create(modelFile, { intraOpNumThreads: 1 });
const feeds = {};
for (const spec of specs) {
  const [name, rest] = spec.split(/=(.*)/s);
  const [file, dims] = rest.split(/:(?=[^:]*$)/);
  const raw = fs.readFileSync(file);
  const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  feeds[name] = new ort.Tensor('float32', data, dims.split('x').map(Number));
}
const started = Date.now();
const results = await session.run(feeds);
const listing = [];
fs.mkdirSync(outDir, { recursive: true });
session.outputNames.forEach((name, i) => {
  const t = results[name];
  const file = `${i}.f32`;
  const values = t.type === 'float32' ? t.data : Float32Array.from(t.data, Number);
  fs.writeFileSync(path.join(outDir, file), Buffer.from(new Float32Array(values).buffer));
  listing.push({ name, shape: t.dims, file });
});
fs.writeFileSync(path.join(outDir, 'outputs.json'), JSON.stringify({ millis: Date.now() - started, outputs: listing }, null, 1));
console.log(`ort: ${listing.length} output(s) in ${Date.now() - started} ms -> ${outDir}`);
