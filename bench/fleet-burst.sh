#!/usr/bin/env bash
# Two service jars on one shared store, by hand: the closing check of the fleet issue (20).
# Starts a MongoDB-wire server (its own process), the OpenRouter stand-in (StandInMain from the jar's
# classes, mints answered after 300 ms so a burst overlaps them), and two replicas of the jar on that store.
# Then, with RATE_LIMIT_PER_MINUTE=10: a burst of 10 parallel first calls of one user (all within
# the limit), alternating between the replicas, and the mints the stand-in counted for that user
# (the contract: 1); and 20 calls of another user, alternating (the contract: at most 11 answered).
#   bench/fleet-burst.sh            (builds the jar unless BENCH_JAR is set)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not ready: $1" >&2; return 1; }

if [[ -z "${BENCH_JAR:-}" ]]; then
  mvn -q -o package -DskipTests >&2 || mvn -q package -DskipTests >&2
  BENCH_JAR=$(ls target/analysis-service-*.jar | grep -v plain | head -1)
fi
mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2 \
  || mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2

STORE_PORT=$(free_port); STUB_PORT=$(free_port); A_PORT=$(free_port); B_PORT=$(free_port)
java -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.autorenew.web.FleetLimitBench store "$STORE_PORT" >"$WORK/store.log" 2>&1 & PIDS+=($!)
java -Xmx256m -cp "target/classes:$(cat target/bench-classpath.txt)" io.autorenew.standin.StandInMain \
  --port="$STUB_PORT" --management-key=sk-or-v1-bench-management --mint-delay=300ms >"$WORK/stub.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 300); do grep -q 'OpenRouter stand-in at' "$WORK/stub.log" && break; sleep 0.2; done
SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
ENCRYPTION_KEY=$(openssl rand -base64 32)   # one for the fleet: every replica decrypts every key
for replica in a b; do
  port=$A_PORT; [[ $replica == b ]] && port=$B_PORT
  SERVER_PORT=$port INSTANCE_ID=replica-$replica MONGODB_URI="mongodb://127.0.0.1:$STORE_PORT/analysis" \
  OPENROUTER_BASE_URL="http://127.0.0.1:$STUB_PORT/api/v1" OPENROUTER_PROVISIONING_KEY=sk-or-v1-bench-management \
  AUTH_JWT_SECRET="$SECRET" KEY_ENCRYPTION_KEY="$ENCRYPTION_KEY" OPENROUTER_RECONCILE_ENABLED=false \
  RATE_LIMIT_PER_MINUTE=10 java -Xmx512m -jar "$BENCH_JAR" >"$WORK/replica-$replica.log" 2>&1 & PIDS+=($!)
done
wait_http "http://127.0.0.1:$A_PORT/actuator/health/readiness"
wait_http "http://127.0.0.1:$B_PORT/actuator/health/readiness"

python3 bench/tokens.py "$SECRET" burst 1 "$WORK/burst.tok"
python3 bench/tokens.py "$SECRET" limited 1 "$WORK/limited.tok"
call() { # port token-file -> status
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:$1/analysis" \
    -H "Authorization: Bearer $(cat "$2")" -H 'Content-Type: application/json' -d '{"prompt":"Summarise the report."}'
}
export -f call
export A_PORT B_PORT WORK
seq 1 10 | xargs -P 10 -I{} bash -c 'if (( {} % 2 )); then call $A_PORT $WORK/burst.tok; else call $B_PORT $WORK/burst.tok; fi' \
  >"$WORK/burst.status"
echo "burst: 10 parallel first calls of user burst-00001 over 2 replicas -> $(sort "$WORK/burst.status" | uniq -c | xargs)"
echo "mints at OpenRouter for burst-00001: $(grep -c 'minted key .* for "analysis-service:burst-00001:' "$WORK/stub.log")"
for i in $(seq 1 20); do
  if (( i % 2 )); then call "$A_PORT" "$WORK/limited.tok"; else call "$B_PORT" "$WORK/limited.tok"; fi
done >"$WORK/limited.status"
echo "rate limit 10/min, 20 calls alternating: $(sort "$WORK/limited.status" | uniq -c | xargs)"
echo "replica logs:"; grep -h "Auto-Renewal" "$WORK"/replica-*.log | sed 's/^/  /' | tail -8
