#!/usr/bin/env bash
# Resident memory of the registry server under hostile compositions (issue 20). Starts the server
# jar twice with -Xmx1g: once as the server allowed before (1 GiB of guest memory per smoke run,
# three jobs at once) and once on its defaults, and prints each one's idle and peak RSS beside the
# other, with the JVM's native-memory summary. Needs the build
# (./mvnw -B -q -DskipTests package -pl registry-server,benchmarks -am).
# Not a test: figures depend on the machine (print `uptime` beside them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/.mvn/find-jdk.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
uptime
"$java" -cp "$here/benchmarks/target/wreg-benchmarks.jar" dev.wreg.bench.ServerMemory \
  "$here/registry-server/target/registry-server.jar" "${1:-2}"
uptime
