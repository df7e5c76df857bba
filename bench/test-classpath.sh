#!/usr/bin/env bash
# Sourced by the benchmark scripts that run a class of the test sources: builds the test classes and
# sets CP to them, the main classes and every dependency (Temurin 25 unless JAVA_HOME says otherwise).
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2 \
  || mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
