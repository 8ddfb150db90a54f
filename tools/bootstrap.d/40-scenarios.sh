# shellcheck shell=bash
# Scenarios: the ~60 s sample (README command 1 plays it) and the evaluation set (edge eval), generated from real
# photos, espeak-ng speech and sox noise by tools/Scenarios. Sourced by tools/bootstrap.sh.
# Idempotent: a stamp holds the sha256 of the specs, the image catalog and the generator's sources; when it matches
# and the outputs exist the step costs a few milliseconds. Otherwise the generator is built and run; it also skips
# each scenario whose truth.json already carries the same per-scenario spec hash.

scenarios_stamp() {
  (cd "$ROOT/tools/Scenarios" && find . -path ./bin -prune -o -path ./obj -prune -o -type f \( -name '*.cs' -o -name '*.json' -o -name '*.csproj' \) -print \
     | LC_ALL=C sort | xargs sha256sum; sha256sum "$ROOT/src/EdgeRuntime.Cascade/Evaluation/GroundTruth.cs" | cut -d' ' -f1) | sha256sum | cut -d' ' -f1
}

step_scenarios() {
  local name="scenarios (sample + eval set)" out="$DEPS/scenarios" stamp want
  stamp="$out/.stamp"
  want="$(scenarios_stamp)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$out/sample/truth.json" ] \
     && [ "$(find "$out/eval" -name truth.json 2>/dev/null | wc -l)" -ge 10 ]; then
    step_ok "$name"; return
  fi
  local log="$DEPS/scenarios.log" started; started=$(date +%s)
  step_work "building scenarios (the sample and the evaluation set, from photos, espeak-ng speech and sox noise) — first run or generator changed, a few minutes"
  mkdir -p "$out"
  if ! dotnet build "$ROOT/tools/Scenarios/Scenarios.csproj" -c Release --nologo -v quiet -clp:"ErrorsOnly;NoSummary" >"$log" 2>&1; then
    step_failed "$name" "build of tools/Scenarios failed; see $log"; return
  fi
  local tool="$ROOT/tools/Scenarios/bin/Release/net10.0/edge-scenarios.dll" data="$ROOT/tools/Scenarios/data"
  if dotnet "$tool" --spec "$data/specs/sample.json" --catalog "$data/images.json" --out "$out/sample" >>"$log" 2>&1 \
     && dotnet "$tool" --spec "$data/specs/eval.json" --catalog "$data/images.json" --out "$out/eval" >>"$log" 2>&1; then
    echo "$want" >"$stamp"
    step_done "$name" "$out in $(( $(date +%s) - started )) s"
  else
    step_failed "$name" "generator failed; see $log: $(tail -n1 "$log")"
  fi
}

step_scenarios
