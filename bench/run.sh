#!/usr/bin/env bash
# Performance benchmark of the analysis service (issue 5). One command:
#
#   bench/run.sh            full run (about 15 minutes), writes BENCHMARKS.md at the repo root
#   bench/run.sh --smoke    every scenario for a few seconds with few connections (about 2 minutes),
#                           report in bench/results/<run>/BENCHMARKS.md; keeps the script from rotting
#
# It builds the jar (mvn -q -B -DskipTests package in the repo root) unless BENCH_JAR names one,
# installs wrk and nginx from Debian if they are missing, starts the stubs and the service on
# 127.0.0.1 only, runs scenarios P1-P5 with wrk (and bench/burst.js for exact bursts), stops
# everything it started (also on failure or Ctrl-C) and writes the report. Raw output goes to
# bench/results/<run>/ (git-ignored). Settings (environment, all optional):
#   BENCH_JAR           service jar to run instead of building one
#   BENCH_JAVA_HOME     JDK to run the service on (default: Temurin 25, as CI, when installed)
#   BENCH_JVM_OPTS      JVM flags of the service (default below)
#   BENCH_LOG_LEVEL     LOGGING_LEVEL_ROOT of the service (default: unset, i.e. INFO as deployed)
#   BENCH_PORT_BASE     first of the loopback ports used (default 18400; base+1..+7 and base+10)
#   BENCH_QUIET_WAIT    seconds to wait, before each scenario, for other processes to leave the
#                       CPU idle (default 300 in a full run, 0 in smoke); the CPU they took during
#                       each scenario is reported either way
#   BENCH_REPORT        where to write the report (default: BENCHMARKS.md, or the run dir in smoke)
#   BENCH_SCENARIOS     subset to run, e.g. "P1 P5" (default: all); BENCH_SCENARIOS=P5 for start-up only
#   BENCH_P5_STARTS     starts of each P5 variant that count (default 5 in a full run, 1 in smoke)
#   BENCH_P5_VARIANTS   P5 variants, in the order they take turns (default "jar aot spring-aot lean-spring-aot"):
#                       jar (java -jar on the fat jar), extracted (Boot's extracted layout), aot
#                       (extracted, started from a JDK 25 AOT cache made by bench/aot-train.sh, the
#                       Dockerfile's training run), aot-onrefresh (the same, trained with
#                       -Dspring.context.exit=onRefresh instead of real requests), spring-aot (like
#                       aot, started with -Dspring.aot.enabled=true from the Spring AOT code the build
#                       puts in the jar, as the container image starts), lean-spring-aot (the lean
#                       reference, bench/lean-reference, started as spring-aot is, its cache trained
#                       on its start alone: the Spring floor of the same start)
#   BENCH_P5_SPRING_AOT_JAR  for the spring-aot variant: another jar than the service's (default: the
#                       service's jar, which the build's process-aot goal made ready for it)
#   BENCH_LEAN_JAR      the lean reference's jar (bench/lean-reference) instead of building it
#   BENCH_REFERENCE_JARS  a directory holding reactor-hop.jar and gateway-hop.jar (bench/reactor-hop,
#                       bench/gateway-hop) instead of building them
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
MODE=full
case "${1:-}" in
	--smoke) MODE=smoke ;;
	"") ;;
	-h | --help)
		sed -n '2,32p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	*)
		echo "usage: bench/run.sh [--smoke]" >&2
		exit 2
		;;
esac

# ---------------------------------------------------------------- parameters of the scenarios
if [[ $MODE == full ]]; then
	P1_CONNS=64 P1_USERS=1000 P1_WARM=60s P1_PEER_WARM=20s P1_DURATION=20s P1_PACED_DURATION=15s P1_PACED_DELAY_MS=128 P1_PROFILE=15s
	P1_IDLE_DURATION=10s P1_IDLE_GAP_MS=10 P1_ROUNDS=3 P1_ROUND_DURATION=10s
	P2_CONNS=1000 P2_USERS=1000 P2_WARM=30s P2_DURATION=30s P2_DIRECT=10s P2_PROFILE=10s P2_HISTO_LOAD=10s P2_HISTO_AFTER=6
	P3_TTL_S=40 P3_TAIL_MS=8000 P3_STORM=500 P3_STORM_ROUNDS=9 P3_WARM_MAX_S=30 P3_USERS=1000 P3_CONNS=64
	P3_FAST_WARM=25s
	P4_USERS=200 P4_CONNS=20 P4_DELAY_MS=50 P4_DURATION_S=300 P4_TTL=PT60S P4_RENEW_BEFORE=PT15S P4_RSS_EVERY_S=5
	P5_STARTS=${BENCH_P5_STARTS:-5}
	QUIET_WAIT="${BENCH_QUIET_WAIT:-300}"
else
	P1_CONNS=8 P1_USERS=50 P1_WARM=2s P1_PEER_WARM=2s P1_DURATION=3s P1_PACED_DURATION=2s P1_PACED_DELAY_MS=20 P1_PROFILE=2s
	P1_IDLE_DURATION=2s P1_IDLE_GAP_MS=5 P1_ROUNDS=2 P1_ROUND_DURATION=2s
	P2_CONNS=50 P2_USERS=50 P2_WARM=2s P2_DURATION=3s P2_DIRECT=2s P2_PROFILE=2s P2_HISTO_LOAD=3s P2_HISTO_AFTER=2
	P3_TTL_S=4 P3_TAIL_MS=1000 P3_STORM=20 P3_STORM_ROUNDS=1 P3_WARM_MAX_S=1 P3_USERS=40 P3_CONNS=8
	P3_FAST_WARM=2s
	P4_USERS=20 P4_CONNS=4 P4_DELAY_MS=50 P4_DURATION_S=6 P4_TTL=PT4S P4_RENEW_BEFORE=PT2S P4_RSS_EVERY_S=1
	P5_STARTS=${BENCH_P5_STARTS:-1}
	QUIET_WAIT="${BENCH_QUIET_WAIT:-0}"
fi
P2_CHAT_DELAY_MS=1000        # the slow upstream of P2
P3_MINT_DELAY_MS=100         # POST /keys round trip of the stub in P3/P4 (OpenRouter's is of this order)
P4_MINT_DELAY_MS=100
SCENARIOS="${BENCH_SCENARIOS:-P1 P2 P3 P4 P5}"
JVM_OPTS="${BENCH_JVM_OPTS:--Xms256m -Xmx512m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError}"
PORT_BASE="${BENCH_PORT_BASE:-18400}"
NGX_STUB_PORT=$((PORT_BASE + 1))
NGX_HOP_PORT=$((PORT_BASE + 2))
PORTKEY_PORT=$((PORT_BASE + 4))
LEAN_PORT=$((PORT_BASE + 5))
REACTOR_PORT=$((PORT_BASE + 6))
GATEWAY_PORT=$((PORT_BASE + 7))
# The process tree whose CPU run_wrk reports per request (the hop under test); unset: none.
HOP_PID=
NODE_STUB_PORT=$((PORT_BASE + 3))
FRONT_PORT=$((PORT_BASE + 8))
SVC_PORT=$((PORT_BASE + 10))
MANAGEMENT_KEY="sk-or-v1-bench-management-key"
# the runtime key bench/load.lua sends in upstream mode (direct to a stub, or through the nginx hop)
DIRECT_KEY="sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000"
START_TIMEOUT_S=90
WRK_TIMEOUT=30s

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN="$BENCH_DIR/results/$STAMP-$MODE"
mkdir -p "$RUN"
RESULTS="$RUN/results.jsonl"
: >"$RESULTS"
if [[ $MODE == full ]]; then
	REPORT="${BENCH_REPORT:-$REPO/BENCHMARKS.md}"
else
	REPORT="${BENCH_REPORT:-$RUN/BENCHMARKS.md}"
fi

log() { printf '%s [bench] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
	log "FAILED: $*"
	exit 1
}

# ---------------------------------------------------------------- process bookkeeping
PIDS=()
LAST_PID=
CURRENT=setup

track() { PIDS+=("$1"); }

untrack() {
	local keep=() p
	for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
	PIDS=("${keep[@]+"${keep[@]}"}")
}

# Stops one process we started: TERM, up to $2 seconds (default 15), then KILL.
stop_pid() {
	local pid=$1 grace=${2:-15} i
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < grace * 10; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "pid $pid did not stop in ${grace}s: killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	wait "$pid" 2>/dev/null || true
	untrack "$pid"
}

