#!/usr/bin/env python3
"""Whole-pipeline peer: `edge` (the NativeAOT daemon, always-full) against the same pipeline in Node (peer.js on
onnxruntime-node), same models, same frames and audio, alternated edge, node, edge, node, ... in one run
(each round also runs edge with CenterNet and OCR off, so the fast path's own CPU can be subtracted).

    python3 tools/bench/PipelinePeer/run.py [--rounds 3] [--seconds 20] [--edge artifacts/edge/edge] [--report FILE]

Input: the first --seconds of .deps/scenarios/sample (video.mp4 + audio.wav), cut once into a temporary directory so
both read the same files. edge runs `run --profile sample` with Cascade:AlwaysFull=true and Pacing=asfast on both
replay sources; Node runs peer.js. CPU time is the child's rusage from wait4 (its ffmpeg decoders included, since each
side waits for its own). Prints a table and an agreement check, and writes a Markdown report (default
artifacts/bench/pipeline-peer.md).

Work done: Node runs every model on every frame (VAD on every hop). edge runs tiers 0/1 on every frame and tier 2
(CenterNet, OCR, tracking, description) on the latest frame whenever its worker is free, so at Pacing=asfast it takes
far fewer tier-2 passes than frames. The table therefore gives both rates: input frames per second and full passes
(every model on one frame) per second; only the latter compares the same work.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=20.0, help="length of the sample cut both sides run on")
    ap.add_argument("--edge", default=os.path.join(ROOT, "artifacts", "edge", "edge"),
                    help="the NativeAOT binary (default: what ./edge runs, published by ./edge on first use)")
    ap.add_argument("--report", default=os.path.join(ROOT, "artifacts", "bench", "pipeline-peer.md"))
    a = ap.parse_args()
    if a.rounds < 1 or a.seconds <= 0:
        sys.exit("run.py: --rounds must be at least 1 and --seconds positive")

    sample = os.path.join(ROOT, ".deps", "scenarios", "sample")
    models = os.path.join(ROOT, "models-quantized")
    for f in (os.path.join(sample, "video.mp4"), os.path.join(sample, "audio.wav"), os.path.join(models, "manifest.json")):
        if not os.path.exists(f):
            sys.exit(f"run.py: missing {f}: run tools/bootstrap.sh")
    install_node_deps()
    if a.edge == os.path.join(ROOT, "artifacts", "edge", "edge"):
        # ./edge publishes the NativeAOT build when missing or stale; the timed runs then call the binary directly.
        subprocess.run([os.path.join(ROOT, "edge"), "version"], check=True, stdout=subprocess.DEVNULL)
    if not os.access(a.edge, os.X_OK):
        sys.exit(f"run.py: {a.edge} is not an executable (publish with tools/publish-aot.sh <dir>, pass --edge <dir>/edge)")

    work = tempfile.mkdtemp(prefix="pipeline-peer-")
    try:
        video, audio = cut(sample, work, a.seconds)
        runs = []
        for r in range(a.rounds):
            for side in ("edge", "edge-fast", "node"):
                if side == "node":
                    res = run_node(video, audio, models, work, r)
                else:
                    res = run_edge(a.edge, video, audio, work, r, tier2_models=side == "edge")
                res.update(side=side, round=r + 1, load=os.getloadavg()[0])
                runs.append(res)
                print(f"round {r + 1} {side}: {res['frames']} frames, {res['passes']} full passes in {res['process_s']:.1f} s "
                      f"(process {res['wall_s']:.1f} s wall, {res['cpu_s']:.1f} s CPU), load {res['load']:.1f}", file=sys.stderr)
        agreement = agree(os.path.join(work, "edge-1.out"), os.path.join(work, "node-1.jsonl"))
        report = render(a, runs, agreement, video_frames=runs[1]["frames"])
        print(report)
        os.makedirs(os.path.dirname(os.path.abspath(a.report)), exist_ok=True)
        with open(a.report, "w") as f:
            f.write(report)
        print(f"report written to {a.report}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def install_node_deps():
    """The pinned onnxruntime-node from package-lock.json, installed here and only here (not by the bootstrap)."""
    pkg = os.path.join(HERE, "node_modules", "onnxruntime-node", "package.json")
    want = json.load(open(os.path.join(HERE, "package.json")))["dependencies"]["onnxruntime-node"]
    if os.path.exists(pkg) and json.load(open(pkg))["version"] == want:
        return
    print(f"run.py: installing onnxruntime-node {want} (npm ci, pinned by package-lock.json)", file=sys.stderr)
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE, check=True, stdout=sys.stderr)


def cut(sample, work, seconds):
    video, audio = os.path.join(work, "video.mp4"), os.path.join(work, "audio.wav")
    for src, dst in ((os.path.join(sample, "video.mp4"), video), (os.path.join(sample, "audio.wav"), audio)):
        subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", src, "-t", str(seconds), "-c", "copy", dst], check=True)
    return video, audio


def timed(cmd, out_path, env=None):
    """Runs cmd to completion; returns wall seconds and the child's CPU seconds (user + sys, its waited children included)."""
    with open(out_path, "w") as out, open(out_path + ".err", "w") as err:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"run.py: {' '.join(cmd[:2])} exited {p.returncode}; see {out_path}.err:\n" + open(out_path + ".err").read()[-2000:])
    return wall, ru.ru_utime + ru.ru_stime


