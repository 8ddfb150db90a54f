#!/usr/bin/env bash
# An emulated Raspberry Pi (and its amd64 twin) for CI: installs the Debian packages of tools/package.sh into clean
# Debian bookworm roots with apt, so their Depends resolve for real, then runs the installed daemon inside them:
# `edge version`, `edge models verify`, `edge doctor` (when the binary has it) and `edge run --profile sample` on the
# first seconds of the sample scenario against a mosquitto on loopback, and checks that both runs published events and
# a spoken description, and that the arm64 run agrees with the amd64 (x86-64) one (tools/board-emulation-compare.py).
#
# The roots are made once with debootstrap (minbase, Debian's own archive: the bookworm mirror of this machine's apt
# sources) and cached in .deps/roots/bookworm-<arch>; a stamp written last marks one complete, so a root left half-built
# by an interrupted run is made again. arm64 runs through qemu-aarch64 registered with binfmt_misc (the second
# debootstrap stage too). Each run installs into a throwaway overlay of the cached root (a copy where overlayfs is
# refused) and unmounts and deletes it on exit; downloaded .debs are kept in .deps/roots/apt-<arch>.
# Timings under emulation say nothing about a board; correctness does. Needs root (or passwordless sudo).
#
# usage: tools/board-emulation.sh [--arch arm64|amd64|all] [--seconds N] [--out DIR]
#        (default: all (amd64, then arm64, compared); 6 s of the sample; logs in artifacts/board-emulation)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USAGE="usage: tools/board-emulation.sh [--arch arm64|amd64|all] [--seconds N] [--out DIR]"
ARCHES=(amd64 arm64); SECONDS_CUT=6; OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || { echo "board-emulation: --arch needs a value (arm64, amd64 or all)" >&2; exit 2; }
            case "$2" in all) ARCHES=(amd64 arm64) ;; arm64|amd64) ARCHES=("$2") ;;
              *) echo "board-emulation: --arch '$2' is not supported (arm64, amd64 or all)" >&2; exit 2 ;; esac; shift 2 ;;
    --seconds) [[ "${2:-}" =~ ^[0-9]+$ ]] && [ "$2" -ge 2 ] && [ "$2" -le 60 ] \
                 || { echo "board-emulation: --seconds needs a whole number of seconds from 2 to 60" >&2; exit 2; }
               SECONDS_CUT="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "board-emulation: --out needs a directory" >&2; exit 2; }; OUT="$2"; shift 2 ;;
    -h|--help) sed -n 's/^# usage: /usage: /p; s/^#        /       /p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "board-emulation: unknown argument '$1' ($USAGE)" >&2; exit 2 ;;
  esac
done
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then exec sudo -E "$0" "$@"; fi
  echo "board-emulation: needs root (chroot, mount) or passwordless sudo" >&2; exit 1
fi

DEPS="$ROOT/.deps"; ROOTS="$DEPS/roots"; SUITE=bookworm
OUT="${OUT:-$ROOT/artifacts/board-emulation}"; mkdir -p "$OUT" "$ROOTS"; OUT="$(cd "$OUT" && pwd)"
say() { echo "board-emulation: $*"; }
fail() { echo "board-emulation: $*" >&2; exit 1; }
now() { date +%s; }

# --- tools: debootstrap, qemu-user-static, binfmt-support (tools/apt-packages-emulation.txt) --------------------------
"$ROOT/tools/bootstrap.sh" --quiet --board-emulation || fail "debootstrap and qemu could not be installed (see above)"
for tool in debootstrap chroot mount ffmpeg mosquitto mosquitto_sub mosquitto_pub python3; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is needed (tools/bootstrap.sh installs it)"
done

# --- one run at a time: the cached roots are shared --------------------------------------------------------------------
exec 8>"$ROOTS/.lock"
flock 8

# unmount_under DIR: every mount point at or below DIR, deepest first (a lazy unmount when one is busy).
unmount_under() {
  local dir; dir="$(realpath -m "$1")"
  awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
}
# remove_tree DIR: deletes DIR only when nothing is mounted below it any more (a bound /dev must never be deleted).
remove_tree() {
  [ -e "$1" ] || return 0
  unmount_under "$1"
  if awk -v d="$(realpath -m "$1")" 'index($2, d "/") == 1 || $2 == d { found = 1 } END { exit !found }' /proc/self/mounts; then
    echo "board-emulation: $1 still has mounts below it; not deleting it" >&2; return 1
  fi
  rm -rf --one-file-system "$1"
}

