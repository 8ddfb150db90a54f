#!/usr/bin/env python3
"""Checks what an emulated board's `edge run` published (tools/board-emulation.sh), as captured by mosquitto_sub -F %j.

  --check RUN            the run went online, published events (speech among them) and a non-empty scene description,
                         and stopped
  --reference REF RUN    RUN (arm64, under qemu) agrees with REF (amd64): the same labels got a `new` event, the
                         first `new` event of each label scores within SCORE_TOLERANCE of REF's, and the first
                         (start-up) description says the same.

Why only the first event of each label and the start-up description: at Pacing=asfast every frame and audio hop goes
through tiers 0 and 1, so their events are the same on both; tier 2 runs beside them and drops escalations while busy,
so under emulation (several times slower) it completes fewer passes, and its later updates and descriptions come from
other frames. The start-up pass always looks at the first frame.
Exit 0 when the check holds, 1 (with one line per difference) when it does not, 2 on bad usage or an unreadable file.
"""
import json
import sys

# Scores are model outputs in [0, 1] on the same decoded input. They differ between the two builds of ONNX Runtime
# only by kernel rounding: x86-64 (AVX2/FMA) and arm64 (NEON) kernels sum in a different order, and the INT8 model's
# requantization can land one step apart; ffmpeg's colour conversion to the models' RGB input has per-architecture SIMD
# paths that may differ by one level in a pixel. Measured: at most 0.0006 (docs/benchmarks.md, "Emulated boards").
# 0.02 is some 30 times that and still well under the gap between a confident and an unsure detection (the cascade's
# uncertainty band is 0.35-0.65), so it flags a wrong result (garbage from a miscompiled kernel), not rounding.
SCORE_TOLERANCE = 0.02


def load(path):
    messages = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                m = json.loads(line)
                if m.get("retain"):
                    # Delivered from the broker's store on subscribing: an earlier run's, not this one's.
                    continue
                payload = m.get("payload", "")
                if isinstance(payload, str) and payload[:1] in "{[":
                    payload = json.loads(payload)
                messages.append((m["topic"], payload))
    except (OSError, ValueError, KeyError) as e:
        print(f"{path}: cannot read the captured messages: {e}", file=sys.stderr)
        sys.exit(2)
    return messages


def summarize(messages):
    first_new, labels, scenes, available = {}, set(), [], []
    for topic, p in messages:
        if topic == "edge/available":
            available.append(p)
        elif topic == "edge/events" and isinstance(p, dict):
            thing = p.get("after") or p.get("before") or {}
            labels.add(thing.get("label"))
            if p.get("type") == "new":
                first_new.setdefault(thing.get("label"), thing.get("score"))
        elif topic == "edge/scene" and isinstance(p, dict):
            scenes.append(p.get("text") or "")
    return first_new, labels, scenes, available


def check(path):
    first_new, _, scenes, available = summarize(load(path))
    problems = []
    if available[:1] != ["online"] or available[-1:] != ["stopped"]:
        problems.append(f"edge/available went {available}, not online ... stopped")
    if not first_new:
        problems.append("no `new` event on edge/events")
    elif "speech" not in first_new:
        # The sample's first seconds hold a spoken sentence: the voice-activity model must have run on this board's kernels.
        problems.append("no `speech` event on edge/events (the sample speaks in its first seconds)")
    if not any(s.strip() for s in scenes):
        problems.append("no scene description (edge/scene with text)")
    for p in problems:
        print(f"{path}: {p}")
    if problems:
        return 1
    events = ", ".join(f"{label} {score:.4f}" for label, score in first_new.items())
    print(f"events ok: first new of each label: {events}; {len(scenes)} description(s), first: \"{scenes[0]}\"")
    return 0


def compare(ref_path, run_path):
    ref_new, _, ref_scenes, _ = summarize(load(ref_path))
    run_new, _, run_scenes, _ = summarize(load(run_path))
    problems = []
    if set(ref_new) != set(run_new):
        problems.append(f"labels with a `new` event differ: {sorted(run_new)} against {sorted(ref_new)}")
    worst = 0.0
    for label in sorted(set(ref_new) & set(run_new)):
        d = abs(run_new[label] - ref_new[label])
        worst = max(worst, d)
        if d > SCORE_TOLERANCE:
            problems.append(f"{label}: score {run_new[label]:.4f} against {ref_new[label]:.4f} (off by {d:.4f} > {SCORE_TOLERANCE})")
    if ref_scenes[:1] != run_scenes[:1]:
        problems.append(f"start-up description \"{(run_scenes or [''])[0]}\" against \"{(ref_scenes or [''])[0]}\"")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"agree: labels {sorted(run_new)}, largest score difference {worst:.5f} (tolerance {SCORE_TOLERANCE}), "
          f"start-up description \"{run_scenes[0]}\"; descriptions {len(run_scenes)} against {len(ref_scenes)}")
    return 0


def main(argv):
    if len(argv) == 2 and argv[0] == "--check":
        return check(argv[1])
    if len(argv) == 3 and argv[0] == "--reference":
        return compare(argv[1], argv[2])
    print("usage: board-emulation-compare.py --check RUN.jsonl | --reference REF.jsonl RUN.jsonl", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
