# Sourced by ./mvnw, ./wreg and ./wreg-server: makes JAVA_HOME point at a JDK of release 21 or
# newer. The build targets release 21; these machines ship JDK 17 as the default and a Temurin
# JDK 25 beside it, so a fresh checkout must find the newer one without being told.
# Sets WREG_JAVA_RELEASE to the chosen JDK's release (0 when none was found).
WREG_JAVA_RELEASE=0
wreg_java_release() {
  # Sets wreg_release to the JDK's release. Its release file names the version without starting a
  # JVM (each start costs a few hundred milliseconds, paid by every ./wreg and ./wreg-server), and
  # is read by the shell alone (POSIX sh: mvnw sources this too), since on a busy machine each
  # fork shows in the start-up time of ./wreg --help. Older layouts are asked directly.
  wreg_release=""
  local line
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*)
          line=${line#JAVA_VERSION=}; line=${line#\"}; line=${line#1.}
          wreg_release=${line%%[!0-9]*}
          return ;;
      esac
    done <"$1/release"
    return
  fi
  wreg_release=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
}
wreg_pick_jdk() {
  local wreg_release
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    wreg_java_release "$JAVA_HOME"
    if [ "${wreg_release:-0}" -ge 21 ] 2>/dev/null; then WREG_JAVA_RELEASE=$wreg_release; return 0; fi
  fi
  local best="" best_release=0 candidate globbing_was_off=""
  # mvnw runs with globbing off (set -f): on just for this listing. A pattern that matches
  # nothing stays as written, and has no bin/javac.
  case $- in *f*) globbing_was_off=1; set +f ;; esac
  for candidate in /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    wreg_java_release "$candidate"
    if [ "${wreg_release:-0}" -ge 21 ] 2>/dev/null && [ "$wreg_release" -gt "$best_release" ]; then
      best="$candidate" best_release="$wreg_release"
    fi
  done
  [ -n "$globbing_was_off" ] && set -f
  if [ -n "$best" ]; then
    export JAVA_HOME="$best"
    WREG_JAVA_RELEASE=$best_release
  elif command -v java >/dev/null 2>&1; then
    local home; home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    wreg_java_release "$home"
    if [ "${wreg_release:-0}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$home" WREG_JAVA_RELEASE=$wreg_release
      return 0
    fi
    echo "wreg: a JDK of release 21 or newer is needed (set JAVA_HOME)" >&2
  fi
}
wreg_pick_jdk