WORKS=()
cleanup() {
  local w
  for w in ${WORKS[@]+"${WORKS[@]}"}; do remove_tree "$w" || true; done
  [ -z "${BROKER_PID:-}" ] || kill "$BROKER_PID" 2>/dev/null || true
  [ -z "${SUB_PID:-}" ] || kill "$SUB_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Throwaway trees of runs that were killed before their trap ran.
for stale in "$ROOTS"/work.*; do
  [ -e "$stale" ] || continue
  pid="${stale##*.}"; kill -0 "$pid" 2>/dev/null && continue
  say "removing the throwaway root of an interrupted run (${stale#"$ROOT"/})"; remove_tree "$stale" || fail "could not remove $stale"
done

# --- binfmt_misc: qemu-aarch64 runs arm64 binaries (fix_binary: the interpreter need not be inside the chroot) -------
ensure_binfmt() {
  local bm=/proc/sys/fs/binfmt_misc
  if ! mountpoint -q "$bm"; then
    mount -t binfmt_misc binfmt_misc "$bm" || fail "could not mount binfmt_misc on $bm (a container needs it from its host)"
    say "mounted binfmt_misc"
  fi
  if [ ! -e "$bm/qemu-aarch64" ]; then
    command -v update-binfmts >/dev/null 2>&1 || fail "update-binfmts (binfmt-support) is missing"
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || update-binfmts --import qemu-aarch64 >/dev/null 2>&1 || true
  fi
  grep -qx enabled "$bm/qemu-aarch64" 2>/dev/null || fail "qemu-aarch64 is not registered in $bm (update-binfmts --enable qemu-aarch64)"
  say "qemu-aarch64 registered with binfmt_misc ($(sed -n 's/^interpreter //p' "$bm/qemu-aarch64"))"
}

# The bookworm mirror of this machine's apt sources (deb822 or one-line), else Debian's own.
debian_mirror() {
  local m=""
  m="$(awk 'BEGIN{RS=""} /Suites:[^\n]*[[:space:]]'"$SUITE"'([[:space:]]|$)/ && !/security/ { if (match($0, /URIs:[[:space:]]*[^[:space:]]+/)) { s = substr($0, RSTART, RLENGTH); sub(/URIs:[[:space:]]*/, "", s); print s; exit } }' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
  [ -n "$m" ] || m="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i == "'"$SUITE"'") { print $(i-1); exit } }' \
        /etc/apt/sources.list 2>/dev/null || true)"
  echo "${m:-http://deb.debian.org/debian}"
}
MIRROR="$(debian_mirror)"

# --- the cached roots -------------------------------------------------------------------------------------------------
# ensure_root ARCH: .deps/roots/bookworm-ARCH, complete when its stamp (written last) holds this key.
ensure_root() {
  local arch="$1" dir="$ROOTS/$SUITE-$1" key started
  key="debootstrap $SUITE $arch minbase $MIRROR"
  if [ -d "$dir" ] && [ "$(cat "$dir.stamp" 2>/dev/null)" = "$key" ]; then
    say "$arch root cached (${dir#"$ROOT"/})"; T_DEBOOTSTRAP[$arch]=0; return
  fi
  say "$arch root: making it with debootstrap from $MIRROR (a few minutes$([ "$arch" = arm64 ] && echo ', the second stage under qemu'))"
  started=$(now)
  rm -f "$dir.stamp"; remove_tree "$dir" || fail "could not remove the incomplete root $dir"; remove_tree "$dir.partial" || fail "could not remove $dir.partial"
  local log="$OUT/debootstrap-$arch.log"
  if [ "$arch" = arm64 ]; then
    debootstrap --foreign --arch=arm64 --variant=minbase "$SUITE" "$dir.partial" "$MIRROR" >"$log" 2>&1 \
      && chroot "$dir.partial" /debootstrap/debootstrap --second-stage >>"$log" 2>&1 \
      || { unmount_under "$dir.partial"; fail "debootstrap of the $arch root failed; see $log: $(tail -n1 "$log")"; }
  else
    debootstrap --arch="$arch" --variant=minbase "$SUITE" "$dir.partial" "$MIRROR" >"$log" 2>&1 \
      || { unmount_under "$dir.partial"; fail "debootstrap of the $arch root failed; see $log: $(tail -n1 "$log")"; }
  fi
  unmount_under "$dir.partial"
  mv "$dir.partial" "$dir"
  echo "$key" >"$dir.stamp"
  T_DEBOOTSTRAP[$arch]=$(( $(now) - started ))
  say "$arch root made in ${T_DEBOOTSTRAP[$arch]} s ($(du -sm "$dir" | cut -f1) MB)"
}

# in_root DIR COMMAND...: runs COMMAND inside DIR with a clean environment.
in_root() {
  local dir="$1"; shift
  chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# --- a broker on loopback, shared with the chroots (same network namespace), and an independent subscriber ----------
start_broker() {
  local conf="$OUT/mosquitto.conf" port
  for _ in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + RANDOM % 20000 ))
    printf 'listener %d 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" >"$conf"
    mosquitto -c "$conf" >"$OUT/mosquitto.log" 2>&1 & BROKER_PID=$!
    local deadline=$(( $(now) + 10 ))
    while [ "$(now)" -lt "$deadline" ] && kill -0 "$BROKER_PID" 2>/dev/null; do
      if mosquitto_pub -h 127.0.0.1 -p "$port" -t edge-probe -m x 2>/dev/null; then BROKER_PORT=$port; return 0; fi
      sleep 0.1
    done
    kill "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; BROKER_PID=""
  done
  fail "could not start mosquitto on a loopback port; see $OUT/mosquitto.log"
}

