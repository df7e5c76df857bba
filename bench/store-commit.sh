#!/usr/bin/env bash
# What committing every write costs the embedded store on the path that writes (a first use: three
# writes), beside H2's once-a-second commit, in one run: io.autorenew.store.StoreCommitBench.
# Prints one JSON object.
#   bench/store-commit.sh [first uses, default 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/test-classpath.sh
source bench/test-classpath.sh
java -Xms256m -Xmx512m -cp "$CP" io.autorenew.store.StoreCommitBench "${1:-2000}" 2>/dev/null | grep '^{'
