#!/usr/bin/env bash
# Rasterises the app icon (assets/icons/blastradius.svg geometry) to the PNGs jpackage and the
# window use. ImageMagick here has no SVG delegate, so the same shapes are drawn with -draw.
# Usage: bash jpackage/make-icons.sh   (overwrites assets/icons/blastradius-{256,64}.png and
# jpackage/blastrec-128.png)
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

# Document icon for .blastrec files (the file association): a page carrying the same rings.
# 128 px because jpackage's postinst installs it with `xdg-icon-resource --size 128`.
"$CONVERT" -size 128x128 xc:none \
  -fill '#f4f5f7' -stroke '#9aa1ad' -strokewidth 2 -draw 'polygon 20,6 86,6 110,30 110,122 20,122' \
  -fill '#d5d9e0' -draw 'polygon 86,6 86,30 110,30' \
  -stroke 'rgba(245,165,36,0.6)' -fill none -strokewidth 6 -draw 'circle 65,72 101,72' \
  -stroke 'rgba(247,107,21,0.9)' -strokewidth 7 -draw 'circle 65,72 88,72' \
  -stroke none -fill '#e5484d' -draw 'circle 65,72 76,72' \
  -strip "PNG32:jpackage/blastrec-128.png"
echo "wrote jpackage/blastrec-128.png"