# --- the short scenario: the first SECONDS_CUT seconds of the sample, the same file for both runs ---------------------
make_scenario() {
  local sample="$DEPS/scenarios/sample" dir="$OUT/scenario"
  [ -f "$sample/video.mp4" ] && [ -f "$sample/audio.wav" ] || fail "the sample scenario is missing in $sample (tools/bootstrap.sh makes it)"
  mkdir -p "$dir"
  ffmpeg -loglevel error -y -i "$sample/video.mp4" -t "$SECONDS_CUT" -an -c:v libx264 -preset veryfast -crf 18 "$dir/video.mp4" \
    && ffmpeg -loglevel error -y -i "$sample/audio.wav" -t "$SECONDS_CUT" -c copy "$dir/audio.wav" \
    || fail "could not cut $SECONDS_CUT s of the sample scenario"
  SCENARIO="$dir"
}

# --- one board: install the package into a throwaway root and run the daemon there ------------------------------------
declare -A T_DEBOOTSTRAP T_PACKAGE T_INSTALL T_CHECKS T_RUN
board() {
  local arch="$1" deb="$2" base="$ROOTS/$SUITE-$1" work="$ROOTS/work.$1.$$" r log started
  WORKS+=("$work")
  mkdir -p "$work/upper" "$work/ovl" "$work/merged" "$ROOTS/apt-$arch/partial"
  r="$work/merged"
  if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/ovl" "$r" 2>/dev/null; then
    say "$arch: overlayfs refused here; copying the root instead"
    cp -a "$base/." "$r/"
  fi
  mount -t proc proc "$r/proc"
  mount -t sysfs sysfs "$r/sys"
  mount --bind /dev "$r/dev"
  mount --bind "$ROOTS/apt-$arch" "$r/var/cache/apt/archives"
  cp -L /etc/resolv.conf "$r/etc/resolv.conf"
  # No service starts inside a chroot (invoke-rc.d honours this); the postinst must still succeed.
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"; chmod 0755 "$r/usr/sbin/policy-rc.d"
  cp "$deb" "$r/tmp/"

  log="$OUT/$arch-install.log"; started=$(now)
  say "$arch: apt-get install ./$(basename "$deb") (Depends from $MIRROR$([ "$arch" = arm64 ] && echo ', under qemu'))"
  in_root "$r" sh -c "apt-get update -qq && apt-get install -y -q --no-install-recommends /tmp/$(basename "$deb")" >"$log" 2>&1 \
    || fail "$arch: installing the package failed; see $log: $(tail -n3 "$log" | tr '\n' ' ')"
  T_INSTALL[$arch]=$(( $(now) - started ))
  say "$arch: installed in ${T_INSTALL[$arch]} s ($(grep -c '^Setting up ' "$log") packages with its Depends)"
  # The maintainer scripts' own output: nothing but apt's lines between "Setting up edge" and the next package.
  if sed -n '/^Setting up edge /,/^\(Setting up\|Processing triggers\) /p' "$log" | sed '1d;$d' | grep -iE 'warn|error|fail'; then
    fail "$arch: the package's postinst complained (above; $log)"
  fi

  # What postinst promised: the edge user, its state directory, the unit and its enablement.
  in_root "$r" sh -ec 'getent passwd edge >/dev/null; [ "$(stat -c %U:%G:%a /var/lib/edge)" = edge:edge:750 ]
    test -f /lib/systemd/system/edge.service; test -L /etc/systemd/system/multi-user.target.wants/edge.service
    test -f /etc/edge/appsettings.json; test -x /usr/lib/edge/edge; test -f /usr/share/edge/models-quantized/manifest.json' \
    || fail "$arch: the installed package lacks the edge user, /var/lib/edge (edge:edge 0750), the enabled unit or its files"
  say "$arch: postinst ok (user $(in_root "$r" id edge), /var/lib/edge edge:edge 0750, edge.service enabled)"

  started=$(now)
  # As the service runs it: the edge user, state in /var/lib/edge, the broker (EDGE_ settings, as /etc/default/edge).
  local envs=(EDGE_Mqtt__Host=127.0.0.1 "EDGE_Mqtt__Port=$BROKER_PORT" EDGE_Mqtt__ClientId="edge-$arch"
              EDGE_Mqtt__Outbox__Path=/var/lib/edge/mqtt-outbox.journal EDGE_Output__Jsonl__Path=/var/lib/edge/events.jsonl)
  as_edge() { in_root "$r" setpriv --reuid=edge --regid=edge --init-groups env HOME=/var/lib/edge "${envs[@]}" "$@"; }
  as_edge edge version >"$OUT/$arch-version.txt" 2>&1 || { cat "$OUT/$arch-version.txt" >&2; fail "$arch: edge version failed"; }
  local want_arch; want_arch=$([ "$arch" = arm64 ] && echo linux-arm64 || echo linux-x64)
  grep -q "($want_arch, NativeAOT)" "$OUT/$arch-version.txt" && grep -q '^ONNX Runtime [0-9].*/usr/lib/edge/libonnxruntime.so' "$OUT/$arch-version.txt" \
    || { cat "$OUT/$arch-version.txt" >&2; fail "$arch: edge version did not report $want_arch and the packaged libonnxruntime"; }
  say "$arch: edge version | $(grep -E '^(\.NET|ONNX Runtime)' "$OUT/$arch-version.txt" | paste -sd';' -)"
  as_edge edge models verify >"$OUT/$arch-models.txt" 2>&1 || { cat "$OUT/$arch-models.txt" >&2; fail "$arch: edge models verify failed"; }
  say "$arch: edge models verify ok ($(grep -ci ' ok' "$OUT/$arch-models.txt" || true) model files)"
  if as_edge edge --help 2>/dev/null | grep -qE '^ +doctor '; then
    # Without a camera, microphone or GPIO chip doctor exits 1 by design: the checks that can pass must say ok.
    as_edge edge doctor >"$OUT/$arch-doctor.txt" 2>&1 || true
    grep -qE '^ok +broker:' "$OUT/$arch-doctor.txt" && grep -qE '^ok +models:' "$OUT/$arch-doctor.txt" \
      || { cat "$OUT/$arch-doctor.txt" >&2; fail "$arch: edge doctor did not report the broker and the models ok"; }
    say "$arch: edge doctor: broker and models ok ($(wc -l <"$OUT/$arch-doctor.txt") lines, $arch-doctor.txt)"
  else
    say "$arch: this build has no 'edge doctor'; not run"
  fi
  T_CHECKS[$arch]=$(( $(now) - started ))

  # The run: the short scenario as fast as the cascade takes it, events captured by an independent subscriber.
  install -d -o root -g root -m 0755 "$r/srv/scenario"; cp "$SCENARIO"/video.mp4 "$SCENARIO"/audio.wav "$r/srv/scenario/"
  local cap="$OUT/$arch-mqtt.jsonl"; : >"$cap"
  mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -t 'edge/#' -t "board-emulation/$arch" -F '%j' >"$cap" 2>"$OUT/$arch-sub.log" & SUB_PID=$!
  local deadline=$(( $(now) + 20 ))
  until grep -q "\"board-emulation/$arch\"" "$cap"; do
    [ "$(now)" -lt "$deadline" ] || fail "$arch: the MQTT subscriber did not start; see $OUT/$arch-sub.log"
    mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -t "board-emulation/$arch" -m ready; sleep 0.2
  done
  started=$(now)
  say "$arch: edge run --profile sample on $SECONDS_CUT s of the sample (Pacing=asfast)$([ "$arch" = arm64 ] && echo ', under qemu')"
  # qemu runs ffmpeg's decoder and the models some 30-50 times slower than this machine: at the default 800 ms without
  # a frame the camera is declared missing (camera_missing, degraded mode), which says nothing about the package.
  local rc=0
  as_edge edge run --profile sample --set Camera:ReplayFile=/srv/scenario/video.mp4 --set Audio:ReplayFile=/srv/scenario/audio.wav \
    --set Camera:Pacing=asfast --set Audio:Pacing=asfast --set Camera:MissingTimeout=60s --set Audio:MissingTimeout=60s </dev/null >"$OUT/$arch-run.txt" 2>"$OUT/$arch-run.log" || rc=$?
  [ "$rc" = 0 ] || { tail -n 20 "$OUT/$arch-run.log" >&2; fail "$arch: edge run failed (exit $rc); see $OUT/$arch-run.log"; }
  T_RUN[$arch]=$(( $(now) - started ))
  deadline=$(( $(now) + 30 ))
  until grep -q '"topic":"edge/available".*"payload":"stopped"' "$cap"; do
    [ "$(now)" -lt "$deadline" ] || fail "$arch: the broker never got edge/available 'stopped'; see $cap"
    sleep 0.2
  done
  kill "$SUB_PID" 2>/dev/null || true; wait "$SUB_PID" 2>/dev/null || true; SUB_PID=""
  say "$arch: ran in ${T_RUN[$arch]} s; $(grep -m1 '^summary:' "$OUT/$arch-run.txt" "$OUT/$arch-run.log" 2>/dev/null | sed 's/^[^:]*:summary: //')"
  python3 "$ROOT/tools/board-emulation-compare.py" --check "$cap" | sed "s/^/board-emulation: $arch: /" \
    || fail "$arch: the run's messages fall short (above)"
  remove_tree "$work" || fail "could not remove $work"
}

