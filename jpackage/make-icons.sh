#!/usr/bin/env bash
# Draws the document icon of .blastrec files (the file association, jpackage/blastrec.properties):
# a page carrying the app icon (assets/icons/blastradius-256.png, the window's icon).
# 128 px because jpackage's postinst installs it with `xdg-icon-resource --size 128`.
# Usage: bash jpackage/make-icons.sh   (overwrites jpackage/blastrec-128.png)
set -euo pipefail
cd "$(dirname "$0")/.."
CONVERT=/usr/bin/convert   # /usr/local/bin/convert on these machines is a stand-in
"$CONVERT" -size 128x128 xc:none \
  -fill '#f4f5f7' -stroke '#9aa1ad' -strokewidth 2 -draw 'polygon 20,6 86,6 110,30 110,122 20,122' \
  -fill '#d5d9e0' -draw 'polygon 86,6 86,30 110,30' \
  \( assets/icons/blastradius-256.png -resize 76x76 \) -geometry +27+38 -composite \
  -strip "PNG32:jpackage/blastrec-128.png"
echo "wrote jpackage/blastrec-128.png"