cleanup() {
	local rc=$? i
	trap - EXIT INT TERM
	if ((${#PIDS[@]} > 0)); then
		log "stopping ${#PIDS[@]} process(es) started by the benchmark"
		for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
			stop_pid "${PIDS[$i]}" 10
		done
	fi
	if ((rc != 0)); then
		log "benchmark failed in $CURRENT (exit $rc); logs in $RUN"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- results
# record SCENARIO KEY JSON-VALUE: one line of results.jsonl
record() {
	local value=$3
	[[ -n $value ]] || value=null
	printf '{"s":"%s","k":"%s","v":%s}\n' "$1" "$2" "$value" >>"$RESULTS"
}
record_str() { record "$1" "$2" "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$3")"; }

cpu_snap() { python3 "$BENCH_DIR/cpu.py" snap $$; }
cpu_diff() { python3 "$BENCH_DIR/cpu.py" diff "$1" "$2"; }

# Waits (at most QUIET_WAIT seconds) until processes other than ours leave the CPU nearly idle.
wait_quiet() {
	local start=$SECONDS deadline=$((SECONDS + QUIET_WAIT)) a b foreign
	while :; do
		a=$(cpu_snap)
		sleep 2
		b=$(cpu_snap)
		foreign=$(cpu_diff "$a" "$b" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["foreign_pct"]))')
		if ((foreign <= 15)); then
			record "$CURRENT" quiet_wait "{\"waited_s\":$((SECONDS - start)),\"foreign_pct\":$foreign}"
			return 0
		fi
		if ((SECONDS >= deadline)); then
			log "other processes still use ${foreign}% of a core; going on (recorded in the report)"
			record "$CURRENT" quiet_wait "{\"waited_s\":$((SECONDS - start)),\"foreign_pct\":$foreign}"
			return 0
		fi
		log "other processes use ${foreign}% of a core; waiting for a quiet machine"
		sleep 3
	done
}

# ---------------------------------------------------------------- prerequisites
ensure_tools() {
	local missing=()
	command -v wrk >/dev/null || missing+=(wrk)
	command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
	if ((${#missing[@]} > 0)); then
		log "installing ${missing[*]} from Debian"
		local sudo=
		((EUID == 0)) || sudo=sudo
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
	NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
	for tool in node python3 curl; do
		command -v "$tool" >/dev/null || die "$tool is required"
	done
}

find_java() {
	if [[ -n ${BENCH_JAVA_HOME:-} ]]; then
		JAVA_HOME_RUN="$BENCH_JAVA_HOME"
	elif [[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
		JAVA_HOME_RUN=/usr/lib/jvm/temurin-25-jdk-amd64
	elif [[ -n ${JAVA_HOME:-} ]]; then
		JAVA_HOME_RUN="$JAVA_HOME"
	else
		JAVA_HOME_RUN="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
	fi
	JAVA="$JAVA_HOME_RUN/bin/java"
	JCMD="$JAVA_HOME_RUN/bin/jcmd"
	JFR="$JAVA_HOME_RUN/bin/jfr"
	JSTAT="$JAVA_HOME_RUN/bin/jstat"
	[[ -x $JAVA ]] || die "no java at $JAVA"
}

build_jar() {
	if [[ -n ${BENCH_JAR:-} ]]; then
		JAR="$(readlink -f "$BENCH_JAR")"
		[[ -f $JAR ]] || die "BENCH_JAR $BENCH_JAR does not exist"
		log "using $JAR"
		return
	fi
	log "building the jar (mvn -q -B -DskipTests package in $REPO)"
	(cd "$REPO" && mvn -q -B -DskipTests package) >"$RUN/build.log" 2>&1 || {
		tail -30 "$RUN/build.log" >&2
		die "build failed"
	}
	JAR="$(ls "$REPO"/target/analysis-service-*.jar | grep -v '\.original$' | head -1)"
	[[ -f $JAR ]] || die "no jar in $REPO/target"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_ports() {
	local p
	for p in "$NGX_STUB_PORT" "$NGX_HOP_PORT" "$NODE_STUB_PORT" "$SVC_PORT"; do
		port_free "$p" || die "port $p on 127.0.0.1 is in use (set BENCH_PORT_BASE)"
	done
}

wait_port() {
	local port=$1 pid=$2 i
	for ((i = 0; i < 200; i++)); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# ---------------------------------------------------------------- stubs
# start_portkey: the Portkey AI gateway (npm @portkey-ai/gateway, pinned in bench/peers) on PORTKEY_PORT,
# installed with npm ci on first use. It reaches the stub through x-portkey-custom-host (load.lua).
# Unlike everything else here it listens on every interface (the gateway has no host option), for
# the minute P1 measures it; run the benchmark on a machine whose firewall keeps PORTKEY_PORT closed.
start_portkey() {
	local dir="$RUN/portkey" peers="$BENCH_DIR/peers"
	mkdir -p "$dir"
	if ! [[ -f $peers/node_modules/@portkey-ai/gateway/build/start-server.js ]]; then
		(cd "$peers" && npm ci --no-audit --no-fund --ignore-scripts >"$dir/npm-ci.log" 2>&1) ||
			die "npm ci in bench/peers failed (see $dir/npm-ci.log)"
	fi
	NODE_ENV=production node "$peers/node_modules/@portkey-ai/gateway/build/start-server.js" \
		--port="$PORTKEY_PORT" --headless >"$dir/stdout.log" 2>&1 &
	LAST_PID=$!
	track "$LAST_PID"
	wait_port "$PORTKEY_PORT" "$LAST_PID" || die "the Portkey gateway did not start (see $dir/stdout.log)"
}

# start_lean UPSTREAM_BASE_URL: the lean reference (bench/lean-reference, issue 38) on LEAN_PORT, built with Maven
# unless BENCH_LEAN_JAR names its jar; the same JDK, JVM flags and JWT secret as the service.
LEAN_JAR=
lean_jar() {
	[[ -n $LEAN_JAR ]] && return 0
	LEAN_JAR="${BENCH_LEAN_JAR:-$BENCH_DIR/lean-reference/target/lean-reference-0.1.0-SNAPSHOT.jar}"
	mkdir -p "$RUN/lean-reference"
	if [[ -z ${BENCH_LEAN_JAR:-} ]]; then
		(cd "$BENCH_DIR/lean-reference" && JAVA_HOME="$JAVA_HOME_RUN" mvn -q -B -DskipTests package \
			>"$RUN/lean-reference/build.log" 2>&1) ||
			die "building bench/lean-reference failed (see $RUN/lean-reference/build.log)"
	fi
}
start_lean() {
	local dir="$RUN/lean-reference" jar
	lean_jar
	jar=$LEAN_JAR
	(cd "$dir" && exec env LEAN_PORT="$LEAN_PORT" LEAN_UPSTREAM="$1" AUTH_JWT_SECRET="$JWT_SECRET" \
		"$JAVA" $JVM_OPTS -jar "$jar") >"$dir/stdout.log" 2>&1 &
	LAST_PID=$!
	track "$LAST_PID"
	wait_port "$LEAN_PORT" "$LAST_PID" || die "the lean reference did not start (see $dir/stdout.log)"
}

# start_reference NAME PORT [VAR=value ...]: one of the reference hops of issue 38's part 7 (bench/NAME: reactor-hop,
# gateway-hop) on PORT (REF_PORT), built with Maven unless BENCH_REFERENCE_JARS names a directory holding NAME.jar;
# the same JDK and JVM flags as the service.
start_reference() {
	local name=$1 port=$2 dir="$RUN/$1" jar
	shift 2
	mkdir -p "$dir"
	if [[ -n ${BENCH_REFERENCE_JARS:-} ]]; then
		jar="$BENCH_REFERENCE_JARS/$name.jar"
	else
		jar="$BENCH_DIR/$name/target/$name-0.1.0-SNAPSHOT.jar"
		(cd "$BENCH_DIR/$name" && JAVA_HOME="$JAVA_HOME_RUN" mvn -q -B -DskipTests package >"$dir/build.log" 2>&1) ||
			die "building bench/$name failed (see $dir/build.log)"
	fi
	(cd "$dir" && exec env REF_PORT="$port" "$@" "$JAVA" $JVM_OPTS -jar "$jar") >"$dir/stdout.log" 2>&1 &
	LAST_PID=$!
	track "$LAST_PID"
	wait_port "$port" "$LAST_PID" || die "$name did not start (see $dir/stdout.log)"
}

# start_nginx NAME CONF-TEMPLATE PORT [UPSTREAM_PORT]
start_nginx() {
	local name=$1 template=$2 port=$3 upstream=${4:-0} dir="$RUN/$1"
	mkdir -p "$dir"
	sed -e "s#@DIR@#$dir#g" -e "s#@PORT@#$port#g" -e "s#@UPSTREAM_PORT@#$upstream#g" "$template" >"$dir/nginx.conf"
	"$NGINX" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/stdout.log" 2>&1 &
	LAST_PID=$!
	track "$LAST_PID"
	wait_port "$port" "$LAST_PID" || die "nginx $name did not start (see $dir/error.log)"
}

# start_node_stub NAME CHAT_DELAY_MS MINT_DELAY_MS (STUB_REFUSED_MAP: where it writes the keys it refuses, for
# bench/nginx-front.conf)
start_node_stub() {
	STUB_PORT=$NODE_STUB_PORT STUB_CHAT_DELAY_MS=$2 STUB_MINT_DELAY_MS=$3 STUB_MANAGEMENT_KEY=$MANAGEMENT_KEY \
		STUB_STATIC_KEY=$DIRECT_KEY STUB_REFUSED_MAP=${STUB_REFUSED_MAP:-} \
		node "$BENCH_DIR/stub.js" >"$RUN/$1.log" 2>&1 &
	LAST_PID=$!
	track "$LAST_PID"
	wait_port "$NODE_STUB_PORT" "$LAST_PID" || die "node stub $1 did not start (see $RUN/$1.log)"
}

stub_stats() { curl -sf "http://127.0.0.1:$NODE_STUB_PORT/__stats${1:+?$1}"; }

# mint_rtt PORT: five mints' round trips (seconds, a JSON list) as a client of the key API on PORT sees them
mint_rtt() {
	local i rtt=()
	for ((i = 0; i < 5; i++)); do
		rtt+=("$(curl -s -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $MANAGEMENT_KEY" \
			-H 'Content-Type: application/json' -d '{"name":"analysis-service:p3-probe:x","limit":1}' \
			"http://127.0.0.1:$1/api/v1/keys")")
	done
	echo "[$(IFS=,; echo "${rtt[*]}")]"
}

# ---------------------------------------------------------------- the service
SVC_PID=
SVC_DIR=
RSS_PID=

# start_service NAME UPSTREAM_BASE_URL [VAR=value ...]: launches the jar, waits for health UP,
# records the time from launch to ready, and samples its RSS every second.
start_service() {
	local name=$1 base=$2
	shift 2
	SVC_DIR="$RUN/$name"
	mkdir -p "$SVC_DIR/data"
	local envs=(
		"SERVER_PORT=$SVC_PORT"
		"AUTH_JWT_SECRET=$JWT_SECRET"
		"KEY_ENCRYPTION_KEY=$ENCRYPTION_KEY"
		"OPENROUTER_PROVISIONING_KEY=$MANAGEMENT_KEY"
		"OPENROUTER_BASE_URL=$base"
		"EMBEDDED_MONGO_DIR=$SVC_DIR/data"
		"OPENROUTER_RECONCILE_ENABLED=false"
		"RATE_LIMIT_PER_MINUTE=100000000"
		"OPENROUTER_READ_TIMEOUT=30s"
		"INSTANCE_ID=bench-$name"
	)
	[[ -n ${BENCH_LOG_LEVEL:-} ]] && envs+=("LOGGING_LEVEL_ROOT=$BENCH_LOG_LEVEL")
	envs+=("$@")
	printf '%s\n' "${envs[@]}" | grep -v -e '^AUTH_JWT_SECRET=' -e '^KEY_ENCRYPTION_KEY=' >"$SVC_DIR/env.txt"
	local t0 cpu0
	cpu0=$(cpu_snap)
	t0=$(date +%s%N)
	(cd "$SVC_DIR" && exec env -u MONGODB_URI "${envs[@]}" "$JAVA" $JVM_OPTS -jar "$JAR") >"$SVC_DIR/service.log" 2>&1 &
	SVC_PID=$!
	track "$SVC_PID"
	local i ready=0
	for ((i = 0; i < START_TIMEOUT_S * 20; i++)); do
		if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$SVC_PORT/actuator/health"; then
			ready=1
			break
		fi
		kill -0 "$SVC_PID" 2>/dev/null || break
		sleep 0.05
	done
	if ((ready == 0)); then
		tail -40 "$SVC_DIR/service.log" >&2
		die "service $name did not become ready (log: $SVC_DIR/service.log)"
	fi
	local ms=$((($(date +%s%N) - t0) / 1000000))
	record "$name" startup_ms "$ms"
	record "$name" startup.cpu "$(cpu_diff "$cpu0" "$(cpu_snap)")"
	record_str "$name" started_line "$(grep -m1 -o 'Started [A-Za-z]* in .*' "$SVC_DIR/service.log" || true)"
	log "service $name ready in ${ms} ms (pid $SVC_PID)"
	(
		n=0
		while kill -0 "$SVC_PID" 2>/dev/null && ((n < 7200)); do
			rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SVC_PID/status" 2>/dev/null || true)
			[[ -n $rss ]] && echo "$(date +%s) $rss" >>"$SVC_DIR/rss.txt"
			n=$((n + 1))
			sleep 1
		done
	) &
	RSS_PID=$!
	track "$RSS_PID"
}

# Peak RSS (VmHWM) of the running service, in kB.
service_hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$SVC_PID/status"; }

stop_service() {
	local name=$1
	record "$name" peak_rss_kb "$(service_hwm || echo null)"
	stop_pid "$SVC_PID" 20
	stop_pid "$RSS_PID" 3
	# What the service logged under load: counts by level and the distinct WARN/ERROR messages.
	python3 - "$SVC_DIR/service.log" >"$SVC_DIR/log-summary.json" <<'EOF'
import collections, json, re, sys
levels = collections.Counter()
distinct = collections.OrderedDict()
lines = 0
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    for line in f:
        lines += 1
        m = re.match(r"^\S+\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s", line)
        if m:
            levels[m.group(1)] += 1
            if m.group(1) in ("WARN", "ERROR"):
                text = re.sub(r"^\S+\s+\S+\s+\d+\s+---\s+\[[^\]]*\]\s+\[[^\]]*\]\s+", "", line.strip())
                key = re.sub(r"\d+", "#", text)[:160]
                if key not in distinct:
                    distinct[key] = [text[:400], 0]
                distinct[key][1] += 1
        elif re.match(r"^(Exception|\S+Exception|\S+Error|\tat )", line):
            levels["STACK"] += 1
print(json.dumps({"lines": lines, "levels": levels, "warn_error": [{"line": v[0], "count": v[1]} for v in list(distinct.values())[:12]]}))
EOF
	record "$name" log "$(cat "$SVC_DIR/log-summary.json")"
	SVC_PID=
}

# mint_reasons SCENARIO: the service's own count of mints by reason (openrouter.keys.minted)
mint_reasons() {
	local reason
	for reason in first_use expiring expired rejected; do
		record "$1" "minted_$reason" "$(admin_metric "openrouter.keys.minted?tag=reason:$reason")"
	done
}

admin_metric() {
	curl -sf -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$SVC_PORT/actuator/metrics/$1" || echo null
}

# ---------------------------------------------------------------- load generators
# run_wrk SCENARIO KEY URL CONNECTIONS DURATION [VAR=value ...]: wrk with bench/load.lua; records
# its figures (BENCHJSON line) and the CPU used by us and by other processes meanwhile.
run_wrk() {
	local scenario=$1 key=$2 url=$3 conns=$4 duration=$5
	shift 5
	local threads=2 out="$RUN/$scenario-$key.wrk.txt" a b hop_a=""
	((conns < threads)) && threads=$conns
	a=$(cpu_snap)
	[[ -n $HOP_PID ]] && hop_a=$(python3 "$BENCH_DIR/cpu.py" snap "$HOP_PID")
	# in the background and waited for, so that a signal stops the run at once (see cleanup)
	env "$@" wrk -t"$threads" -c"$conns" -d"$duration" --timeout "$WRK_TIMEOUT" --latency \
		-s "$BENCH_DIR/load.lua" "$url" >"$out" 2>&1 &
	local wrk_pid=$!
	track "$wrk_pid"
	if ! wait "$wrk_pid"; then
		cat "$out" >&2
		die "wrk $scenario/$key failed"
	fi
	untrack "$wrk_pid"
	b=$(cpu_snap)
	local json
	json=$(sed -n 's/^BENCHJSON //p' "$out")
	[[ -n $json ]] || {
		cat "$out" >&2
		die "wrk $scenario/$key printed no figures"
	}
	record "$scenario" "$key" "$json"
	record "$scenario" "$key.cpu" "$(cpu_diff "$a" "$b")"
	if [[ -n $hop_a ]]; then
		# CPU of the hop's processes (user + system, from /proc) per request wrk completed
		record "$scenario" "$key.hop_cpu" "$(python3 -c 'import json,os,sys
a, b, j = sys.argv[1].split(), sys.argv[2].split(), json.loads(sys.argv[3])
us = (int(b[2]) - int(a[2])) / os.sysconf("SC_CLK_TCK") * 1e6
print(json.dumps({"cpu_s": round(us / 1e6, 2), "us_per_request": round(us / max(1, int(j["requests"])), 1)}))' \
			"$hop_a" "$(python3 "$BENCH_DIR/cpu.py" snap "$HOP_PID")" "$json")"
	fi
	log "$scenario $key: $(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print("%s req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %s, socket errors %s" % (j["rps"], j["lat_p50_us"]/1000, j["lat_p99_us"]/1000, j["err_status"], j["err_connect"]+j["err_read"]+j["err_write"]+j["err_timeout"]))' "$json")"
}

# run_burst SCENARIO KEY TOKENS REQUESTS CONCURRENCY FIRST COUNT
run_burst() {
	local scenario=$1 key=$2 out="$RUN/$1-$2.burst.txt"
	node "$BENCH_DIR/burst.js" "http://127.0.0.1:$SVC_PORT" "$3" "$4" "$5" "$6" "$7" >"$out" 2>&1 &
	local burst_pid=$!
	track "$burst_pid"
	if ! wait "$burst_pid"; then
		cat "$out" >&2
		die "burst $scenario/$key failed"
	fi
	untrack "$burst_pid"
	local json
	json=$(sed -n 's/^BENCHJSON //p' "$out")
	[[ -n $json ]] || die "burst $scenario/$key printed no figures"
	record "$scenario" "$key" "$json"
	log "$scenario $key: $(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print("%d/%d ok, p50 %s ms, p99 %s ms, max %s ms" % (j["ok"], j["requests"], j["p50_ms"], j["p99_ms"], j["max_ms"]))' "$json")"
}

# profile SCENARIO SECONDS-SPEC then the wrk arguments: a JFR recording (settings=profile) of the
# running service while wrk repeats the load, summarised by bench/jfr_summary.py.
profile() {
	local scenario=$1 duration=$2
	shift 2
	local file="$RUN/$scenario-profile.jfr"
	"$JCMD" "$SVC_PID" JFR.start name=bench settings=profile filename="$file" >"$RUN/$scenario-jfr-start.txt" 2>&1 ||
		die "JFR.start failed: $(cat "$RUN/$scenario-jfr-start.txt")"
	run_wrk "$scenario" profiled "$@"
	"$JCMD" "$SVC_PID" JFR.stop name=bench >"$RUN/$scenario-jfr-stop.txt" 2>&1 || die "JFR.stop failed"
	python3 "$BENCH_DIR/jfr_summary.py" "$JFR" "$file" "$RUN/$scenario-profile.json" ||
		die "could not summarise $file"
	record "$scenario" profile "$(cat "$RUN/$scenario-profile.json")"
}

# run_idle KEY URL [VAR=value ...]: one connection, one request at a time, a new connection for each
# (Connection: close) and a pause between them: what a hop adds on an idle machine (issue 38, part 3).
run_idle() {
	local key=$1 url=$2
	shift 2
	run_wrk P1 "$key" "$url" 1 "$P1_IDLE_DURATION" BENCH_CLOSE=1 BENCH_DELAY_MS="$P1_IDLE_GAP_MS" "$@"
}

# measure_hop PID PREFIX KEY URL WARM [VAR=value ...]: one hop of P1 beside the service: a warm-up (PREFIX_warmup), the
# measured run (KEY, with the CPU of PID's processes), the idle run (PREFIX_idle); then the hop is stopped.
measure_hop() {
	local pid=$1 prefix=$2 key=$3 url=$4 warm=$5
	shift 5
	log "P1: warming up $prefix ($warm)"
	run_wrk P1 "${prefix}_warmup" "$url" "$P1_CONNS" "$warm" "$@" BENCH_STATUS=1
	HOP_PID=$pid run_wrk P1 "$key" "$url" "$P1_CONNS" "$P1_DURATION" "$@"
	run_idle "${prefix}_idle" "$url" "$@"
	# KEEP=1: the hop stays up (the lean reference, for the rounds at the end of P1)
	[[ -n ${KEEP:-} ]] || stop_pid "$pid"
}

# ---------------------------------------------------------------- scenarios
scenario_p1() {
	CURRENT=P1
	wait_quiet
	start_nginx p1-stub "$BENCH_DIR/nginx-stub.conf" "$NGX_STUB_PORT"
	local stub_pid=$LAST_PID
	start_nginx p1-hop "$BENCH_DIR/nginx-hop.conf" "$NGX_HOP_PORT" "$NGX_STUB_PORT"
	local hop_pid=$LAST_PID
	start_service p1-service "http://127.0.0.1:$NGX_STUB_PORT/api/v1"
	local svc="http://127.0.0.1:$SVC_PORT" tokens="$RUN/tokens-p1.txt"
	python3 "$BENCH_DIR/tokens.py" "$JWT_SECRET" p1-user "$P1_USERS" "$tokens"

	log "P1: minting the $P1_USERS users' keys"
	run_burst P1 first_keys "$tokens" "$P1_USERS" 100 1 "$P1_USERS"
	HOP_PID=$stub_pid run_wrk P1 direct "http://127.0.0.1:$NGX_STUB_PORT" "$P1_CONNS" "$P1_DURATION" BENCH_MODE=upstream
	HOP_PID=$hop_pid run_wrk P1 nginx_hop "http://127.0.0.1:$NGX_HOP_PORT" "$P1_CONNS" "$P1_DURATION" BENCH_MODE=upstream
	run_idle direct_idle "http://127.0.0.1:$NGX_STUB_PORT" BENCH_MODE=upstream
	run_idle nginx_hop_idle "http://127.0.0.1:$NGX_HOP_PORT" BENCH_MODE=upstream
	# The gateway users would pick instead: Portkey's (bench/peers, pinned by its lock file), in front of the same stub.
	start_portkey
	# Portkey fails half its answers to "Connection: close" (wrk: read errors): its idle run keeps the connection.
	measure_hop "$LAST_PID" portkey portkey_hop "http://127.0.0.1:$PORTKEY_PORT" "$P1_PEER_WARM" BENCH_MODE=portkey \
		BENCH_CUSTOM_HOST="http://127.0.0.1:$NGX_STUB_PORT/api/v1" BENCH_CLOSE=0
	# The lean reference: Spring MVC with the same contracted parts (JWT, Actuator, JSON both ways), same stub,
	# same tokens and the same warm-up as the service.
	start_lean "http://127.0.0.1:$NGX_STUB_PORT/api/v1"
	local lean_pid=$LAST_PID
	KEEP=1 measure_hop "$lean_pid" lean lean_reference "http://127.0.0.1:$LEAN_PORT" "$P1_WARM" BENCH_MODE=service \
		BENCH_TOKENS="$tokens"
	# What leaving the servlet stack would buy (issue 38, part 7): Reactor Netty with Jackson and no Spring, doing
	# /analysis's JSON work; Spring Cloud Gateway on WebFlux, forwarding only.
	start_reference reactor-hop "$REACTOR_PORT" REF_UPSTREAM="http://127.0.0.1:$NGX_STUB_PORT/api/v1"
	measure_hop "$LAST_PID" reactor reactor_hop "http://127.0.0.1:$REACTOR_PORT" "$P1_PEER_WARM" BENCH_MODE=service \
		BENCH_TOKENS="$tokens"
	start_reference gateway-hop "$GATEWAY_PORT" REF_UPSTREAM_ORIGIN="http://127.0.0.1:$NGX_STUB_PORT"
	measure_hop "$LAST_PID" gateway gateway_hop "http://127.0.0.1:$GATEWAY_PORT" "$P1_PEER_WARM" BENCH_MODE=upstream
	# the JIT needs about 40 s of this load on 2 cores before throughput stops climbing
	log "P1: warming up the service ($P1_WARM)"
	run_wrk P1 warmup "$svc" "$P1_CONNS" "$P1_WARM" BENCH_MODE=service BENCH_TOKENS="$tokens" BENCH_STATUS=1
	HOP_PID=$SVC_PID run_wrk P1 service "$svc" "$P1_CONNS" "$P1_DURATION" BENCH_MODE=service BENCH_TOKENS="$tokens"
	# The OpenAI-compatible API, same users and stub: most of its code is already compiled by now.
	run_wrk P1 warmup_v1 "$svc" "$P1_CONNS" "$P1_PEER_WARM" BENCH_MODE=service_v1 BENCH_TOKENS="$tokens" BENCH_STATUS=1
	HOP_PID=$SVC_PID run_wrk P1 service_v1 "$svc" "$P1_CONNS" "$P1_DURATION" BENCH_MODE=service_v1 BENCH_TOKENS="$tokens"
	# Issue 38: the lean reference (kept up, idle meanwhile) and the service take turns, P1_ROUNDS rounds of
	# P1_ROUND_DURATION each, so that the machine's drift hits both alike; the report gives the median of the
	# rounds' ratios.
	local round
	for round in $(seq 1 "$P1_ROUNDS"); do
		HOP_PID=$lean_pid run_wrk P1 "lean_round_$round" "http://127.0.0.1:$LEAN_PORT" "$P1_CONNS" "$P1_ROUND_DURATION" \
			BENCH_MODE=service BENCH_TOKENS="$tokens"
		HOP_PID=$SVC_PID run_wrk P1 "service_round_$round" "$svc" "$P1_CONNS" "$P1_ROUND_DURATION" BENCH_MODE=service \
			BENCH_TOKENS="$tokens"
		HOP_PID=$SVC_PID run_wrk P1 "service_v1_round_$round" "$svc" "$P1_CONNS" "$P1_ROUND_DURATION" \
			BENCH_MODE=service_v1 BENCH_TOKENS="$tokens"
	done
	stop_pid "$lean_pid"
	run_idle service_idle "$svc" BENCH_MODE=service BENCH_TOKENS="$tokens"
	run_idle service_v1_idle "$svc" BENCH_MODE=service_v1 BENCH_TOKENS="$tokens"
	# The same three at a fixed, moderate pace: latency without queueing in front of the slowest.
	local pace=(BENCH_DELAY_MS="$P1_PACED_DELAY_MS")
	run_wrk P1 direct_paced "http://127.0.0.1:$NGX_STUB_PORT" "$P1_CONNS" "$P1_PACED_DURATION" BENCH_MODE=upstream "${pace[@]}"
	run_wrk P1 nginx_hop_paced "http://127.0.0.1:$NGX_HOP_PORT" "$P1_CONNS" "$P1_PACED_DURATION" BENCH_MODE=upstream "${pace[@]}"
	run_wrk P1 service_paced "$svc" "$P1_CONNS" "$P1_PACED_DURATION" BENCH_MODE=service BENCH_TOKENS="$tokens" "${pace[@]}"
	record P1 rss_after_kb "$(awk '/^VmRSS:/ {print $2}' "/proc/$SVC_PID/status")"
	profile P1 "$P1_PROFILE" "$svc" "$P1_CONNS" "$P1_PROFILE" BENCH_MODE=service BENCH_TOKENS="$tokens"
	stop_service p1-service
	stop_pid "$hop_pid"
	stop_pid "$stub_pid"
}

scenario_p2() {
	CURRENT=P2
	wait_quiet
	start_node_stub p2-stub "$P2_CHAT_DELAY_MS" 0
	local stub_pid=$LAST_PID
	start_service p2-service "http://127.0.0.1:$NODE_STUB_PORT/api/v1"
	local svc="http://127.0.0.1:$SVC_PORT" tokens="$RUN/tokens-p2.txt"
	python3 "$BENCH_DIR/tokens.py" "$JWT_SECRET" p2-user "$P2_USERS" "$tokens"

	log "P2: minting the $P2_USERS users' keys, then warming up at $P2_CONNS connections"
	run_burst P2 first_keys "$tokens" "$P2_USERS" 250 1 "$P2_USERS"
	"$JCMD" "$SVC_PID" GC.class_histogram >"$RUN/P2-histogram-idle.txt" 2>&1 || true
	record P2 histogram_idle_bytes "$(awk '/^Total/ {print $3}' "$RUN/P2-histogram-idle.txt")"
	run_wrk P2 direct "http://127.0.0.1:$NODE_STUB_PORT" "$P2_CONNS" "$P2_DIRECT" BENCH_MODE=upstream BENCH_STATUS=1
	run_wrk P2 warmup "$svc" "$P2_CONNS" "$P2_WARM" BENCH_MODE=service BENCH_TOKENS="$tokens" BENCH_STATUS=1
	record P2 stub_before "$(stub_stats)"
	run_wrk P2 service "$svc" "$P2_CONNS" "$P2_DURATION" BENCH_MODE=service BENCH_TOKENS="$tokens" BENCH_STATUS=1
	record P2 stub_after "$(stub_stats)"
	record P2 peak_rss_measured_kb "$(service_hwm)"
	record P2 threads "$(awk '/^Threads:/ {print $2}' "/proc/$SVC_PID/status")"
	# what the heap holds with the connections in flight: a class histogram (a full GC) mid-load
	log "P2: heap histogram under load"
	env BENCH_MODE=service BENCH_TOKENS="$tokens" wrk -t2 -c"$P2_CONNS" -d"$P2_HISTO_LOAD" --timeout "$WRK_TIMEOUT" \
		-s "$BENCH_DIR/load.lua" "$svc" >"$RUN/P2-histogram-load.wrk.txt" 2>&1 &
	local load_pid=$!
	track "$load_pid"
	sleep "$P2_HISTO_AFTER"
	"$JCMD" "$SVC_PID" GC.class_histogram >"$RUN/P2-histogram.txt" 2>&1 || true
	wait "$load_pid" || true
	untrack "$load_pid"
	record P2 histogram "$(python3 - "$RUN/P2-histogram.txt" <<'PY'
import json, re, sys
rows, total = [], None
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
    if m:
        rows.append({"instances": int(m.group(1)), "bytes": int(m.group(2)), "class": m.group(3)})
    t = re.match(r"Total\s+(\d+)\s+(\d+)", line)
    if t:
        total = int(t.group(2))
print(json.dumps({"total_bytes": total, "top": rows[:15]}))
PY
)"
	profile P2 "$P2_PROFILE" "$svc" "$P2_CONNS" "$P2_PROFILE" BENCH_MODE=service BENCH_TOKENS="$tokens"
	stop_service p2-service
	stop_pid "$stub_pid"
}

scenario_p3() {
	CURRENT=P3
	wait_quiet
	mkdir -p "$RUN/p3-front"
	STUB_REFUSED_MAP="$RUN/p3-front/refused.conf" start_node_stub p3-stub 0 "$P3_MINT_DELAY_MS"
	local stub_pid=$LAST_PID
	start_service p3-service "http://127.0.0.1:$NODE_STUB_PORT/api/v1" \
		"OPENROUTER_KEY_TTL=PT${P3_TTL_S}S" "OPENROUTER_KEY_RENEW_BEFORE=PT0S"
	local svc="http://127.0.0.1:$SVC_PORT" storm="$RUN/tokens-p3-storm.txt" warm="$RUN/tokens-p3-warm.txt" \
		many="$RUN/tokens-p3-many.txt"
	python3 "$BENCH_DIR/tokens.py" "$JWT_SECRET" p3-storm 1 "$storm"
	python3 "$BENCH_DIR/tokens.py" "$JWT_SECRET" p3-warm 200 "$warm"
	python3 "$BENCH_DIR/tokens.py" "$JWT_SECRET" p3-user "$P3_USERS" "$many"

	# (a) one user's key has just expired, then 500 requests of that user arrive at once
	run_burst P3 storm_first_key "$storm" 1 1 1 1
	# The warm-up runs the renewal path once (an operator's rotation of another user's key), as
	# P1's warm-up runs the request path: the storm is then not the process's first renewal, whose
	# class loading and interpreted code would be measured with it (bench/NOTES.md, "Issue 38: the
	# renewal storm's critical path"); the control burst after the storm is warm too.
	run_burst P3 rotated_first_key "$warm" 1 1 1 1
	curl -sf -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
		"http://127.0.0.1:$SVC_PORT/admin/users/p3-warm-00001/openrouter-key" || die "the warm-up rotation failed"
	local user=p3-storm-00001 expires now left
	expires=$(stub_stats "user=$user" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["expires_at_ms"])')
	now=$(($(date +%s%N) / 1000000))
	left=$(((expires - now) / 1000 - 2))
	((left > P3_WARM_MAX_S)) && left=$P3_WARM_MAX_S
	if ((left >= 1)); then
		log "P3: warming up for ${left}s with other users while the storm user's key runs out"
		run_wrk P3 warmup "$svc" "$P3_CONNS" "${left}s" BENCH_MODE=service BENCH_TOKENS="$warm" BENCH_STATUS=1
	fi
	local i
	for ((i = 0; i < 600; i++)); do
		now=$(($(date +%s%N) / 1000000))
		((now > expires + 300)) && break
		sleep 0.1
	done
	((now > expires + 300)) || die "the storm user's key did not expire in time"
	record P3 storm_expired_ago_ms "$((now - expires))"
	# the mint round trip, as seen by a client of the stub
	record P3 mint_rtt_direct_s "$(mint_rtt "$NODE_STUB_PORT")"
	record P3 storm_metric_before "$(admin_metric openrouter.keys.mint.duration)"
	record P3 storm_stub_before "$(stub_stats "user=$user")"
	run_burst P3 storm "$storm" "$P3_STORM" "$P3_STORM" 1 1
	record P3 storm_stub_after "$(stub_stats "user=$user")"
	record P3 storm_metric_after "$(admin_metric openrouter.keys.mint.duration)"
	# control: the same burst for the same user now that the key is valid (no renewal)
	run_burst P3 storm_control "$storm" "$P3_STORM" "$P3_STORM" 1 1
	# (a') issue 38, part 6 as written: OpenRouter refuses the user's key, which the service cannot know
	# beforehand (the stub refuses it from now on; it still describes). Storm and control take turns,
	# P3_STORM_ROUNDS rounds, so that the machine's drift hits both alike; the report takes the median round.
	local round
	for round in $(seq 1 "$P3_STORM_ROUNDS"); do
		curl -sf -o /dev/null -X POST "http://127.0.0.1:$NODE_STUB_PORT/__refuse?user=$user" ||
			die "the stub did not refuse the storm user's key"
		record P3 "refused_stub_before_$round" "$(stub_stats "user=$user")"
		run_burst P3 "refused_storm_$round" "$storm" "$P3_STORM" "$P3_STORM" 1 1
		record P3 "refused_stub_after_$round" "$(stub_stats "user=$user")"
		run_burst P3 "refused_control_$round" "$storm" "$P3_STORM" "$P3_STORM" 1 1
	done

	# (b) many users' keys minted together expire together, under load
	log "P3: minting $P3_USERS users' keys at once; they expire together in ${P3_TTL_S}s, under load"
	run_burst P3 many_first_keys "$many" "$P3_USERS" 250 1 "$P3_USERS"
	# 1,000 first uses at once can meet the embedded store's limit (a few 503 store_unavailable): those users get
	# their first key in a second, gentler pass, so that the window below counts renewals only
	local first_ok
	first_ok=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["ok"])' "$(sed -n 's/^BENCHJSON //p' "$RUN/P3-many_first_keys.burst.txt")")
	if ((first_ok < P3_USERS)); then
		run_burst P3 many_first_keys_again "$many" "$P3_USERS" 50 1 "$P3_USERS"
	fi
	local range first last window
	range=$(stub_stats prefix=p3-user-)
	record P3 many_keys "$range"
	read -r first last < <(python3 -c 'import json,sys; p=json.loads(sys.argv[1])["prefix"]; print(p["min_expires_at_ms"], p["max_expires_at_ms"])' "$range")
	# run from now until P3_TAIL_MS after the last of those keys expired; the replacements (minted no
	# earlier than the first expiry) must not expire again inside the window
	now=$(($(date +%s%N) / 1000000))
	window=$(((last + P3_TAIL_MS - now + 999) / 1000))
	((last + P3_TAIL_MS < first + P3_TTL_S * 1000)) ||
		log "P3: the keys' expiries spread over $(((last - first) / 1000))s: some may expire twice in the run"
	record P3 many_window_s "$window"
	record P3 many_stub_before "$(stub_stats)"
	run_wrk P3 many "$svc" "$P3_CONNS" "${window}s" BENCH_MODE=service BENCH_TOKENS="$many" BENCH_STATUS=1
	record P3 many_stub_after "$(stub_stats)"
	# users whose key was not renewed in the window (minted once), with their expiry and last call
	record P3 many_keys_after "$(stub_stats prefix=p3-user-)"
	mint_reasons P3
	stop_service p3-service
	p3_fast_upstream "$storm" "$warm"
	stop_pid "$stub_pid"
}

# (a'') The refused-key storm again, on an upstream that answers in parallel as OpenRouter's fleet does: nginx
# (bench/nginx-front.conf) answers the chat calls itself and refuses the keys the Node stub lists, and sends the key
# API to the stub. On the stub alone, a mint queues behind the burst's refused calls in its one process, and the
# retried calls meet it bunched (bench/NOTES.md, "Issue 38: the renewal storm of a refused key, taking turns").
# A service of its own, warmed up like the first; the same user, storm and control taking turns.
p3_fast_upstream() {
	local storm=$1 warm=$2 front_dir="$RUN/p3-front" round i n refused_before
	start_nginx p3-front "$BENCH_DIR/nginx-front.conf" "$FRONT_PORT" "$NODE_STUB_PORT"
	local front_pid=$LAST_PID
	start_service p3-fast "http://127.0.0.1:$FRONT_PORT/api/v1"
	local svc="http://127.0.0.1:$SVC_PORT"
	run_burst P3 fast_first_key "$storm" 1 1 1 1
	run_burst P3 fast_rotated_first_key "$warm" 1 1 1 1
	curl -sf -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
		"http://127.0.0.1:$SVC_PORT/admin/users/p3-warm-00001/openrouter-key" || die "the warm-up rotation failed"
	run_wrk P3 fast_warmup "$svc" "$P3_CONNS" "$P3_FAST_WARM" BENCH_MODE=service BENCH_TOKENS="$warm" BENCH_STATUS=1
	record P3 fast_mint_rtt_s "$(mint_rtt "$FRONT_PORT")"
	for round in $(seq 1 "$P3_STORM_ROUNDS"); do
		n=$(curl -sf -X POST "http://127.0.0.1:$NODE_STUB_PORT/__refuse?user=p3-storm-00001" |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])') || die "the stub did not refuse the key"
		# nginx reads the refused keys again; its old workers close their idle connections, which the service's
		# pool drops before the burst
		kill -HUP "$front_pid"
		for ((i = 0; i < 100; i++)); do
			[[ $(curl -s "http://127.0.0.1:$FRONT_PORT/__refused_count") == "$n" ]] && break
			sleep 0.05
		done
		[[ $(curl -s "http://127.0.0.1:$FRONT_PORT/__refused_count") == "$n" ]] ||
			die "nginx did not load the refused key (see $front_dir/error.log)"
		sleep 1
		# the control finds the connections the storm opened; so that the storm too finds open ones (not the
		# none nginx's reload left), a burst of the warm-up users reopens them first
		run_burst P3 "fast_reopen_$round" "$warm" "$P3_STORM" "$P3_STORM" 1 1
		sleep 1
		refused_before=$(wc -l <"$front_dir/refused.log" 2>/dev/null || echo 0)
		record P3 "fast_stub_before_$round" "$(stub_stats "user=p3-storm-00001")"
		run_burst P3 "fast_storm_$round" "$storm" "$P3_STORM" "$P3_STORM" 1 1
		record P3 "fast_stub_after_$round" "$(stub_stats "user=p3-storm-00001")"
		record P3 "fast_refused_calls_$round" "$(($(wc -l <"$front_dir/refused.log" 2>/dev/null || echo 0) - refused_before))"
		run_burst P3 "fast_control_$round" "$storm" "$P3_STORM" "$P3_STORM" 1 1
	done
	stop_service p3-fast
	stop_pid "$front_pid"
}

scenario_p4() {
	CURRENT=P4
	wait_quiet
	start_node_stub p4-stub 0 "$P4_MINT_DELAY_MS"
	local stub_pid=$LAST_PID
	start_service p4-service "http://127.0.0.1:$NODE_STUB_PORT/api/v1" \
		"OPENROUTER_KEY_TTL=$P4_TTL" "OPENROUTER_KEY_RENEW_BEFORE=$P4_RENEW_BEFORE"
	local svc="http://127.0.0.1:$SVC_PORT" tokens="$RUN/tokens-p4.txt"
	python3 "$BENCH_DIR/tokens.py" "$JWT_SECRET" p4-user "$P4_USERS" "$tokens"
	record P4 stub_before "$(stub_stats)"
	# RSS and old generation every few seconds during the soak
	(
		n=0
		while kill -0 "$SVC_PID" 2>/dev/null && ((n < 2000)); do
			rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SVC_PID/status" 2>/dev/null || true)
			old=$("$JSTAT" -gc "$SVC_PID" 2>/dev/null | awk 'NR==2 {print $8}' || true)
			echo "$(date +%s) ${rss:-0} ${old:-0}" >>"$SVC_DIR/soak.txt"
			n=$((n + 1))
			sleep "$P4_RSS_EVERY_S"
		done
	) &
	local sampler=$!
	track "$sampler"
	local t0=$SECONDS
	log "P4: ${P4_DURATION_S}s of steady load from $P4_USERS users ($P4_CONNS connections, ${P4_DELAY_MS} ms pause each)"
	run_wrk P4 soak "$svc" "$P4_CONNS" "${P4_DURATION_S}s" BENCH_MODE=service BENCH_TOKENS="$tokens" \
		BENCH_DELAY_MS="$P4_DELAY_MS" BENCH_STATUS=1
	record P4 stub_after "$(stub_stats)"
	stop_pid "$sampler" 3
	record P4 soak_samples "$(python3 -c '
import json, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print(json.dumps([[int(r[0]), int(r[1]), float(r[2])] for r in rows if len(r) == 3]))' "$SVC_DIR/soak.txt")"
	mint_reasons P4
	record P4 auth_failures "$(admin_metric openrouter.upstream.auth.failures)"
	stop_service p4-service
	stop_pid "$stub_pid"
}

# ---------------------------------------------------------------- P5: start-up
# P5 times each start from the launch of the JVM to the first 200 on /actuator/health/readiness
# (bench/ready.py polls every 20 ms from one process, so that polling costs the starting JVM almost
# nothing), for the fat jar as built and for Boot's extracted layout with and without a JDK 25 AOT
# cache. The cache is made by bench/aot-train.sh, the very script the Dockerfile runs, with the
# service's JVM flags. The variants take turns, start after start, so that drift of the machine hits
# them alike; a start during which other processes took more than P5_CONTENDED_PCT of a core is
# recorded but does not count, and is repeated (at most P5_STARTS more starts per variant).
P5_CONTENDED_PCT=20
P5_POLL_MS=20
P5_VARIANTS="${BENCH_P5_VARIANTS:-jar aot spring-aot lean-spring-aot}"

# p5_quiet: waits (at most 60 s, or QUIET_WAIT if shorter) for a second in which other processes
# leave the CPU idle (<= 15% of a core); prints the seconds waited
p5_quiet() {
	local start=$SECONDS limit=$((QUIET_WAIT < 60 ? QUIET_WAIT : 60)) a b foreign
	while :; do
		a=$(cpu_snap)
		sleep 1
		b=$(cpu_snap)
		foreign=$(cpu_diff "$a" "$b" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["foreign_pct"]))')
		((foreign <= 15 || SECONDS - start >= limit)) && break
	done
	echo $((SECONDS - start))
}

# p5_extract JAR DIR KEY: Boot's extracted layout (DIR/app.jar and DIR/lib/); records the time it took
p5_extract() {
	local t0
	t0=$(date +%s%N)
	"$JAVA" -Djarmode=tools -jar "$1" extract --destination "$2" --application-filename app.jar \
		>"$2.log" 2>&1 || {
		cat "$2.log" >&2
		die "could not extract $1"
	}
	record P5 "$3" $((($(date +%s%N) - t0) / 1000000))
}

# p5_prepare: the extracted layout(s) and the AOT cache(s) the variants need
P5_EXTRACTED=
P5_SPRING_AOT_EXTRACTED=
P5_LEAN_EXTRACTED=
SPRING_AOT_FLAG=-Dspring.aot.enabled=true
declare -A P5_CACHE=()
p5_prepare() {
	local v need_extract=0 t0 mode cache app flags
	for v in $P5_VARIANTS; do
		case $v in
			jar) ;;
			extracted | aot | aot-onrefresh) need_extract=1 ;;
			spring-aot)
				local spring_aot_jar=${BENCH_P5_SPRING_AOT_JAR:-$JAR}
				[[ -f $spring_aot_jar ]] || die "the spring-aot variant's jar $spring_aot_jar is missing"
				record_str P5 spring_aot_jar "$(readlink -f "$spring_aot_jar")"
				p5_extract "$spring_aot_jar" "$RUN/p5-spring-aot-extracted" spring_aot_extract_ms
				P5_SPRING_AOT_EXTRACTED="$RUN/p5-spring-aot-extracted/app.jar"
				;;
			lean-spring-aot)
				lean_jar
				record_str P5 lean_jar "$(readlink -f "$LEAN_JAR")"
				p5_extract "$LEAN_JAR" "$RUN/p5-lean-extracted" lean_extract_ms
				P5_LEAN_EXTRACTED="$RUN/p5-lean-extracted/app.jar"
				;;
			*) die "unknown P5 variant $v (jar, extracted, aot, aot-onrefresh, spring-aot, lean-spring-aot)" ;;
		esac
	done
	if ((need_extract)); then
		p5_extract "$JAR" "$RUN/p5-extracted" extract_ms
		P5_EXTRACTED="$RUN/p5-extracted/app.jar"
	fi
	for v in $P5_VARIANTS; do
		app=$P5_EXTRACTED flags=$JVM_OPTS
		case $v in
			aot) mode=requests ;;
			aot-onrefresh) mode=onrefresh ;;
			spring-aot) mode=requests app=$P5_SPRING_AOT_EXTRACTED flags="$JVM_OPTS $SPRING_AOT_FLAG" ;;
			# the lean reference serves no /analysis of the service's: its cache is trained on its start alone
			lean-spring-aot) mode=onrefresh app=$P5_LEAN_EXTRACTED flags="$JVM_OPTS $SPRING_AOT_FLAG" ;;
			*) continue ;;
		esac
		cache="$RUN/p5-$v.aot"
		log "P5: training run ($mode) for the AOT cache of variant $v"
		t0=$(date +%s%N)
		# in the background and waited for, so that a signal stops it at once (see cleanup)
		# (LEAN_*: the lean reference's settings; the service ignores them)
		LEAN_PORT=$SVC_PORT LEAN_UPSTREAM="http://127.0.0.1:9/api/v1" \
			JAVA="$JAVA" AOT_TRAIN_MODE=$mode AOT_TRAIN_PORT=$SVC_PORT AOT_TRAIN_LOG="$RUN/p5-train-$v.service.log" \
			bash "$BENCH_DIR/aot-train.sh" "$app" "$cache" $flags >"$RUN/p5-train-$v.log" 2>&1 &
		local train_pid=$!
		track "$train_pid"
		if ! wait "$train_pid"; then
			grep -v '\[warning\]\[aot\]' "$RUN/p5-train-$v.log" | tail -30 >&2
			die "training run for $v failed (log: $RUN/p5-train-$v.log)"
		fi
		untrack "$train_pid"
		record P5 "train.$v" "$(python3 -c 'import json,sys; print(json.dumps({"mode": sys.argv[1], "ms": int(sys.argv[2]), "cache_bytes": int(sys.argv[3]), "answers": sys.argv[4], "aot_warnings": int(sys.argv[5])}))' \
			"$mode" $((($(date +%s%N) - t0) / 1000000)) "$(stat -c %s "$cache")" \
			"$(sed -n 's/^aot-train: answers: //p' "$RUN/p5-train-$v.log")" \
			"$(grep -c '\[warning\]\[aot\]' "$RUN/p5-train-$v.service.log" || true)")"
		P5_CACHE[$v]=$cache
	done
}

