// Runs TensorFlow.js graph models (pure JS CPU backend) on raw float32 inputs and writes every output.
// usage: node tfjs-run.mjs MODEL.json INPUT.f32 OUT_DIR [OUTPUT_NAME...]
//        node tfjs-run.mjs --jobs JOBS.json     (JOBS.json: [{model, input, outDir, outputs: [...]}], one process for all)
// INPUT.f32 is little-endian float32 in the model's own input shape (NHWC). Writes OUT_DIR/<i>.f32 per output and
// OUT_DIR/outputs.json ({millis, outputs: [{name, shape, file}]}), so ModelPrep can compare them with ONNX Runtime.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

async function runJob({ model: modelJson, input: inputFile, outDir, outputs: names }) {
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
  const outputNames = names && names.length > 0 ? names : model.outputs.map((o) => o.name);
  const started = Date.now();
  let outputs = model.execute(input, outputNames);
  if (!Array.isArray(outputs)) outputs = [outputs];
  const listing = [];
  fs.mkdirSync(outDir, { recursive: true });
  for (let i = 0; i < outputs.length; i++) {
    const values = await outputs[i].data();
    const file = `${i}.f32`;
    fs.writeFileSync(path.join(outDir, file), Buffer.from(Float32Array.from(values).buffer));
    listing.push({ name: outputNames[i], shape: outputs[i].shape, file });
  }
  const millis = Date.now() - started;
  fs.writeFileSync(path.join(outDir, 'outputs.json'), JSON.stringify({ millis, outputs: listing }, null, 1));
  tf.dispose([input, ...outputs]);
  model.dispose();
  return millis;
}

await tf.setBackend('cpu');
const args = process.argv.slice(2);
if (args[0] === '--jobs' && args[1]) {
  const jobs = JSON.parse(fs.readFileSync(args[1], 'utf8'));
  for (const job of jobs) await runJob(job);
  console.log(`tfjs: ${jobs.length} job(s) done`);
} else if (args.length >= 3) {
  const millis = await runJob({ model: args[0], input: args[1], outDir: args[2], outputs: args.slice(3) });
  console.log(`tfjs: done in ${millis} ms -> ${args[2]}`);
} else {
  console.error('usage: node tfjs-run.mjs MODEL.json INPUT.f32 OUT_DIR [OUTPUT_NAME...] | --jobs JOBS.json');
  process.exit(2);
}