def run_edge(binary, video, audio, work, r, tier2_models=True):
    """edge always-full; without tier2_models (CenterNet and OCR disabled) the same run is the fast path's CPU alone."""
    out = os.path.join(work, f"edge-{r + 1}.out" if tier2_models else f"edge-fast-{r + 1}.out")
    env = dict(os.environ, EDGE_HOME=ROOT)
    cmd = [binary, "run", "--profile", "sample", "--set", "Cascade:AlwaysFull=true",
           "--set", "Camera:Pacing=asfast", "--set", "Audio:Pacing=asfast",
           "--set", f"Camera:ReplayFile={video}", "--set", f"Audio:ReplayFile={audio}"]
    if not tier2_models:
        cmd += ["--set", "Cascade:Models:Objects=", "--set", "Cascade:Models:OcrDetector=", "--set", "Cascade:Models:OcrRecognizer="]
    wall, cpu = timed(cmd, out, env)
    text = open(out).read()
    m = re.search(r"^summary: ([\d.]+) s of input in ([\d.]+) s; (\d+) frames, (\d+) audio hops", text, re.M)
    p = re.search(r"^tier-2 decisions published: \d+ \((\d+) completed", text, re.M)
    if not m or not p:
        sys.exit(f"run.py: no summary in edge's output ({out})")
    c = re.search(r"^compute: .*$", text, re.M)
    return dict(frames=int(m.group(3)), hops=int(m.group(4)), passes=int(p.group(1)), process_s=float(m.group(2)), wall_s=wall, cpu_s=cpu,
                compute=c.group(0) if c else "")


def run_node(video, audio, models, work, r):
    out = os.path.join(work, f"node-{r + 1}.out")
    cmd = ["node", os.path.join(HERE, "peer.js"), "--video", video, "--audio", audio, "--models", models,
           "--trace", os.path.join(work, f"node-{r + 1}.jsonl")]
    wall, cpu = timed(cmd, out)
    s = json.loads(open(out).read().strip().splitlines()[-1])
    return dict(frames=s["frames"], hops=s["hops"], passes=s["frames"], process_s=s["processSeconds"], wall_s=wall, cpu_s=cpu,
                ort=s["onnxruntime"], split={"main thread": s["mainThreadMs"], "worker thread": s["workerThreadMs"]},
                text_frames=s["textFrames"], full_text=s["fullTextPasses"])


def agree(edge_out, node_trace):
    """Every object and face detection edge published with its score, looked up in Node's detections of the same frame."""
    frames = [json.loads(l) for l in open(node_trace)]
    ns_to_frame = {}
    events = []
    for line in open(edge_out):
        if not line.startswith("{"):
            continue
        msg = json.loads(line)
        payload = msg.get("payload")
        if msg["topic"].endswith("/decisions") and not payload.get("frameless"):
            ns_to_frame[payload["monotonic_ns"]] = payload["sequence"]
        elif msg["topic"].endswith("/events") and payload.get("type") in ("new", "update"):
            after = payload["after"]
            if after.get("source") == "camera" and "score" in after and after["label"] != "text":
                events.append(after)
    from_labels = coco_labels()
    checked = matched = 0
    rows = []
    for e in events:
        f = ns_to_frame.get(e["monotonic_ns"])
        if f is None or f >= len(frames):
            continue
        if e["label"] == "face":
            node_scores = frames[f]["faces"]
        else:
            node_scores = [s for lab, s in frames[f]["objects"] if from_labels[lab] == e["label"]]
        ok = any(abs(s - e["score"]) <= 0.02 for s in node_scores)
        checked += 1
        matched += ok
        if len(rows) < 12:
            rows.append(f"| {f} | {e['label']} | {e['score']:.3f} | {', '.join(f'{s:.3f}' for s in node_scores) or '-'} | {'yes' if ok else 'no'} |")
    speech_node = sum(1 for fr in frames for p in fr["vad"] if p >= 0.5)
    return dict(checked=checked, matched=matched, rows=rows,
                node_objects=sum(len(fr["objects"]) for fr in frames) / max(1, len(frames)),
                node_faces=sum(len(fr["faces"]) for fr in frames) / max(1, len(frames)),
                node_text_frames=sum(1 for fr in frames if fr["text"]),
                node_lines=sorted({t for fr in frames for t in fr["text"]})[:8],
                node_speech_hops=speech_node)


