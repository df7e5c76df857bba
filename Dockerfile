# syntax=docker/dockerfile:1
# Build stage: the same Maven build as CI, without the tests, on JDK 25 (the bytecode targets 17);
# then Boot's extracted layout (app.jar plus lib/), split into layers so that the dependencies
# layer stays cached while only the application changes.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
COPY pom.xml .
COPY src ./src
RUN mvn -B -DskipTests package \
	&& cp target/analysis-service-*.jar app.jar \
	&& java -Djarmode=tools -jar app.jar extract --layers --destination extracted

# Run stage: JRE only, non-root. Java 25 so that Tomcat runs on virtual threads
# (spring.threads.virtual.enabled), as the benchmark does, and for the AOT cache below.
FROM eclipse-temurin:25-jre
RUN groupadd --system app \
	&& useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app \
	&& mkdir -p /app/data \
	&& chown -R app:app /app
WORKDIR /app
COPY --from=build --chown=app:app /build/extracted/dependencies/ ./
COPY --from=build --chown=app:app /build/extracted/spring-boot-loader/ ./
COPY --from=build --chown=app:app /build/extracted/snapshot-dependencies/ ./
COPY --from=build --chown=app:app /build/extracted/application/ ./
# Only used when MONGODB_URI is unset (docker compose sets it).
ENV EMBEDDED_MONGO_DIR=/app/data
USER app
# JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) from a training
# run: bench/aot-train.sh starts the service with throwaway secrets and the embedded store in a
# temporary directory, serves a few rounds of requests (probes, POST /analysis with and without a
# token; the upstream is an unreachable loopback URL), stops it, and the JVM writes /app/app.aot.
# bench/run.sh (P5) measures a cache made by the same script. The training runs here, in the
# runtime image, because a cache only works on the very JVM that wrote it (the JDK of the build
# stage has another runtime image) and with the very jar files (same paths, sizes and times).
# It runs with the ENTRYPOINT's flags plus -Xmx1g: the heap size may differ at run time, but a
# heap over 32 GB (MaxRAMPercentage=50 on a build machine with more than 64 GB) would turn off
# compressed oops and make the cache unusable in any smaller container.
# The jar also holds Spring AOT's generated bean definitions (the build's process-aot goal):
# -Dspring.aot.enabled=true starts from them, in the training run as in the ENTRYPOINT, so no
# configuration class is parsed and no condition evaluated at start. What a condition would have
# fixed at build time is decided at run time instead; the demo profile is refused on this image
# (docs/production.md, "The container image and Spring AOT").
RUN --mount=type=bind,source=bench/aot-train.sh,target=/tmp/aot-train.sh \
	bash /tmp/aot-train.sh /app/app.jar /app/app.aot \
		-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Dspring.aot.enabled=true -Xmx1g
EXPOSE 8080
# No HEALTHCHECK: the JRE image has no curl or wget; probe GET /actuator/health/readiness (and
# /actuator/health/liveness) from outside.
# Heap sized from the container's memory limit (each request in flight holds ~170 KiB, see
# BENCHMARKS.md P2); exit on OOM so the orchestrator restarts a clean JVM. The AOT cache is only
# an accelerator: a JVM that cannot use it (other JVM build, ZGC, a heap over 32 GB) logs an
# [aot] warning and starts without it.
ENTRYPOINT ["java","-XX:MaxRAMPercentage=50","-XX:+ExitOnOutOfMemoryError","-Dspring.aot.enabled=true","-XX:AOTCache=/app/app.aot","-jar","/app/app.jar"]
