// Runs a TensorFlow.js graph model (pure JS CPU backend) on one raw float32 input and writes every output.
// usage: node tfjs-run.mjs MODEL.json INPUT.f32 OUT_DIR [OUTPUT_NAME...]
// INPUT.f32 is little-endian float32 in the model's own input shape (NHWC). Writes OUT_DIR/<i>.f32 per output and
// OUT_DIR/outputs.json ([{name, shape, file}]), so ModelPrep can compare them with ONNX Runtime's outputs.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const [modelJson, inputFile, outDir, ...names] = process.argv.slice(2);
if (!modelJson || !inputFile || !outDir) {
  console.error('usage: node tfjs-run.mjs MODEL.json INPUT.f32 OUT_DIR [OUTPUT_NAME...]');
  process.exit(2);
}
await tf.setBackend('cpu');
const artifacts = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
const dir = path.dirname(modelJson);
const specs = artifacts.weightsManifest.flatMap((g) => g.weights);
const shards = artifacts.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p))));
const joined = Buffer.concat(shards);
const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
const model = await tf.loadGraphModel(tf.io.fromMemory({
  modelTopology: artifacts.modelTopology, weightSpecs: specs, weightData,
  format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy,
  signature: artifacts.signature, userDefinedMetadata: artifacts.userDefinedMetadata,
}));
const shape = model.inputs[0].shape.map((d) => (d < 0 ? 1 : d));
const raw = fs.readFileSync(inputFile);
const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
const input = tf.tensor(data, shape, 'float32');
const outputNames = names.length > 0 ? names : model.outputs.map((o) => o.name);
const started = Date.now();
let outputs = model.execute(input, outputNames);
if (!Array.isArray(outputs)) outputs = [outputs];
const listing = [];
for (let i = 0; i < outputs.length; i++) {
  const values = await outputs[i].data();
  const file = `${i}.f32`;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, file), Buffer.from(new Float32Array(values).buffer));
  listing.push({ name: outputNames[i], shape: outputs[i].shape, file });
}
fs.writeFileSync(path.join(outDir, 'outputs.json'), JSON.stringify({ millis: Date.now() - started, outputs: listing }, null, 1));
console.log(`tfjs: ${outputs.length} output(s) in ${Date.now() - started} ms -> ${outDir}`);
