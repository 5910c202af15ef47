# Sourced by ./mvnw, ./wreg and ./wreg-server: makes JAVA_HOME point at a JDK of release 21 or
# newer. The build targets release 21; these machines ship JDK 17 as the default and a Temurin
# JDK 25 beside it, so a fresh checkout must find the newer one without being told.
wreg_java_release() {
  # A JDK's release file names its version; reading it costs nothing, while asking the JVM costs
  # a JVM start per candidate (most of ./wreg --help's time). The JVM is asked only without one.
  local v=""
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$1/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}
wreg_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    local r; r=$(wreg_java_release "$JAVA_HOME")
    [ "${r:-0}" -ge 21 ] 2>/dev/null && return 0
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
  elif command -v java >/dev/null 2>&1; then
    local home; home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    r=$(wreg_java_release "$home")
    if [ "${r:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$home"; return 0; fi
    echo "wreg: a JDK of release 21 or newer is needed (set JAVA_HOME)" >&2
  fi
}
wreg_pick_jdk
