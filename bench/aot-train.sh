#!/usr/bin/env bash
# Training run that writes a JDK 25 AOT cache (JEP 483/514/515) for the extracted service jar.
# The Dockerfile runs this very script; bench/run.sh (P5) runs it too, so the cache measured by
# the benchmark is made by the same commands as the image's.
#
#   bench/aot-train.sh APP_JAR CACHE [JVM_FLAG ...]
#
# APP_JAR is the jar of the extracted layout (java -Djarmode=tools -jar app.jar extract
# --destination DIR gives DIR/app.jar and DIR/lib/); CACHE is the AOT cache to write; the JVM
# flags must be those the service will run with (heap, GC, ...), the script adds
# -XX:AOTCacheOutput=CACHE. The service then starts with the same flags plus -XX:AOTCache=CACHE,
# from the same APP_JAR path (the cache records the class path; a jar that moved or changed
# disables it).
#
# The run starts the service on a loopback port with throwaway secrets and the embedded store in a
# temporary directory, waits for GET /actuator/health/readiness to answer 200, sends a few rounds of
# real requests (health and probes, unauthenticated and authenticated POST /analysis; the upstream
# is an unreachable loopback URL, so the latter end in 503 after the provisioning client's attempt),
# then stops it with SIGTERM; the JVM writes the cache as it exits. Bounded throughout.
#
# Environment (all optional):
#   JAVA                java to run (default: $JAVA_HOME/bin/java, else java on the PATH)
#   AOT_TRAIN_MODE      "requests" (default, as above) or "onrefresh" (no requests: Spring's
#                       -Dspring.context.exit=onRefresh ends the run once the context is refreshed,
#                       before the web server starts)
#   AOT_TRAIN_PORT      loopback port of the training run (default 18499)
#   AOT_TRAIN_ROUNDS    rounds of requests (default 20)
#   AOT_TRAIN_TIMEOUT_S how long the service may take to become ready (default 180)
#   AOT_TRAIN_LOG       where to keep the training run's output (default: deleted with its temp dir)
set -euo pipefail
export LC_ALL=C

