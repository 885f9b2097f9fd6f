#!/usr/bin/env bash
# Desktop packaging for BlastRadius with jpackage (JDK 17).
#
#   bash jpackage/build.sh [app-image|deb|all]      (default: all)
#
# 1. Builds target/blastradius.jar (mvn -B -q package -DskipTests) if it is missing or older
#    than pom.xml, src/main or assets/.
# 2. app-image: target/jpackage/BlastRadius/ with bin/BlastRadius (no arguments: the window;
#    with arguments: the CLI) and bin/blastradius-cli (no arguments: help; else the CLI), on a
#    jlink'd runtime holding only the modules listed in MODULES below.
# 3. deb: target/jpackage/blastradius_<version>-1_amd64.deb, installing to /opt/blastradius with
#    a desktop entry (icon, Development;Network; categories) and the .blastrec file association.
#
# Environment: SKIP_MVN=1 never runs Maven (use the jar as it is); JPACKAGE=/path/to/jpackage;
# JPACKAGE_TEMP=DIR keeps jpackage's work files for the .deb (desktop entry, DEBIAN/ scripts).
set -euo pipefail

cd "$(dirname "$0")/.."   # repo root: every path below is relative to it

WHAT=${1:-all}
case "$WHAT" in
  app-image|deb|all) ;;
  -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: bash jpackage/build.sh [app-image|deb|all]" >&2; exit 2 ;;
esac

JPACKAGE=${JPACKAGE:-jpackage}
APP_NAME=BlastRadius
MAIN_JAR=blastradius.jar
MAIN_CLASS=io.blastradius.Launcher
ICON=assets/icons/blastradius-256.png
VENDOR="BlastRadius project"
DESCRIPTION="Watch one dead TCP flow turn into thousands of failed HTTP/2 requests, and compare the connection-pool policies that stop it."
# The runtime's modules. jdeps --print-module-deps on the shaded jar says
#   java.base,java.naming,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.unsupported.desktop
# java.sql (Jackson) and jdk.jfr (Netty, JavaFX) are optional there ("requires static") and the
# app runs without them; java.desktop (+ java.prefs, java.xml, java.datatransfer) is what JavaFX
# and the window's Preferences need; java.logging is used by ControlsFX and Netty's logger;
# jdk.unsupported is sun.misc.Unsafe for Netty; jdk.unsupported.desktop is for javafx-swing;
# jdk.management is com.sun.management.OperatingSystemMXBean (bench --recording's CPU time).
# PackagingConfigTest checks the runtime list against this line.
MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs,jdk.crypto.ec,jdk.management,jdk.unsupported,jdk.unsupported.desktop
JAVA_OPTIONS=-Xmx2g

JAR=target/$MAIN_JAR
OUT=target/jpackage
INPUT=target/jpackage-input   # only the shaded jar: everything in --input is copied into the app

stale() {
  [[ ! -f $JAR ]] && return 0
  [[ -n $(find pom.xml src/main assets -newer "$JAR" -type f -print -quit 2>/dev/null) ]]
}

if [[ ${SKIP_MVN:-0} != 1 ]] && stale; then
  echo "== mvn -B -q package -DskipTests"
  mvn -B -q package -DskipTests
fi
[[ -f $JAR ]] || { echo "no $JAR: build it with mvn package" >&2; exit 1; }
[[ -f $ICON ]] || { echo "no $ICON" >&2; exit 1; }

# The version the jar was built with (Implementation-Version = the pom's version).
VERSION=$(unzip -p "$JAR" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: //p')
[[ -n $VERSION ]] || { echo "no Implementation-Version in $JAR" >&2; exit 1; }

rm -rf "$INPUT"
mkdir -p "$INPUT" "$OUT"
cp "$JAR" "$INPUT/"

common=(
  --name "$APP_NAME"
  --app-version "$VERSION"
  --vendor "$VENDOR"
  --description "$DESCRIPTION"
  --copyright "Copyright the BlastRadius authors"
  --input "$INPUT"
  --main-jar "$MAIN_JAR"
  --main-class "$MAIN_CLASS"
  --java-options "$JAVA_OPTIONS"
  --add-modules "$MODULES"
  --icon "$ICON"
  --add-launcher blastradius-cli=jpackage/cli-launcher.properties
  --dest "$OUT"
)

if [[ $WHAT == app-image || $WHAT == all ]]; then
  echo "== jpackage --type app-image -> $OUT/$APP_NAME"
  rm -rf "${OUT:?}/$APP_NAME"
  "$JPACKAGE" --type app-image "${common[@]}"
  echo "   $(du -sh "$OUT/$APP_NAME" | cut -f1)  $OUT/$APP_NAME"
  # Warn when jdeps finds a module the runtime lacks (beyond the two known optional ones).
  runtime=" $(sed -n 's/^MODULES="\(.*\)"/\1/p' "$OUT/$APP_NAME/lib/runtime/release") "
  for m in $(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$JAR" | tr ',' ' '); do
    case "$m" in java.sql|jdk.jfr) continue ;; esac
    [[ $runtime == *" $m "* ]] || echo "   WARNING: jdeps says the jar uses $m, which is not in MODULES" >&2
  done
  # Smoke check: the packaged runtime starts the CLI launcher (a missing module fails here).
  echo "   bin/blastradius-cli --version: $("$OUT/$APP_NAME/bin/blastradius-cli" --version)"
fi

if [[ $WHAT == deb || $WHAT == all ]]; then
  echo "== jpackage --type deb -> $OUT"
  rm -f "$OUT"/blastradius_*.deb
  "$JPACKAGE" --type deb "${common[@]}" ${JPACKAGE_TEMP:+--temp "$JPACKAGE_TEMP"} \
    --resource-dir jpackage/resources \
    --file-associations jpackage/blastrec.properties \
    --linux-package-name blastradius \
    --linux-deb-maintainer "blastradius@users.noreply.github.com" \
    --linux-app-category devel \
    --linux-menu-group "Development;Network;" \
    --linux-shortcut \
    --linux-package-deps libgtk-3-0
  for f in "$OUT"/blastradius_*.deb; do echo "   $(du -sh "$f" | cut -f1)  $f"; done
fi
