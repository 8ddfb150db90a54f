#!/usr/bin/env bash
# Builds the Debian package edge_<version>_<arch>.deb with dpkg-deb from the NativeAOT publish (tools/publish-aot.sh;
# arm64 is cross-published). Layout (hardware/README.md, "Installing the Debian package"):
#   /usr/lib/edge/            edge and the native libraries published beside it (libonnxruntime.so found via rpath $ORIGIN)
#   /usr/bin/edge             a wrapper that sets EDGE_HOME=/usr/share/edge unless it is set
#   /usr/share/edge/          the home: models-quantized/, config -> /etc/edge, hardware/profiles -> /etc/edge/profiles
#   /etc/edge/                appsettings.json and profiles/*.json (conffiles)
#   /etc/default/edge         EDGE_PROFILE for the service (conffile)
#   /lib/systemd/system/edge.service, /lib/udev/rules.d/99-edge.rules, state in /var/lib/edge (postinst)
# The publish in artifacts/aot/<rid> is reused when nothing under src/ or the build props is newer than its binary.
# usage: tools/package.sh [--arch amd64|arm64] [OUTPUT_DIR]
#        (default arch: amd64; default OUTPUT_DIR: artifacts/deb)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USAGE="usage: tools/package.sh [--arch amd64|arm64] [OUTPUT_DIR]"
ARCH=amd64; OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || { echo "package: --arch needs a value (amd64 or arm64)" >&2; exit 2; }; ARCH="$2"; shift 2 ;;
    --arch=*) ARCH="${1#--arch=}"; shift ;;
    -h|--help) sed -n 's/^# usage: /usage: /p; s/^#        /       /p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "package: unknown option '$1' ($USAGE)" >&2; exit 2 ;;
    *) [ -z "$OUT" ] || { echo "package: more than one OUTPUT_DIR given ('$OUT', '$1')" >&2; exit 2; }; OUT="$1"; shift ;;
  esac
done
case "$ARCH" in
  amd64) RID=linux-x64; PROFILE=x86-dev ;;
  arm64) RID=linux-arm64; PROFILE=rpi4 ;;
  *) echo "package: --arch '$ARCH' is not supported (amd64 or arm64)" >&2; exit 2 ;;
esac
OUT="$(mkdir -p "${OUT:-$ROOT/artifacts/deb}" && cd "${OUT:-$ROOT/artifacts/deb}" && pwd)"
command -v dpkg-deb >/dev/null 2>&1 || { echo "package: dpkg-deb is needed (apt-get install dpkg)" >&2; exit 1; }

VERSION="$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -n1)"
VERSION="${VERSION:-0.1.0}"
MAINTAINER="EdgeRuntime contributors <edge@localhost>"

PUBLISH="$ROOT/artifacts/aot/$RID"
# Build outputs (bin/, obj/) do not count: every `dotnet build` rewrites them, and the publish itself writes obj/.
if [ ! -x "$PUBLISH/edge" ] || [ -n "$(find "$ROOT/src" "$ROOT"/Directory.*.props "$ROOT"/Directory.*.targets \( -name bin -o -name obj \) -prune \
     -o -type f -newer "$PUBLISH/edge" -print -quit)" ]; then
  echo "package: publishing $RID (tools/publish-aot.sh)"
  if ! "$ROOT/tools/publish-aot.sh" --rid "$RID" "$PUBLISH" | sed 's/^/package: | /'; then
    echo "package: the $RID publish failed" >&2; exit 1
  fi
else
  echo "package: reusing the $RID publish in ${PUBLISH#"$ROOT"/} (nothing in src/ is newer)"
fi

STAGE="$(mktemp -d)"; trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/edge"
install -d "$PKG/DEBIAN" "$PKG/usr/lib/edge" "$PKG/usr/bin" "$PKG/usr/share/edge/hardware" "$PKG/etc/edge/profiles" \
  "$PKG/etc/default" "$PKG/lib/systemd/system" "$PKG/lib/udev/rules.d" "$PKG/usr/share/doc/edge"

# The binary and its native libraries; not the .dbg symbols, .pdb or XML docs the publish leaves beside them.
install -m 0755 "$PUBLISH/edge" "$PKG/usr/lib/edge/edge"
find "$PUBLISH" -maxdepth 1 -type f \( -name '*.so' -o -name '*.so.*' \) -exec install -m 0644 {} "$PKG/usr/lib/edge/" \;
cat >"$PKG/usr/bin/edge" <<'WRAPPER'
#!/bin/sh
# The installed home (models, and config and profiles linked from /etc/edge); EDGE_HOME still wins when set.
: "${EDGE_HOME:=/usr/share/edge}"
export EDGE_HOME
exec /usr/lib/edge/edge "$@"
WRAPPER
chmod 0755 "$PKG/usr/bin/edge"

install -d "$PKG/usr/share/edge/models-quantized"
find "$ROOT/models-quantized" -maxdepth 1 -type f -exec install -m 0644 {} "$PKG/usr/share/edge/models-quantized/" \;
ln -s /etc/edge "$PKG/usr/share/edge/config"
ln -s /etc/edge/profiles "$PKG/usr/share/edge/hardware/profiles"