if (($# < 2)); then
	sed -n '4,9p' "${BASH_SOURCE[0]}" >&2
	exit 2
fi
APP_JAR=$1 CACHE=$2
shift 2
if [[ -z ${JAVA:-} ]]; then
	if [[ -n ${JAVA_HOME:-} ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
fi
MODE=${AOT_TRAIN_MODE:-requests}
PORT=${AOT_TRAIN_PORT:-18499}
ROUNDS=${AOT_TRAIN_ROUNDS:-20}
TIMEOUT_S=${AOT_TRAIN_TIMEOUT_S:-180}
[[ -f $APP_JAR ]] || {
	echo "aot-train: no jar at $APP_JAR" >&2
	exit 1
}
case $MODE in requests | onrefresh) ;; *)
	echo "aot-train: AOT_TRAIN_MODE must be requests or onrefresh" >&2
	exit 2
	;;
esac

log() { printf 'aot-train: %s\n' "$*" >&2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aot-train.XXXXXX")
PID=
finish() {
	local rc=$?
	if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then
		kill -KILL "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	if [[ -n ${AOT_TRAIN_LOG:-} && -f $WORK/service.log ]]; then
		cp "$WORK/service.log" "$AOT_TRAIN_LOG" || true
	fi
	rm -rf "$WORK"
	exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

# throwaway secrets: nothing of the training run is kept but the cache (classes and profiles)
JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')

b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }
# an HS256 JWT for user aot-training (openssl is there wherever ca-certificates is installed)
jwt() {
	command -v openssl >/dev/null || return 1
	local now header payload sig
	now=$(date +%s)
	header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
	payload=$(printf '{"sub":"aot-training-%s","iat":%s,"exp":%s}' "$1" "$now" "$((now + 3600))" | b64url)
	sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$JWT_SECRET" -binary | b64url)
	printf '%s.%s.%s' "$header" "$payload" "$sig"
}

# req METHOD PATH [BODY] [TOKEN]: one HTTP/1.1 request over bash's /dev/tcp (no curl needed);
# prints the status code, or 000 if there was no answer
req() {
	local method=$1 path=$2 body=${3:-} token=${4:-} status=000 line
	if exec 3<>"/dev/tcp/127.0.0.1/$PORT"; then
		{
			printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\nAccept: application/json\r\n' \
				"$method" "$path" "$PORT"
			[[ -n $token ]] && printf 'Authorization: Bearer %s\r\n' "$token"
			[[ -n $body ]] && printf 'Content-Type: application/json\r\nContent-Length: %s\r\n' "${#body}"
			printf '\r\n%s' "$body"
		} >&3 2>/dev/null || true
		if IFS=' ' read -r -t 30 _ status _ <&3; then
			while IFS= read -r -t 30 line <&3; do :; done
		fi
		exec 3<&- 3>&-
	fi 2>/dev/null
	printf '%s' "${status:-000}"
}

cd "$WORK"
ARGS=("$@" "-XX:AOTCacheOutput=$CACHE")
[[ $MODE == onrefresh ]] && ARGS+=(-Dspring.context.exit=onRefresh)
ARGS+=(-jar "$APP_JAR")
log "$JAVA ${ARGS[*]}"
env -u MONGODB_URI \
	SERVER_PORT="$PORT" \
	AUTH_JWT_SECRET="$JWT_SECRET" \
	KEY_ENCRYPTION_KEY="$ENCRYPTION_KEY" \
	OPENROUTER_PROVISIONING_KEY=sk-or-v1-aot-training \
	OPENROUTER_BASE_URL="http://127.0.0.1:9/api/v1" \
	EMBEDDED_MONGO_DIR="$WORK/data" \
	INSTANCE_ID=aot-training \
	"$JAVA" "${ARGS[@]}" >"$WORK/service.log" 2>&1 &
PID=$!

if [[ $MODE == requests ]]; then
	ready=0
	for ((i = 0; i < TIMEOUT_S * 10; i++)); do
		if [[ $(req GET /actuator/health/readiness) == 200 ]]; then
			ready=1
			break
		fi
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	if ((ready == 0)); then
		tail -40 "$WORK/service.log" >&2
		log "the service did not become ready in ${TIMEOUT_S}s"
		exit 1
	fi
	log "ready after about $((i / 10)).$((i % 10)) s; $ROUNDS rounds of requests"
	token=$(jwt 1 || true)
	[[ -n $token ]] || log "no openssl: authenticated requests skipped"
	counts=""
	for ((r = 1; r <= ROUNDS; r++)); do
		for probe in /actuator/health/readiness /actuator/health/liveness /actuator/health; do
			counts+=" $(req GET "$probe")"
		done
		counts+=" $(req GET /actuator/info)"
		counts+=" $(req POST /analysis '{"prompt":"Summarise: training run."}')"
		if [[ -n $token ]]; then
			counts+=" $(req POST /analysis '{"prompt":"Summarise: training run."}' "$token")"
			counts+=" $(req POST /analysis '{"prompt": 1}' "$token")"
		fi
	done
	log "answers: $(tr ' ' '\n' <<<"$counts" | grep . | sort | uniq -c | awk '{printf "%s x %s, ", $1, $2}' | sed 's/, $//')"
	kill -TERM "$PID"
fi

# the JVM writes the cache on its way out (one-step form: it forks a JVM that assembles it)
for ((i = 0; i < 3000; i++)); do
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$PID" 2>/dev/null; then
	log "the training run did not exit in 300 s"
	exit 1
fi
rc=0
wait "$PID" || rc=$?
PID=
# 143: stopped by our SIGTERM, as asked
if [[ ! -s $CACHE ]] || { ((rc != 0)) && ((rc != 143)); }; then
	tail -40 "$WORK/service.log" >&2
	log "no AOT cache written (exit $rc)"
	exit 1
fi
grep -E 'AOTCache creation is complete|Started [A-Za-z]+ in' "$WORK/service.log" | sed 's/^/aot-train: /' >&2 || true
# classes the cache leaves out (e.g. ones whose optional dependencies are absent): harmless, loaded as usual
log "$(grep -c '\[warning\]\[aot\]' "$WORK/service.log" || true) [warning][aot] lines (classes left out of the cache)"
log "cache $CACHE ($(du -h "$CACHE" | cut -f1)), training run exit $rc"
