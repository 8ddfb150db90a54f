#!/usr/bin/env bash
# The whole test suite: bootstrap, build, every test project (including the NativeAOT publish proof).
# README's second quick-start command and .ci/run both call this script.
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
set -e
# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $i); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s; if (p == 0) exit 1 }' "$log" || { echo "no tests ran" >&2; rc=1; }
exit "$rc"
