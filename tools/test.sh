#!/usr/bin/env bash
# The whole test suite: bootstrap, build, every test project (including the NativeAOT publish proof), then the emulated
# boards (tools/board-emulation.sh: both Debian packages installed into bookworm arm64 and amd64 roots and run there),
# after the tests and alone, so its qemu load does not starve their timing. README's second quick-start command and
# .ci/run both call this script. Arguments go to `dotnet test` (e.g. --filter); a run given any runs only those tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export EDGE_HOME="$ROOT" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tools/bootstrap.sh
dotnet build EdgeRuntime.sln -c Release --nologo -v quiet -clp:"ErrorsOnly;NoSummary"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test EdgeRuntime.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
board=""   # the emulated boards count as one test: passed or failed
if [ $# -eq 0 ]; then
  echo "board emulation (tools/board-emulation.sh; cached roots in .deps/roots, logs in artifacts/board-emulation):"
  if tools/board-emulation.sh; then board=passed; else board=failed; rc=1; fi
  echo "board emulation: $board"
fi
set -e
# One closing line for the whole run, summed over the test assemblies (and the emulated boards).
awk -v board="$board" '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $i); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { p += (board == "passed"); f += (board == "failed")
           printf "%d passed, %d failed, %d skipped\n", p, f, s; if (p == 0) exit 1 }' "$log" || { echo "no tests ran" >&2; rc=1; }
exit "$rc"
