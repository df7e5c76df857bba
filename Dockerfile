# Build stage: the same Maven build as CI, without the tests.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY src ./src
RUN mvn -B -DskipTests package \
	&& cp target/analysis-service-*.jar /build/app.jar

# Run stage: JRE only, non-root. Java 25 (the bytecode targets 17) so that Tomcat runs on
# virtual threads (spring.threads.virtual.enabled), as the benchmark does.
FROM eclipse-temurin:25-jre
RUN groupadd --system app \
	&& useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app \
	&& mkdir -p /app/data \
	&& chown -R app:app /app
WORKDIR /app
COPY --from=build --chown=app:app /build/app.jar /app/app.jar
# Only used when MONGODB_URI is unset (docker compose sets it).
ENV EMBEDDED_MONGO_DIR=/app/data
USER app
EXPOSE 8080
# No HEALTHCHECK: the JRE image has no curl or wget; probe GET /actuator/health from outside.
# Heap sized from the container's memory limit (each request in flight holds ~170 KiB, see
# BENCHMARKS.md P2); exit on OOM so the orchestrator restarts a clean JVM.
ENTRYPOINT ["java","-XX:MaxRAMPercentage=50","-XX:+ExitOnOutOfMemoryError","-jar","/app/app.jar"]
