#!/usr/bin/env bash
# Re-vendors uPlot (https://github.com/leeoniya/uPlot, MIT) for the HTML report.
# Usage: bash vendor.sh [VERSION]   (run from anywhere; writes next to this script)
# Fetches the npm tarball with `npm pack` into a temporary folder, checks its integrity against
# the registry's, and copies the minified IIFE build, its stylesheet and the licence here.
set -euo pipefail
version="${1:-1.6.32}"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack "uplot@$version" --json > pack.json
tgz="uplot-$version.tgz"
want="$(npm view "uplot@$version" dist.integrity)"
got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
[ "$want" = "$got" ] || { echo "integrity mismatch: registry $want, tarball $got" >&2; exit 1; }
tar xzf "$tgz"
cp package/dist/uPlot.iife.min.js package/dist/uPlot.min.css package/LICENSE "$here/"
{
  echo "uplot $version"
  echo "source: npm pack uplot@$version ($tgz)"
  echo "integrity: $want"
  echo "files: dist/uPlot.iife.min.js dist/uPlot.min.css LICENSE"
} > "$here/VERSION"
echo "vendored uPlot $version into $here"
