#!/usr/bin/env bash
# HTTP/2 against HTTP/1.1 to OpenRouter over TLS (issue 38): the service in front of nginx serving the
# P1 stub (bench/nginx-stub.conf) over TLS with h2 (a self-signed certificate the service trusts through
# OPENROUTER_SSL_BUNDLE; nginx's defaults, so a GOAWAY every 1,000 requests on a connection), then
# POST /v1/chat/completions at 64 connections: 30 s warm-up, 20 s measured, for OPENROUTER_HTTP2=true
# and false taking turns. Prints one line per run: req/s, p50, p99, CPU per request (from /proc) and the
# upstream connections open 10 s into the run. Loopback only.
#
#   bench/tls-hop.sh JAR [ROUNDS]    (default 2 rounds; needs nginx, openssl, wrk, node, python3)
set -euo pipefail
JAR=$(readlink -f "$1")
ROUNDS=${2:-2}
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DIR=$(mktemp -d "${TMPDIR:-/tmp}/tls-hop.XXXXXX")
TLS_PORT=${TLS_HOP_UPSTREAM_PORT:-18443} SVC_PORT=${TLS_HOP_PORT:-18700}
NGINX_PID= SVC_PID=
finish() {
	[[ -n $SVC_PID ]] && kill "$SVC_PID" 2>/dev/null || true
	[[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null || true
	rm -rf "$DIR"
}
trap finish EXIT
cd "$DIR"
mkdir -p body proxy fastcgi uwsgi scgi
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	-keyout key.pem -out cert.pem -days 1 2>/dev/null
sed -e "s#@DIR@#$DIR#g" -e "s#@PORT@#$TLS_PORT ssl http2#g" \
	-e "s#keepalive_requests 1000000;#keepalive_requests 1000000;\n    ssl_certificate $DIR/cert.pem;\n    ssl_certificate_key $DIR/key.pem;#" \
	"$BENCH/nginx-stub.conf" >nginx.conf
nginx -p "$DIR" -e "$DIR/error.log" -c "$DIR/nginx.conf" -g 'daemon off;' >nginx.out 2>&1 &
NGINX_PID=$!
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
python3 "$BENCH/tokens.py" "$SECRET" tls-user 200 tokens.txt

run() {
	local h2=$1 label=$2
	rm -rf data && mkdir data
	env -u MONGODB_URI SERVER_PORT="$SVC_PORT" AUTH_JWT_SECRET="$SECRET" \
		KEY_ENCRYPTION_KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')" \
		OPENROUTER_PROVISIONING_KEY=sk-or-v1-bench-management-key OPENROUTER_BASE_URL="https://127.0.0.1:$TLS_PORT/api/v1" \
		EMBEDDED_MONGO_DIR="$DIR/data" OPENROUTER_RECONCILE_ENABLED=false RATE_LIMIT_PER_MINUTE=100000000 \
		OPENROUTER_READ_TIMEOUT=30s OPENROUTER_HTTP2="$h2" OPENROUTER_SSL_BUNDLE=bench \
		SPRING_SSL_BUNDLE_PEM_BENCH_TRUSTSTORE_CERTIFICATE="file:$DIR/cert.pem" LOGGING_LEVEL_IO_AUTORENEW_ACCESS=warn \
		"$JAVA" -Xms256m -Xmx512m -XX:+UseG1GC -jar "$JAR" >"service-$label.log" 2>&1 &
	SVC_PID=$!
	local i
	for ((i = 0; i < 600; i++)); do
		curl -sf -o /dev/null "http://127.0.0.1:$SVC_PORT/actuator/health" && break
		sleep 0.1
	done
	node "$BENCH/burst.js" "http://127.0.0.1:$SVC_PORT" tokens.txt 200 50 1 200 >/dev/null
	BENCH_MODE=service_v1 BENCH_TOKENS=tokens.txt wrk -t2 -c64 -d30s -s "$BENCH/load.lua" "http://127.0.0.1:$SVC_PORT" >/dev/null
	local t0 t1 conns wrk_pid
	t0=$(awk '{print $14 + $15}' "/proc/$SVC_PID/stat")
	BENCH_MODE=service_v1 BENCH_TOKENS=tokens.txt wrk -t2 -c64 -d20s --latency -s "$BENCH/load.lua" \
		"http://127.0.0.1:$SVC_PORT" >"run-$label.txt" 2>&1 &
	wrk_pid=$!
	sleep 10
	conns=$(ss -tn state established "( dport = :$TLS_PORT )" | tail -n +2 | wc -l)
	wait "$wrk_pid"
	t1=$(awk '{print $14 + $15}' "/proc/$SVC_PID/stat")
	kill "$SVC_PID"
	wait "$SVC_PID" 2>/dev/null || true
	SVC_PID=
	local reqs
	reqs=$(grep -o '^ *[0-9]* requests' "run-$label.txt" | awk '{print $1}')
	printf '%s OPENROUTER_HTTP2=%s req/s=%s p50=%s p99=%s cpu_us_per_request=%s upstream_connections=%s errors=%s\n' \
		"$label" "$h2" "$(awk '/Requests\/sec/ {print $2}' "run-$label.txt")" \
		"$(awk '$1 == "50%" {print $2}' "run-$label.txt")" "$(awk '$1 == "99%" {print $2}' "run-$label.txt")" \
		"$(((t1 - t0) * 1000000 / $(getconf CLK_TCK) / reqs))" "$conns" \
		"$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "run-$label.txt" | awk '{print $NF}' || true)"
}

for ((r = 1; r <= ROUNDS; r++)); do
	run true "h2-$r"
	run false "h1-$r"
done
