// The whole-pipeline peer of tools/bench/PipelinePeer: EdgeRuntime's always-full cascade written in JavaScript on
// onnxruntime-node, run on every frame and every audio hop of a recording, as fast as it goes.
//
//   node peer.js --video v.mp4 --audio a.wav --models <models-quantized> [--width 640 --height 480 --fps 15]
//                [--threads 1] [--trace trace.jsonl]
//
// What it does per frame is what src/EdgeRuntime.Cascade does in always-full mode, model by model:
//   - frames: ffmpeg decodes the video to raw RGB24 at the camera size (the daemon's replay camera runs the same pipe);
//   - audio: ffmpeg decodes the WAV to 16 kHz mono float; every 512-sample hop goes through silero VAD (int8) with its
//     recurrent state carried (SileroVadEncoder);
//   - BlazeFace 256x256 (BlazeFaceDetector): bilinear stretch, v/127.5-1 NHWC, sigmoid, 896 anchors, threshold 0.5, NMS 0.3;
//   - CenterNet 512x512 (CenterNetDetector): bilinear stretch, 0-255 NHWC, the model's sorted detections, threshold 0.3,
//     per-class NMS 0.5;
//   - PaddleOCR (PaddleTextReader): a DB probe at 320 px; when it finds a region, the DB detector at 640 px (threshold
//     0.3, box score 0.6, unclip 1.5, min side 3, 8-connected components), then the CTC recognizer on the 4 largest
//     lines (48 px high, width from the aspect up to 640), lines below 0.6 confidence dropped.
// Like the daemon, which runs tiers 0/1 on the feed's thread and tier 2 on its own, the frame's face and audio work runs
// on the main thread and CenterNet and OCR on a worker thread, each session with the daemon's settings (intra-op threads
// 1 = the daemon's fair share on 2 cores, inter-op 1, all graph optimizations, no spinning, no CPU arena). Unlike the
// daemon, it waits for both on every frame: every frame gets the full pass (the daemon's tier 2 takes the latest frame
// when it is free). Prints one JSON summary line on stdout at the end.
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

function sessionOptions(threads) {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    executionProviders: ['cpu'],
    enableCpuMemArena: false,
    enableMemPattern: true,
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

// Where the time goes, per thread: milliseconds spent preparing inputs, inside session.run and decoding outputs.
const spent = {};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
function add(key, t0) { spent[key] = (spent[key] || 0) + ms(t0); }
async function run(key, session, feeds) {
  const t0 = process.hrtime.bigint();
  const out = await session.run(feeds);
  add(`${key} run`, t0);
  return out;
}
function pre(key, f) {
  const t0 = process.hrtime.bigint();
  const v = f();
  add(`${key} pre`, t0);
  return v;
}

// ---- image preprocessing (TensorImage.Write / OcrImage.ResizeToChw) ----

// Bilinear source coordinate, pixel-centre aligned, clamped (TensorImage.Axis, OcrImage).
function axis(source, target) {
  const i0 = new Int32Array(target), i1 = new Int32Array(target), f = new Float32Array(target);
  const ratio = source / target;
  for (let i = 0; i < target; i++) {
    const s = Math.min(Math.max((i + 0.5) * ratio - 0.5, 0), source - 1);
    i0[i] = s | 0;
    i1[i] = Math.min(source - 1, i0[i] + 1);
    f[i] = s - i0[i];
  }
  return { i0, i1, f };
}

// RGB24 frame -> NHWC float tensor, value * scale + offset (TensorImage).
function makeNhwcWriter(srcW, srcH, size, scale, offset) {
  const xs = axis(srcW, size), ys = axis(srcH, size);
  const out = new Float32Array(size * size * 3);
  return (rgb) => {
    let o = 0;
    for (let y = 0; y < size; y++) {
      const r0 = ys.i0[y] * srcW * 3, r1 = ys.i1[y] * srcW * 3, fy = ys.f[y];
      for (let x = 0; x < size; x++) {
        const a = xs.i0[x] * 3, c = xs.i1[x] * 3, fx = xs.f[x];
        for (let ch = 0; ch < 3; ch++) {
          const t0 = rgb[r0 + a + ch], t1 = rgb[r0 + c + ch], b0 = rgb[r1 + a + ch], b1 = rgb[r1 + c + ch];
          const top = t0 + (t1 - t0) * fx, bottom = b0 + (b1 - b0) * fx;
          out[o++] = (top + (bottom - top) * fy) * scale + offset;
        }
      }
    }
    return out;
  };
}

// A region of an RGB24 image -> CHW float tensor on BGR planes, (v/255 - mean)/std, zero padding right (OcrImage.ResizeToChw).
function resizeToChw(rgb, imageW, rx, ry, rw, rh, chw, tensorW, tensorH, resizedW, mean, std) {
  const plane = tensorW * tensorH;
  const scale = [0, 1, 2].map((p) => 1 / (255 * std[p]));
  const offset = [0, 1, 2].map((p) => -mean[p] / std[p]);
  const source = [2, 1, 0]; // BGR planes
  const sy = rh / tensorH, sx = rw / resizedW;
  for (let y = 0; y < tensorH; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), rh - 1);
    const y0 = fy | 0, y1 = Math.min(y0 + 1, rh - 1), wy = fy - y0;
    const row0 = ((ry + y0) * imageW + rx) * 3, row1 = ((ry + y1) * imageW + rx) * 3;
    const dst = y * tensorW;
    for (let x = 0; x < resizedW; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), rw - 1);
      const x0 = fx | 0, x1 = Math.min(x0 + 1, rw - 1), wx = fx - x0;
      for (let p = 0; p < 3; p++) {
        const c = source[p];
        const a0 = rgb[row0 + x0 * 3 + c], a1 = rgb[row0 + x1 * 3 + c], b0 = rgb[row1 + x0 * 3 + c], b1 = rgb[row1 + x1 * 3 + c];
        const top = a0 + (a1 - a0) * wx, bottom = b0 + (b1 - b0) * wx;
        chw[p * plane + dst + x] = (top + (bottom - top) * wy) * scale[p] + offset[p];
      }
    }
    for (let p = 0; p < 3; p++) chw.fill(0, p * plane + dst + resizedW, p * plane + dst + tensorW);
  }
}

