#!/usr/bin/env bash
# What committing every write costs the embedded store on the path that writes (a first use: three
# writes), beside H2's once-a-second commit, in one run: io.autorenew.store.StoreCommitBench.
# Prints one JSON object.
#   bench/store-commit.sh [first uses, default 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2 \
  || mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
java -Xms256m -Xmx512m -cp "$CP" io.autorenew.store.StoreCommitBench "${1:-2000}" 2>/dev/null | grep '^{'
