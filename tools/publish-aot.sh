#!/usr/bin/env bash
# Publishes the `edge` daemon with NativeAOT and proves it runs: prints the binary size and the time to run
# `edge version`. Uses net10.0 when its NativeAOT runtime pack can be restored; otherwise (as on the build
# machines here, whose NuGet copy lacks it) proves the same code with the net9.0 ILCompiler via AotProofTfm.
# With --rid for another architecture (linux-arm64 from an x86-64 machine) it cross-publishes: the cross toolchain
# (clang, lld, Debian's arm64 sysroot) is installed by `tools/bootstrap.sh --cross-arm64` first, and the proof is that
# `edge` and every library beside it are ELF for that architecture (and, where qemu-aarch64 is installed, that
# `edge version` runs under it) instead of the timing and the devices check (docs/aot.md).
# usage: tools/publish-aot.sh [--rid linux-x64|linux-arm64] [OUTPUT_DIR]
#        (default RID: this machine's; default OUTPUT_DIR: artifacts/aot/<rid>)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -m)" in x86_64|amd64) HOST_RID=linux-x64 ;; aarch64|arm64) HOST_RID=linux-arm64 ;; *) HOST_RID="linux-$(uname -m)" ;; esac
RID="$HOST_RID"; OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) [ $# -ge 2 ] || { echo "publish-aot: --rid needs a value (linux-x64 or linux-arm64)" >&2; exit 2; }; RID="$2"; shift 2 ;;
    --rid=*) RID="${1#--rid=}"; shift ;;
    -h|--help) sed -n 's/^# usage: /usage: /p; s/^#        /       /p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "publish-aot: unknown option '$1' (usage: tools/publish-aot.sh [--rid linux-x64|linux-arm64] [OUTPUT_DIR])" >&2; exit 2 ;;
    *) [ -z "$OUT" ] || { echo "publish-aot: more than one OUTPUT_DIR given ('$OUT', '$1')" >&2; exit 2; }; OUT="$1"; shift ;;
  esac
done
case "$RID" in linux-x64|linux-arm64) ;; *) echo "publish-aot: --rid '$RID' is not supported (linux-x64 or linux-arm64)" >&2; exit 2 ;; esac
OUT="${OUT:-$ROOT/artifacts/aot/$RID}"
PROJECT="$ROOT/src/EdgeRuntime.Daemon/EdgeRuntime.Daemon.csproj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Cross-publishing: ILCompiler emits the target's object; clang links it for the target triple the ILCompiler targets
# pass (--target=aarch64-linux-gnu) with lld (the host's GNU ld knows only x86), against Debian's cross sysroot, which
# clang finds by itself. The native libraries copied from .deps/native are the target's (EdgeNativeRid).
cross_args=()
if [ "$RID" != "$HOST_RID" ]; then
  [ "$RID" = linux-arm64 ] && [ "$HOST_RID" = linux-x64 ] \
    || { echo "publish-aot: cross-publishing from $HOST_RID to $RID is not supported (only linux-x64 to linux-arm64)" >&2; exit 2; }
  "$ROOT/tools/bootstrap.sh" --quiet --cross-arm64 >&2 || { echo "publish-aot: the linux-arm64 cross toolchain could not be installed (see above)" >&2; exit 1; }
  cross_args=(-p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld -p:EdgeNativeRid="$RID")
fi

TFM=""
for candidate in net10.0 net9.0; do
  if dotnet restore "$PROJECT" -r "$RID" -p:PublishAot=true -p:AotProofTfm="$candidate" ${cross_args[@]+"${cross_args[@]}"} --nologo -v quiet >"$ROOT/artifacts.restore-$candidate.log" 2>&1; then
    TFM="$candidate"; rm -f "$ROOT/artifacts.restore-$candidate.log"; break
  fi
  echo "publish-aot: NativeAOT restore for $candidate failed ($(grep -oE 'NU1[0-9]{3}: [A-Za-z ]+ [^ ]+' "$ROOT/artifacts.restore-$candidate.log" | head -n1)); trying the next target" >&2
  rm -f "$ROOT/artifacts.restore-$candidate.log"
done
[ -n "$TFM" ] || { echo "publish-aot: no target framework could restore the NativeAOT toolchain" >&2; exit 1; }

log="$(mktemp)"; trap 'rm -f "$log"' EXIT
if ! dotnet publish "$PROJECT" -c Release -r "$RID" -p:PublishAot=true -p:AotProofTfm="$TFM" --no-restore -o "$OUT" --nologo ${cross_args[@]+"${cross_args[@]}"} >"$log" 2>&1; then
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
if [ "$RID" != "$HOST_RID" ]; then
  # This machine cannot run the binary natively: prove the architecture of what ships (edge and every library beside
  # it, libonnxruntime.so from the package's runtimes/linux-arm64/native among them), then run `edge version` under
  # qemu-aarch64 with the sysroot's ld.so and glibc when qemu is installed (optional: it is not a board).
  command -v file >/dev/null 2>&1 || { echo "publish-aot: 'file' is needed to check the cross-published binaries" >&2; exit 1; }
  echo "publish-aot: target $TFM/$RID (cross-published from $HOST_RID)"
  echo "publish-aot: warnings: 0 besides the documented System.Device.Gpio IL2091 (reported $documented time(s); docs/aot.md)"
  echo "publish-aot: binary $BIN"
  printf 'publish-aot: size %d bytes (%.1f MB)\n' "$size" "$(echo "$size / 1048576" | bc -l)"
  wrong=0
  while IFS= read -r -d '' f; do
    desc="$(file -bL "$f")"
    case "$desc" in "ELF 64-bit LSB "*", ARM aarch64,"*) ;; *) echo "publish-aot: ${f#"$OUT"/} is not an arm64 ELF: $desc" >&2; wrong=1 ;; esac
    echo "publish-aot: arch | ${f#"$OUT"/}: ${desc%%, BuildID*}"
  done < <(find "$OUT" -maxdepth 1 -type f \( -name edge -o -name '*.so' -o -name '*.so.*' \) -print0 | sort -z)
  [ "$wrong" = 0 ] || { echo "publish-aot: the $RID output holds binaries for another architecture" >&2; exit 1; }
  qemu="$(command -v qemu-aarch64 || command -v qemu-aarch64-static || true)"   # Debian names it qemu-aarch64-static
  if [ -n "$qemu" ] && [ -d /usr/aarch64-linux-gnu ]; then
    if version="$("$qemu" -L /usr/aarch64-linux-gnu "$BIN" version 2>&1)"; then
      sed 's/^/publish-aot: qemu | /' <<<"$version"
    else
      echo "$version" >&2; echo "publish-aot: edge version failed under qemu-aarch64" >&2; exit 1
    fi
  else
    echo "publish-aot: qemu-aarch64 not installed: edge version not run (apt-get install qemu-user-static to run it here)"
  fi
  exit 0
fi
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
