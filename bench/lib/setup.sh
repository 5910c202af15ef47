# Sourced first by every benchmark script (after `set -euo pipefail` and `here`, the project
# root): finds the JDK the build uses, sets `java`, and loads the figure lines of
# bench/lib/figures.sh.
. "$here/.mvn/find-jdk.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
. "$here/bench/lib/figures.sh"
