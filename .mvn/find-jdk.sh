# Sourced by ./mvnw, ./wreg and ./wreg-server: makes JAVA_HOME point at a JDK of release 21 or
# newer. The build targets release 21; these machines ship JDK 17 as the default and a Temurin
# JDK 25 beside it, so a fresh checkout must find the newer one without being told.
# Sets WREG_JAVA_RELEASE to the chosen JDK's release (0 when none was found).
WREG_JAVA_RELEASE=0
wreg_java_release() {
  # The JDK's release file names its version without starting a JVM (each start costs a few hundred
  # milliseconds, paid by every ./wreg and ./wreg-server); older layouts are asked directly.
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$1/release" | head -n 1
    return
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
wreg_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    local r; r=$(wreg_java_release "$JAVA_HOME")
    if [ "${r:-0}" -ge 21 ] 2>/dev/null; then WREG_JAVA_RELEASE=$r; return 0; fi
  fi
  local best="" best_release=0 candidate r candidates
  # mvnw runs with globbing off (set -f): turn it on just for this listing.
  local globbing_was_off=""
  case $- in *f*) globbing_was_off=1; set +f ;; esac
  candidates=$(ls -d /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ 2>/dev/null || true)
  [ -n "$globbing_was_off" ] && set -f
  for candidate in $candidates; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    r=$(wreg_java_release "$candidate")
    if [ "${r:-0}" -ge 21 ] 2>/dev/null && [ "$r" -gt "$best_release" ]; then
      best="$candidate" best_release="$r"
    fi
  done
  if [ -n "$best" ]; then
    export JAVA_HOME="$best"
    WREG_JAVA_RELEASE=$best_release
  elif command -v java >/dev/null 2>&1; then
    local home; home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    r=$(wreg_java_release "$home")
    if [ "${r:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$home" WREG_JAVA_RELEASE=$r; return 0; fi
    echo "wreg: a JDK of release 21 or newer is needed (set JAVA_HOME)" >&2
  fi
}
wreg_pick_jdk