# p5_args VARIANT: the JVM's arguments for that variant (JVM_OPTS first, as every scenario)
p5_args() {
	case $1 in
		jar) echo "$JVM_OPTS -jar $JAR" ;;
		extracted) echo "$JVM_OPTS -jar $P5_EXTRACTED" ;;
		aot | aot-onrefresh) echo "$JVM_OPTS -XX:AOTCache=${P5_CACHE[$1]} -jar $P5_EXTRACTED" ;;
		spring-aot) echo "$JVM_OPTS $SPRING_AOT_FLAG -XX:AOTCache=${P5_CACHE[$1]} -jar $P5_SPRING_AOT_EXTRACTED" ;;
		lean-spring-aot) echo "$JVM_OPTS $SPRING_AOT_FLAG -XX:AOTCache=${P5_CACHE[$1]} -jar $P5_LEAN_EXTRACTED" ;;
	esac
}

# p5_start VARIANT N BASE_URL: one start; sets P5_COUNTS to 1 if it counts (not contended), else 0
P5_COUNTS=0
p5_start() {
	local variant=$1 n=$2 base=$3 name="p5-$1-$2" waited
	local dir="$RUN/$name"
	mkdir -p "$dir/data"
	# the environment of start_service
	local envs=(
		"SERVER_PORT=$SVC_PORT"
		"AUTH_JWT_SECRET=$JWT_SECRET"
		"KEY_ENCRYPTION_KEY=$ENCRYPTION_KEY"
		"OPENROUTER_PROVISIONING_KEY=$MANAGEMENT_KEY"
		"OPENROUTER_BASE_URL=$base"
		"EMBEDDED_MONGO_DIR=$dir/data"
		"OPENROUTER_RECONCILE_ENABLED=false"
		"RATE_LIMIT_PER_MINUTE=100000000"
		"OPENROUTER_READ_TIMEOUT=30s"
		"INSTANCE_ID=bench-$name"
		# the lean reference's (the service ignores them)
		"LEAN_PORT=$SVC_PORT"
		"LEAN_UPSTREAM=$base"
	)
	[[ -n ${BENCH_LOG_LEVEL:-} ]] && envs+=("LOGGING_LEVEL_ROOT=$BENCH_LOG_LEVEL")
	waited=$(p5_quiet)
	local args cpu0 t0 pid poll_pid out rc=0
	args=$(p5_args "$variant")
	cpu0=$(cpu_snap)
	t0=$(date +%s%N)
	# shellcheck disable=SC2086 # the flags are words
	(cd "$dir" && exec env -u MONGODB_URI "${envs[@]}" "$JAVA" $args) >"$dir/service.log" 2>&1 &
	pid=$!
	track "$pid"
	python3 "$BENCH_DIR/ready.py" "http://127.0.0.1:$SVC_PORT/actuator/health/readiness" "$t0" "$pid" \
		"$START_TIMEOUT_S" "$P5_POLL_MS" >"$dir/ready.json" &
	poll_pid=$!
	track "$poll_pid"
	wait "$poll_pid" || rc=$?
	untrack "$poll_pid"
	local cpu
	cpu=$(cpu_diff "$cpu0" "$(cpu_snap)")
	out=$(cat "$dir/ready.json")
	record_str P5 "started.$name" "$(grep -m1 -o 'Started [A-Za-z]* in .*' "$dir/service.log" || true)"
	# any AOT cache problem the JVM reported (a cache it could not use is silently skipped otherwise)
	record_str P5 "aot_log.$name" "$(grep -m3 -E '\[(warning|error) *\]\[aot' "$dir/service.log" | tr '\n' ' ' || true)"
	stop_pid "$pid" 20
	if ((rc != 0)); then
		tail -40 "$dir/service.log" >&2
		die "P5 $name did not become ready (log: $dir/service.log)"
	fi
	local counts
	counts=$(python3 -c '
import json, sys
r, c = json.loads(sys.argv[1]), json.loads(sys.argv[2])
contended = c["foreign_pct"] > float(sys.argv[6])
print(json.dumps({"variant": sys.argv[3], "n": int(sys.argv[4]), "quiet_waited_s": int(sys.argv[5]),
                  "ready_ms": r["ready_ms"], "port_ms": r["port_ms"], "cpu": c, "contended": contended}))
print(0 if contended else 1)' "$out" "$cpu" "$variant" "$n" "$waited" "$P5_CONTENDED_PCT")
	record P5 "start.$name" "$(head -1 <<<"$counts")"
	P5_COUNTS=$(tail -1 <<<"$counts")
	log "P5 $name: ready in $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["ready_ms"])' "$out") ms$( ((P5_COUNTS == 1)) || echo ' (contended: does not count)')"
}

scenario_p5() {
	CURRENT=P5
	wait_quiet
	p5_prepare
	start_nginx p5-stub "$BENCH_DIR/nginx-stub.conf" "$NGX_STUB_PORT"
	local stub_pid=$LAST_PID v
	record_str P5 variants "$P5_VARIANTS"
	for v in $P5_VARIANTS; do
		record_str P5 "args.$v" "$(p5_args "$v" | sed -e "s#$RUN/#<run>/#g" -e "s#$REPO/##g")"
	done
	declare -A good=() tried=()
	local round more
	for ((round = 1; round <= 2 * P5_STARTS; round++)); do
		more=0
		for v in $P5_VARIANTS; do
			((${good[$v]:-0} < P5_STARTS)) || continue
			tried[$v]=$((${tried[$v]:-0} + 1))
			p5_start "$v" "${tried[$v]}" "http://127.0.0.1:$NGX_STUB_PORT/api/v1"
			good[$v]=$((${good[$v]:-0} + P5_COUNTS))
			((${good[$v]} < P5_STARTS)) && more=1
		done
		((more)) || break
	done
	stop_pid "$stub_pid"
}

# ---------------------------------------------------------------- main
ensure_tools
find_java
check_ports
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(($(ulimit -n) >= 4096)) || die "ulimit -n is $(ulimit -n): P2 needs at least 4096 file descriptors"
build_jar

JWT_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
ENCRYPTION_KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
python3 "$BENCH_DIR/tokens.py" "$JWT_SECRET" bench-admin 1 "$RUN/tokens-admin.txt" --admin
ADMIN_TOKEN="$(head -1 "$RUN/tokens-admin.txt")"

record meta mode "\"$MODE\""
record_str meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
record_str meta java "$("$JAVA" -version 2>&1 | sed -n 2p)"
record_str meta java_home "$JAVA_HOME_RUN"
record_str meta jvm_opts "$JVM_OPTS"
record_str meta log_level "${BENCH_LOG_LEVEL:-INFO (default)}"
record meta cores "$(nproc)"
record meta mem_kb "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
record_str meta cpu "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
record_str meta kernel "$(uname -r)"
record_str meta os "$(. /etc/os-release && echo "$PRETTY_NAME")"
record_str meta wrk "$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
record_str meta nginx "$("$NGINX" -v 2>&1)"
record_str meta node "$(node --version)"
record_str meta commit "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
record meta dirty_files "$(git -C "$REPO" status --porcelain -- src pom.xml 2>/dev/null | wc -l)"
record_str meta jar "$JAR"
record meta params "$(python3 -c 'import json,sys; print(json.dumps(dict(a.split("=",1) for a in sys.argv[1:])))' \
	P1_CONNS=$P1_CONNS P1_USERS=$P1_USERS P1_DURATION=$P1_DURATION P1_WARM=$P1_WARM P1_PACED_DELAY_MS=$P1_PACED_DELAY_MS \
	P1_PACED_DURATION=$P1_PACED_DURATION P1_PROFILE=$P1_PROFILE P1_IDLE_DURATION=$P1_IDLE_DURATION \
	P1_IDLE_GAP_MS=$P1_IDLE_GAP_MS P1_ROUNDS=$P1_ROUNDS P1_ROUND_DURATION=$P1_ROUND_DURATION \
	P2_CONNS=$P2_CONNS P2_USERS=$P2_USERS P2_DURATION=$P2_DURATION P2_WARM=$P2_WARM P2_CHAT_DELAY_MS=$P2_CHAT_DELAY_MS \
	P3_TTL_S=$P3_TTL_S P3_TAIL_MS=$P3_TAIL_MS P3_STORM=$P3_STORM P3_STORM_ROUNDS=$P3_STORM_ROUNDS P3_USERS=$P3_USERS P3_CONNS=$P3_CONNS P3_MINT_DELAY_MS=$P3_MINT_DELAY_MS \
	P4_USERS=$P4_USERS P4_CONNS=$P4_CONNS P4_DELAY_MS=$P4_DELAY_MS P4_DURATION_S=$P4_DURATION_S P4_TTL=$P4_TTL \
	P4_RENEW_BEFORE=$P4_RENEW_BEFORE P4_MINT_DELAY_MS=$P4_MINT_DELAY_MS P5_STARTS=$P5_STARTS)"

started=$SECONDS
for s in $SCENARIOS; do
	case "$s" in
		P1) scenario_p1 ;;
		P2) scenario_p2 ;;
		P3) scenario_p3 ;;
		P4) scenario_p4 ;;
		P5) scenario_p5 ;;
		*) die "unknown scenario $s" ;;
	esac
done
CURRENT=report
record meta elapsed_s "$((SECONDS - started))"
python3 "$BENCH_DIR/report.py" "$RESULTS" "$REPORT" || die "report failed"
# P5's section and target row (bench/p5_report.py; nothing to do when P5 did not run)
python3 "$BENCH_DIR/p5_report.py" "$RESULTS" "$REPORT" || die "P5 report failed"
log "done in $((SECONDS - started))s: report $REPORT, raw results $RUN"
