#!/usr/bin/env bash
# Rasterises the app icon (assets/icons/blastradius.svg geometry) to the PNGs jpackage and the
# window use. ImageMagick here has no SVG delegate, so the same shapes are drawn with -draw.
# Usage: bash jpackage/make-icons.sh   (overwrites assets/icons/blastradius-{256,64}.png)
set -euo pipefail
cd "$(dirname "$0")/.."
CONVERT=/usr/bin/convert   # /usr/local/bin/convert on these machines is a stand-in
out=assets/icons
"$CONVERT" -size 256x256 xc:none \
  -fill '#1d2330' -draw 'roundrectangle 8,8 247,247 44,44' \
  -fill none -stroke 'rgba(245,165,36,0.35)' -strokewidth 10 -draw 'circle 128,128 228,128' \
  -stroke 'rgba(245,165,36,0.6)' -strokewidth 12 -draw 'circle 128,128 202,128' \
  -stroke 'rgba(247,107,21,0.9)' -strokewidth 14 -draw 'circle 128,128 176,128' \
  -stroke none -fill '#e5484d' -draw 'circle 128,128 150,128' \
  -strip "PNG32:$out/blastradius-256.png"
"$CONVERT" "$out/blastradius-256.png" -resize 64x64 -strip "PNG32:$out/blastradius-64.png"
echo "wrote $out/blastradius-256.png $out/blastradius-64.png"
