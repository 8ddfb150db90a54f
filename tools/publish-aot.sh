#!/usr/bin/env bash
# Publishes the `edge` daemon with NativeAOT and proves it runs: prints the binary size and the time to run
# `edge version`. Uses net10.0 when its NativeAOT runtime pack can be restored; otherwise (as on the build
# machines here, whose NuGet copy lacks it) proves the same code with the net9.0 ILCompiler via AotProofTfm.
# usage: tools/publish-aot.sh [OUTPUT_DIR]      (default: artifacts/aot/<rid>)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -m)" in x86_64|amd64) RID=linux-x64 ;; aarch64|arm64) RID=linux-arm64 ;; *) RID="linux-$(uname -m)" ;; esac
OUT="${1:-$ROOT/artifacts/aot/$RID}"
PROJECT="$ROOT/src/EdgeRuntime.Daemon/EdgeRuntime.Daemon.csproj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

TFM=""
for candidate in net10.0 net9.0; do
  if dotnet restore "$PROJECT" -r "$RID" -p:PublishAot=true -p:AotProofTfm="$candidate" --nologo -v quiet >"$ROOT/artifacts.restore-$candidate.log" 2>&1; then
    TFM="$candidate"; rm -f "$ROOT/artifacts.restore-$candidate.log"; break
  fi
  echo "publish-aot: NativeAOT restore for $candidate failed ($(grep -oE 'NU1[0-9]{3}: [A-Za-z ]+ [^ ]+' "$ROOT/artifacts.restore-$candidate.log" | head -n1)); trying the next target" >&2
  rm -f "$ROOT/artifacts.restore-$candidate.log"
done
[ -n "$TFM" ] || { echo "publish-aot: no target framework could restore the NativeAOT toolchain" >&2; exit 1; }

log="$(mktemp)"; trap 'rm -f "$log"' EXIT
if ! dotnet publish "$PROJECT" -c Release -r "$RID" -p:PublishAot=true -p:AotProofTfm="$TFM" --no-restore -o "$OUT" --nologo >"$log" 2>&1; then
  cat "$log" >&2; echo "publish-aot: publish failed" >&2; exit 1
fi
# Zero AOT/trim warnings but the one documented in docs/aot.md: warnings are errors, and any IL2xxx/IL3xxx line that
# slipped through fails the proof too. The exception is exact: System.Device.Gpio's libgpiod v2 binding (IL2091 in
# UnmanagedArray<T>.ReadToManagedArray), kept a warning for this publish by EdgeRuntime.Daemon.csproj.
allowed='IL2091: System.Device.Gpio.UnmanagedArray`1.ReadToManagedArray()'
if grep -E 'warning (IL[23][0-9]{3}|CS[0-9]+)' "$log" | grep -vF "$allowed" >&2; then echo "publish-aot: the publish produced warnings" >&2; exit 1; fi
documented=$(grep -E 'warning IL[23][0-9]{3}' "$log" | grep -cF "$allowed" || true)

BIN="$OUT/edge"
[ -x "$BIN" ] || { echo "publish-aot: $BIN not produced" >&2; exit 1; }
size=$(stat -c %s "$BIN")
"$BIN" version >/dev/null   # warm the page cache once
best=""; runs=()
for _ in 1 2 3 4 5 6 7; do
  s=$(date +%s%N); "$BIN" version >/dev/null; e=$(date +%s%N)
  runs+=( $(( (e - s) / 1000 )) )
done
median_us=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 4p)
echo "publish-aot: target $TFM/$RID"
echo "publish-aot: warnings: 0 besides the documented System.Device.Gpio IL2091 (reported $documented time(s); docs/aot.md)"
echo "publish-aot: binary $BIN"
printf 'publish-aot: size %d bytes (%.1f MB)\n' "$size" "$(echo "$size / 1048576" | bc -l)"
printf 'publish-aot: edge version start-up to exit, median of 7: %.1f ms\n' "$(echo "$median_us / 1000" | bc -l)"
"$BIN" version | sed 's/^/publish-aot: | /'
# The GPIO and distance paths in the NativeAOT binary (System.Device.Gpio, System.Device.I2c, Iot.Device.Bindings, all
# trimmed): `edge devices` probes libgpiod and lists chips through the driver it chose, and opens a distance sensor
# configured on a bus that does not exist, which it must report and survive (exit 0), not crash on.
devices="$(EDGE_HOME="$ROOT" "$BIN" devices --set Distance:Enabled=true --set Distance:Bus=99 2>&1)" \
  || { echo "$devices" >&2; echo "publish-aot: edge devices failed in the NativeAOT binary" >&2; exit 1; }
grep -q '^GPIO chips (through libgpiod v[12] (libgpiod.so.[23]' <<<"$devices" \
  || { echo "$devices" >&2; echo "publish-aot: edge devices did not name the libgpiod backend" >&2; exit 1; }
grep -q 'cannot open: .*/dev/i2c-99' <<<"$devices" \
  || { echo "$devices" >&2; echo "publish-aot: edge devices did not report the absent I2C bus of the distance sensor" >&2; exit 1; }
grep -E '^GPIO chips|^Distance sensor|/dev/i2c-99|cannot open' <<<"$devices" | sed 's/^/publish-aot: devices | /'