install -m 0644 "$ROOT/config/appsettings.json" "$PKG/etc/edge/appsettings.json"
install -m 0644 "$ROOT"/hardware/profiles/*.json "$PKG/etc/edge/profiles/"
cat >"$PKG/etc/default/edge" <<DEFAULT
# The board profile the edge service runs with: one of /etc/edge/profiles/*.json without .json
# ($(cd "$ROOT/hardware/profiles" && ls -- *.json | sed 's/\.json$//' | paste -sd' ' -)). Then: sudo systemctl restart edge
EDGE_PROFILE=$PROFILE
# MQTT and any other setting as EDGE_Section__Key, e.g.:
#EDGE_Mqtt__Host=192.168.1.10
DEFAULT
install -m 0644 "$ROOT/hardware/udev/99-edge.rules" "$PKG/lib/udev/rules.d/99-edge.rules"

# The shipped unit with the installed paths; its hardening is kept as it is. The groups come from the edge user's
# memberships (postinst) instead of SupplementaryGroups=, which fails the start on a machine without gpio or i2c.
unit="$PKG/lib/systemd/system/edge.service"
sed -e 's|^# Install the NativeAOT binary.*|# Installed by the edge Debian package: the binary in /usr/lib/edge, its home (models; config and profiles from|' \
    -e 's|^# /opt/edge; it stays read-only\.|# /etc/edge) in /usr/share/edge, read-only.|' \
    -e 's|^Environment=EDGE_HOME=/opt/edge$|Environment=EDGE_HOME=/usr/share/edge|' \
    -e "s|^ExecStart=/opt/edge/edge run --profile .*|# The board profile: EDGE_PROFILE in /etc/default/edge (any EDGE_ setting may go there too).\\nEnvironment=EDGE_PROFILE=$PROFILE\\nEnvironmentFile=-/etc/default/edge\\nExecStart=/usr/lib/edge/edge run|" \
    -e '/^SupplementaryGroups=/d' \
    "$ROOT/hardware/systemd/edge.service" >"$unit"
grep -q '^ExecStart=/usr/lib/edge/edge run$' "$unit" && grep -q '^Environment=EDGE_HOME=/usr/share/edge$' "$unit" && ! grep -q /opt/edge "$unit" \
  || { echo "package: hardware/systemd/edge.service changed shape: its ExecStart/EDGE_HOME lines were not rewritten" >&2; exit 1; }
chmod 0644 "$unit"

cat >"$PKG/usr/share/doc/edge/copyright" <<'COPYRIGHT'
Copyright (c) 2026 EdgeRuntime contributors; see the repository's README.md. The models in /usr/share/edge/models-quantized come from the pinned
packages named in models-quantized/sources.json, under their own licences.
COPYRIGHT
# The date of the commit packaged, so two builds of one commit differ in nothing but the compressor's output.
when="$(git -C "$ROOT" log -1 --format=%aD 2>/dev/null || date -R)"
printf 'edge (%s) unstable; urgency=medium\n\n  * Built by tools/package.sh from the EdgeRuntime repository.\n\n -- %s  %s\n' \
  "$VERSION" "$MAINTAINER" "$when" | gzip -9n >"$PKG/usr/share/doc/edge/changelog.gz"
install -m 0755 "$ROOT"/tools/debian/{postinst,prerm,postrm} "$PKG/DEBIAN/"
(cd "$PKG" && find etc -type f | sort | sed 's|^|/|') >"$PKG/DEBIAN/conffiles"

# Depends: what the daemon loads (libportaudio, libmosquitto, libturbojpeg, libgpiod through System.Device.Gpio) or
# runs (espeak-ng for speech, ffmpeg for the pipe camera and replay); libssl for .NET's hashing (`edge models verify`
# checks every model's sha256 at start; without libssl the binary aborts: "No usable version of libssl was found",
# seen in a bare arm64 bookworm root); adduser for postinst. The broker may live elsewhere.
cat >"$PKG/DEBIAN/control" <<CONTROL
Package: edge
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
Depends: adduser, libc6, libstdc++6, libssl3 | libssl3t64, libportaudio2, libmosquitto1, libturbojpeg0, libgpiod2 | libgpiod3, espeak-ng, ffmpeg
Recommends: mosquitto
Suggests: i2c-tools, gstreamer1.0-tools
Section: misc
Priority: optional
Description: on-device multimodal perception runtime (camera, microphone, ONNX)
 EdgeRuntime reads a camera and a microphone on one clock, runs a cascade of
 ONNX models through ONNX Runtime and publishes events to MQTT, with an
 offline spoken scene description for blind and low-vision users. This
 package holds the NativeAOT daemon, its models, a hardened systemd unit and
 udev rules for the video, audio, gpio and i2c groups.
CONTROL

DEB="$OUT/edge_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$DEB" >/dev/null
printf 'package: %s (%d bytes, %.1f MB)\n' "$DEB" "$(stat -c %s "$DEB")" "$(echo "$(stat -c %s "$DEB") / 1048576" | bc -l)"