# --- main -------------------------------------------------------------------------------------------------------------
total_started=$(now)
[[ " ${ARCHES[*]} " == *" arm64 "* ]] && ensure_binfmt
for arch in "${ARCHES[@]}"; do ensure_root "$arch"; done
make_scenario
start_broker
say "mosquitto on 127.0.0.1:$BROKER_PORT (this machine's, shared by the chroots)"
for arch in "${ARCHES[@]}"; do
  started=$(now)
  "$ROOT/tools/package.sh" --arch "$arch" "$OUT/deb" 2>&1 | sed "s/^/board-emulation: $arch: /" \
    || fail "$arch: tools/package.sh failed"
  T_PACKAGE[$arch]=$(( $(now) - started ))
  board "$arch" "$(ls "$OUT/deb"/edge_*_"$arch".deb | head -n1)"
done
if [ "${#ARCHES[@]}" = 2 ]; then
  python3 "$ROOT/tools/board-emulation-compare.py" --reference "$OUT/amd64-mqtt.jsonl" "$OUT/arm64-mqtt.jsonl" | sed 's/^/board-emulation: arm64 vs amd64: /' \
    || fail "the arm64 run does not agree with the amd64 run (above)"
fi
for arch in "${ARCHES[@]}"; do
  say "$arch timings (emulation, not a board): debootstrap ${T_DEBOOTSTRAP[$arch]} s (0: cached), package ${T_PACKAGE[$arch]} s, install ${T_INSTALL[$arch]} s, version/verify/doctor ${T_CHECKS[$arch]} s, run ${T_RUN[$arch]} s"
done
say "passed: ${ARCHES[*]} in $(( $(now) - total_started )) s"
