#!/usr/bin/env bash
# What the fleet-wide rate limit costs per request, beside the per-instance limit it replaced,
# in one run. Builds the test classes, starts a MongoDB-wire server in a process of its own (the
# shared store), then runs io.autorenew.web.FleetLimitBench: the service against that store,
# UserRateLimiter.take timed N times per case. Prints one JSON object.
#   bench/fleet-limit.sh [calls, default 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/test-classpath.sh
source bench/test-classpath.sh
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx256m -cp "$CP" io.autorenew.web.FleetLimitBench store "$PORT" 2>/dev/null &
STORE=$!
trap 'kill $STORE 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
java -Xms256m -Xmx512m -XX:+UseG1GC -cp "$CP" \
  io.autorenew.web.FleetLimitBench "${1:-50000}" "mongodb://127.0.0.1:$PORT/analysis" 2>/dev/null | grep -v '^\s*$' | sed -n '/^{/,$p'