// ---- detection post-processing (Nms) ----

function normalized(x1, y1, x2, y2, w, h) {
  const clamp = (v) => Math.min(Math.max(v, 0), 1);
  const l = clamp(x1 / w), t = clamp(y1 / h), r = clamp(x2 / w), b = clamp(y2 / h);
  return { l, t, w: Math.max(0, r - l), h: Math.max(0, b - t) };
}

function iou(a, b) {
  const ix = Math.max(0, Math.min(a.l + a.w, b.l + b.w) - Math.max(a.l, b.l));
  const iy = Math.max(0, Math.min(a.t + a.h, b.t + b.h) - Math.max(a.t, b.t));
  const inter = ix * iy, union = a.w * a.h + b.w * b.h - inter;
  return union <= 0 ? 0 : inter / union;
}

// Greedy per-label NMS over detections sorted by descending score.
function nms(sorted, threshold) {
  const kept = [];
  for (const d of sorted) {
    if (!kept.some((k) => k.label === d.label && iou(k.box, d.box) > threshold)) kept.push(d);
  }
  return kept;
}

// ---- main thread: frames, audio, VAD, faces; the worker does objects and text ----

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const W = Number(args.width || 640), H = Number(args.height || 480), fps = Number(args.fps || 15);
  const threads = Number(args.threads || 1);
  const models = args.models;
  const started = process.hrtime.bigint();

  const [vad, face] = await Promise.all([
    ort.InferenceSession.create(path.join(models, 'silero-vad.onnx'), sessionOptions(threads)),
    ort.InferenceSession.create(path.join(models, 'blazeface.onnx'), sessionOptions(threads)),
  ]);
  const worker = new Worker(__filename, { workerData: { models, threads, W, H } });
  const pending = new Map();
  worker.on('message', (m) => { if (m.ready) pending.get('ready')(); else pending.get(m.frame)(m); });
  worker.on('error', (e) => { console.error(e); process.exit(1); });
  await new Promise((resolve) => pending.set('ready', resolve));

  const audio = await decodeAudio(args.audio);
  const vadStep = makeVad(vad);
  const faces = makeFaces(face, W, H);
  const loaded = process.hrtime.bigint();

  let workerSpent = {};
  const trace = args.trace ? fs.createWriteStream(args.trace) : null;
  const totals = { frames: 0, hops: 0, speechHops: 0, faceFrames: 0, faces: 0, objects: 0, textFrames: 0, fullTextPasses: 0, lines: 0 };
  const labels = new Map(); // label -> { frames, best }
  let hop = 0;
  const frameBytes = W * H * 3;
  const video = spawn('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', args.video, '-map', '0:v:0', '-fps_mode', 'passthrough',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-'], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const frame of frames(video.stdout, frameBytes)) {
    const index = totals.frames++;
    const objectsAndText = new Promise((resolve) => pending.set(index, resolve));
    const mine = frame.slice(); // the face detector's copy; the frame itself goes to the worker (the daemon copies it into tier 2's slot)
    worker.postMessage({ frame: index, rgb: frame }, [frame.buffer]);
    // Audio up to this frame's time, hop by hop (the recurrent state makes them sequential), while the worker runs.
    const until = Math.floor(((index + 1) / fps) * 16000);
    const probabilities = [];
    while ((hop + 1) * 512 <= Math.min(until, audio.length)) {
      const p = await vadStep(audio.subarray(hop * 512, (hop + 1) * 512));
      probabilities.push(p);
      totals.hops++;
      if (p >= 0.5) totals.speechHops++;
      hop++;
    }
    const found = await faces(mine);
    const result = await objectsAndText;
    pending.delete(index);
    workerSpent = result.spent;
    totals.faces += found.length;
    if (found.length > 0) totals.faceFrames++;
    totals.objects += result.objects.length;
    if (result.text.length > 0) totals.textFrames++;
    totals.lines += result.text.length;
    totals.fullTextPasses += result.fullText ? 1 : 0;
    for (const o of result.objects) {
      const e = labels.get(o.label) || { frames: 0, best: 0 };
      e.frames++; e.best = Math.max(e.best, o.score); labels.set(o.label, e);
    }
    if (trace) {
      trace.write(JSON.stringify({ frame: index, faces: found.map((f) => +f.score.toFixed(3)), objects: result.objects.map((o) => [o.label, +o.score.toFixed(3)]),
        text: result.text, vad: probabilities.map((p) => +p.toFixed(3)) }) + '\n');
    }
  }
  // The tail of the audio after the last frame.
  while ((hop + 1) * 512 <= audio.length) {
    const p = await vadStep(audio.subarray(hop * 512, (hop + 1) * 512));
    totals.hops++; if (p >= 0.5) totals.speechHops++; hop++;
  }
  const done = process.hrtime.bigint();
  await worker.terminate();
  if (trace) await new Promise((resolve) => trace.end(resolve));
  const seconds = (a, b) => Number(b - a) / 1e9;
  process.stdout.write(JSON.stringify({
    onnxruntime: require('onnxruntime-node/package.json').version,
    ...totals,
    loadSeconds: seconds(started, loaded),
    processSeconds: seconds(loaded, done),
    mainThreadMs: rounded(spent),
    workerThreadMs: rounded(workerSpent),
    labels: Object.fromEntries([...labels].map(([k, v]) => [k, { frames: v.frames, best: +v.best.toFixed(3) }])),
  }) + '\n');
}

