#!/usr/bin/env bash
# Opens the packaged window on a virtual screen, reports how long the launcher took until the
# BlastRadius window was mapped, takes a screenshot and closes the app.
#
#   bash jpackage/smoke-window.sh [LAUNCHER] [SHOT.png]
#     LAUNCHER  default target/jpackage/BlastRadius/bin/BlastRadius (the app-image's)
#     SHOT.png  default target/jpackage/window.png
#
# Needs xvfb-run (xvfb), xwininfo (x11-utils) and import (imagemagick). Runs the app with a
# throw-away HOME, so JavaFX's native-library cache and the window's saved preferences start
# empty: a first start on a fresh account. SMOKE_HOME=DIR uses (and keeps) DIR instead: run it
# twice with the same DIR to time a second start.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} != --inside ]]; then
  launcher=$(realpath "${1:-target/jpackage/BlastRadius/bin/BlastRadius}")
  shot=$(realpath -m "${2:-target/jpackage/window.png}")
  [[ -x $launcher ]] || { echo "no launcher $launcher: run bash jpackage/build.sh app-image" >&2; exit 1; }
  exec xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside "$launcher" "$shot"
fi

launcher=$2
shot=$3
home=${SMOKE_HOME:-$(mktemp -d)}
mkdir -p "$home"
log=$home/app.log
start=$(date +%s%N)
HOME=$home "$launcher" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; [[ -n ${SMOKE_HOME:-} ]] || rm -rf "$home"' EXIT

found=
for _ in $(seq 1 1500); do   # up to ~60 s
  # A named top-level window bigger than the 1x1 helper windows glass creates.
  if xwininfo -root -tree 2>/dev/null | grep -E '"BlastRadius[^"]*".* [0-9]{3,}x[0-9]{3,}' >/dev/null; then
    found=$(date +%s%N)
    break
  fi
  if ! kill -0 $pid 2>/dev/null; then
    echo "the app exited before a window appeared:" >&2; cat "$log" >&2; exit 1
  fi
  sleep 0.02
done
[[ -n $found ]] || { echo "no BlastRadius window after 60 s" >&2; cat "$log" >&2; exit 1; }
echo "window mapped $(( (found - start) / 1000000 )) ms after the launcher started"
xwininfo -root -tree | grep -E '"BlastRadius' | sed 's/^ */  /'
sleep 3   # let the first frames paint before the screenshot
import -window root "$shot"
echo "screenshot: $shot"
grep -v "Unsupported JavaFX configuration\|PlatformImpl startup" "$log" | sed 's/^/  app: /' || true