def coco_labels():
    src = open(os.path.join(ROOT, "src", "EdgeRuntime.Cascade", "Detectors", "CocoLabels.cs")).read()
    names = re.findall(r'"([a-z ]+)"', src)
    if len(names) < 80:
        sys.exit("run.py: could not read the 80 COCO labels from CocoLabels.cs")
    return names[:80]


def render(a, runs, agreement, video_frames):
    def med(side, key):
        return statistics.median(r[key] for r in runs if r["side"] == side)

    lines = [f"Whole-pipeline peer, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
             f"first {a.seconds:g} s of the sample ({video_frames} frames), {a.rounds} rounds alternated (edge, node, ...); "
             f"load average {min(r['load'] for r in runs):.1f}-{max(r['load'] for r in runs):.1f} after the runs",
             "",
             "| round | contender | frames | full passes | processing s | frames/s | full passes/s | process wall s | CPU s | CPU s/frame | CPU s/full pass |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in runs:
        r["fps"], r["pps"] = r["frames"] / r["process_s"], r["passes"] / r["process_s"]
        r["cpf"], r["cpp"] = r["cpu_s"] / r["frames"], r["cpu_s"] / r["passes"]
    node_ort = next(r["ort"] for r in runs if r["side"] == "node")
    for r in runs:
        name = {"edge": "edge (NativeAOT, always-full, asfast)", "edge-fast": "edge, CenterNet and OCR off (fast path alone)",
                "node": f"Node (onnxruntime-node {node_ort})"}[r["side"]]
        lines.append(f"| {r['round']} | {name} | {r['frames']} | {r['passes']} | {r['process_s']:.2f} | {r['frames'] / r['process_s']:.2f} | "
                     f"{r['passes'] / r['process_s']:.2f} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['cpu_s'] / r['frames']:.3f} | {r['cpu_s'] / r['passes']:.3f} |")
    lines += ["", "| median | edge | Node | edge/Node |", "| --- | ---: | ---: | ---: |"]
    for key, label in (("fps", "input frames per second"), ("pps", "full passes per second (same work)"),
                       ("cpf", "CPU seconds per input frame"), ("cpp", "CPU seconds per full pass")):
        e, n = med("edge", key), med("node", key)
        lines.append(f"| {label} | {e:.3f} | {n:.3f} | {e / n:.2f} |")
    # Same work on CPU: edge's CPU beyond its fast path, per tier-2 pass, against Node's CPU per full pass.
    extra = (med("edge", "cpu_s") - med("edge-fast", "cpu_s")) / med("edge", "passes")
    lines.append(f"| CPU seconds per full pass, edge's fast path subtracted (median CPU of edge minus edge with CenterNet and OCR off, "
                 f"over edge's median passes) | {extra:.3f} | {med('node', 'cpp'):.3f} | {extra / med('node', 'cpp'):.2f} |")
    first = next(r for r in runs if r["side"] == "node")
    lines += ["", f"Where Node's time goes (round 1, milliseconds per frame over {first['frames']} frames; `pre`: JavaScript preprocessing, "
              f"`run`: inside session.run, `post`: JavaScript decoding; OCR's full detector ran on {first['full_text']} frames, "
              f"text was read on {first['text_frames']}):", ""]
    for thread, split in first["split"].items():
        lines.append(f"- {thread}: " + ", ".join(f"{k} {v / first['frames']:.1f}" for k, v in split.items()))
    lines += ["", "edge's own account of each round (its summary's compute line: wall time per tier and model on their threads):", ""]
    lines += [f"- round {r['round']}{'' if r['side'] == 'edge' else ' (CenterNet and OCR off)'}: {r['compute']}" for r in runs if r["side"] != "node"]
    ag = agreement
    lines += ["",
              f"Agreement (round 1): of {ag['checked']} detections edge published with a score (object and face events, tier 1 and 2), "
              f"{ag['matched']} are in Node's detections of the same frame within 0.02 of the score. "
              f"Node per frame: {ag['node_objects']:.2f} objects, {ag['node_faces']:.2f} faces; text read in {ag['node_text_frames']} frames "
              f"({'; '.join(ag['node_lines']) or 'none'}); {ag['node_speech_hops']} VAD hops at or above 0.5.",
              "", "| frame | label | edge score | Node scores (same label, same frame) | match |", "| ---: | --- | ---: | --- | --- |",
              *ag["rows"], ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