function rounded(o) {
  return Object.fromEntries(Object.entries(o).sort().map(([k, v]) => [k, Math.round(v)]));
}

// Raw frames of a fixed size from a stream; each frame is its own buffer (handed to the worker).
async function* frames(stream, size) {
  let buf = Buffer.alloc(0);
  for await (const chunk of stream) {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (buf.length >= size) {
      const frame = new Uint8Array(size);
      frame.set(buf.subarray(0, size));
      buf = buf.subarray(size);
      yield frame;
    }
  }
}

function decodeAudio(file) {
  return new Promise((resolve, reject) => {
    const ff = spawn('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks = [];
    ff.stdout.on('data', (c) => chunks.push(c));
    ff.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg failed on ${file}`));
      const b = Buffer.concat(chunks);
      resolve(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)));
    });
  });
}

// silero VAD v5 (SileroVadEncoder): 512 samples, state [2,1,128] carried, sr 16000.
function makeVad(session) {
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  let state = new ort.Tensor('float32', new Float32Array(256), [2, 1, 128]);
  const input = new Float32Array(512);
  return async (hop) => {
    input.set(hop);
    const out = await run('vad', session, { input: new ort.Tensor('float32', input, [1, 512]), state, sr });
    state = out.stateN;
    return out.output.data[0];
  };
}

// BlazeFace (BlazeFaceDetector).
function makeFaces(session, W, H) {
  const write = makeNhwcWriter(W, H, 256, 1 / 127.5, -1);
  const decode = (scores, boxes, grid, stride, perCell, found) => {
    const anchors = grid * grid * perCell;
    for (let a = 0; a < anchors && a < scores.length; a++) {
      const logit = Math.min(Math.max(scores[a], -80), 80);
      const score = 1 / (1 + Math.exp(-logit));
      if (score < 0.5 || found.length >= 64) continue;
      const cell = (a / perCell) | 0;
      const ax = stride * ((cell % grid) + 0.5), ay = stride * (((cell / grid) | 0) + 0.5);
      const o = a * 16;
      const cx = ax + boxes[o], cy = ay + boxes[o + 1], w = boxes[o + 2], h = boxes[o + 3];
      const box = normalized(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, 256, 256);
      if (box.w * box.h > 0) found.push({ label: 0, score, box });
    }
  };
  return async (rgb) => {
    const out = await run('blazeface', session, { input: new ort.Tensor('float32', pre('blazeface', () => write(rgb)), [1, 256, 256, 3]) });
    const t0 = process.hrtime.bigint();
    const found = [];
    decode(out.scores16.data, out.boxes16.data, 16, 16, 2, found);
    decode(out.scores8.data, out.boxes8.data, 8, 32, 6, found);
    found.sort((a, b) => b.score - a.score);
    const kept = nms(found, 0.3);
    add('blazeface post', t0);
    return kept;
  };
}

// ---- worker thread: CenterNet and PaddleOCR ----

async function workerMain() {
  const { models, threads, W, H } = workerData;
  const [centernet, det, rec] = await Promise.all(['centernet.onnx', 'ppocr-det.onnx', 'ppocr-rec.onnx']
    .map((f) => ort.InferenceSession.create(path.join(models, f), sessionOptions(threads))));
  const dictionary = fs.readFileSync(path.join(models, 'ppocr_keys_v1.txt'), 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  if (dictionary.length > 0 && dictionary[dictionary.length - 1] === '') dictionary.pop();
  const classes = ['', ...dictionary, ' '];
  const objects = makeObjects(centernet, W, H);
  const reader = makeReader(det, rec, classes, W, H);
  parentPort.postMessage({ ready: true });
  parentPort.on('message', async ({ frame, rgb }) => {
    const found = await objects(rgb);
    const { lines, full } = await reader(rgb);
    parentPort.postMessage({ frame, objects: found.map((o) => ({ label: o.label, score: o.score })), text: lines, fullText: full, spent });
  });
}

// CenterNet (CenterNetDetector): the model's own detections rows [x1, y1, x2, y2, score, label] in 512 px, sorted.
function makeObjects(session, W, H) {
  const write = makeNhwcWriter(W, H, 512, 1, 0);
  return async (rgb) => {
    const out = await run('centernet', session, { images: new ort.Tensor('float32', pre('centernet', () => write(rgb)), [1, 512, 512, 3]) });
    const t0 = process.hrtime.bigint();
    const rows = out.detections.data;
    const found = [];
    for (let i = 0; i + 6 <= rows.length && found.length < 100; i += 6) {
      const score = rows[i + 4];
      if (score < 0.3) break;
      const label = rows[i + 5] | 0;
      if (label < 0 || label >= 80) continue;
      const box = normalized(rows[i], rows[i + 1], rows[i + 2], rows[i + 3], 512, 512);
      if (box.w * box.h > 0) found.push({ label, score, box });
    }
    const kept = nms(found, 0.5);
    add('centernet post', t0);
    return kept;
  };
}

// PaddleOCR (PaddleTextReader with TextDetector, DbPostprocessor, TextRecognizer, CtcGreedyDecoder).
function makeReader(det, rec, classes, W, H) {
  const DET_MEAN = [0.485, 0.456, 0.406], DET_STD = [0.229, 0.224, 0.225];
  const half = [0.5, 0.5, 0.5];
  const detect = async (rgb, limit) => {
    const [tw, th] = detectorSize(W, H, limit);
    const key = limit === 640 ? 'ppocr-det' : 'ppocr-det probe';
    const chw = pre(key, () => {
      const t = new Float32Array(3 * tw * th);
      resizeToChw(rgb, W, 0, 0, W, H, t, tw, th, tw, DET_MEAN, DET_STD);
      return t;
    });
    const out = await run(key, det, { x: new ort.Tensor('float32', chw, [1, 3, th, tw]) });
    const map = out['sigmoid_0.tmp_0'];
    const t0 = process.hrtime.bigint();
    const boxes = dbBoxes(map.data, map.dims[3], map.dims[2], W, H, 64);
    add(`${key} post`, t0);
    return boxes;
  };
  return async (rgb) => {
    if ((await detect(rgb, 320)).length === 0) return { lines: [], full: false };
    const boxes = await detect(rgb, 640);
    boxes.sort((a, b) => b.w * b.h - a.w * a.h);
    const lines = [];
    for (const box of boxes.slice(0, 4)) {
      const w = recognizerWidth(box.w, box.h, 48, 48, 640);
      const chw = pre('ppocr-rec', () => {
        const t = new Float32Array(3 * 48 * w);
        resizeToChw(rgb, W, box.x, box.y, box.w, box.h, t, w, 48, w, half, half);
        return t;
      });
      const out = await run('ppocr-rec', rec, { x: new ort.Tensor('float32', chw, [1, 3, 48, w]) });
      const probs = out['softmax_11.tmp_0'];
      const t0 = process.hrtime.bigint();
      const { text, confidence } = ctcDecode(probs.data, probs.dims[1], classes);
      add('ppocr-rec post', t0);
      const trimmed = text.trim();
      if (trimmed.length > 0 && confidence >= 0.6) lines.push(trimmed);
    }
    return { lines, full: true };
  };
}

// OcrImage.DetectorSize: longer side at most limit, each side rounded (half to even, as Math.Round) to 32.
function detectorSize(w, h, limit) {
  const ratio = Math.max(w, h) > limit ? limit / Math.max(w, h) : 1;
  const round32 = (v) => Math.max(32, roundHalfEven(v / 32) * 32);
  return [round32(w * ratio), round32(h * ratio)];
}

function roundHalfEven(v) {
  const f = Math.floor(v), d = v - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

function recognizerWidth(rw, rh, height, min, max) {
  const w = Math.ceil((height * rw) / rh);
  return Math.min(Math.max(Math.floor((w + 7) / 8) * 8, min), max);
}

// DbPostprocessor: threshold 0.3, 8-connected components, box score 0.6, min side 3, unclip 1.5, reading order.
function dbBoxes(map, mw, mh, W, H, maxBoxes) {
  const n = mw * mh;
  const visited = new Uint8Array(n), stack = new Int32Array(n);
  const sx = W / mw, sy = H / mh;
  const boxes = [];
  for (let start = 0; start < n && boxes.length < maxBoxes; start++) {
    if (visited[start] || map[start] <= 0.3) continue;
    let top = 0, minX = 1e9, minY = 1e9, maxX = -1, maxY = -1, sum = 0, pixels = 0;
    stack[top++] = start; visited[start] = 1;
    while (top > 0) {
      const i = stack[--top];
      const x = i % mw, y = (i / mw) | 0;
      if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
      sum += map[i]; pixels++;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= mh) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= mw) continue;
          const j = ny * mw + nx;
          if (!visited[j] && map[j] > 0.3) { visited[j] = 1; stack[top++] = j; }
        }
      }
    }
    const w = maxX - minX + 1, h = maxY - minY + 1;
    if (Math.min(w, h) < 3) continue;
    const score = sum / pixels;
    if (score < 0.6) continue;
    const d = (w * h * 1.5) / (2 * (w + h));
    const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
    const x0 = clamp(Math.floor((minX - d) * sx), 0, W - 1), y0 = clamp(Math.floor((minY - d) * sy), 0, H - 1);
    const x1 = clamp(Math.ceil((maxX + 1 + d) * sx), x0 + 1, W), y1 = clamp(Math.ceil((maxY + 1 + d) * sy), y0 + 1, H);
    boxes.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0, score });
  }
  boxes.sort((a, b) => (a.y !== b.y ? a.y - b.y : a.x - b.x));
  return boxes;
}

// CtcGreedyDecoder: argmax per step, repeats collapsed, blank (0) dropped; confidence = mean kept probability.
function ctcDecode(probs, steps, classes) {
  const k = classes.length;
  let text = '', previous = -1, sum = 0, kept = 0;
  for (let t = 0; t < steps; t++) {
    const o = t * k;
    let best = 0, bestValue = probs[o];
    for (let c = 1; c < k; c++) if (probs[o + c] > bestValue) { bestValue = probs[o + c]; best = c; }
    if (best !== 0 && best !== previous) { text += classes[best]; sum += bestValue; kept++; }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : sum / kept };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`usage: node peer.js --video F --audio F --models DIR [...]; bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ['video', 'audio', 'models']) if (!out[k]) throw new Error(`peer.js: --${k} is required`);
  return out;
}

if (isMainThread) {
  main().catch((e) => { console.error(`peer.js: ${e.stack || e}`); process.exit(1); });
} else {
  workerMain().catch((e) => { console.error(`peer.js worker: ${e.stack || e}`); process.exit(1); });
}
