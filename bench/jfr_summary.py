#!/usr/bin/env python3
"""Summarises a JFR recording's CPU profile (stdlib only; needs the JDK's `jfr` tool).

    jfr_summary.py JFR_TOOL RECORDING OUT_JSON

Reads jdk.ExecutionSample (and jdk.GarbageCollection, jdk.CPULoad) through `jfr print --json`, and
writes: the top frames by self samples, the share of samples spent under each area of code
(inclusive: a sample counts for an area when any frame of its stack is in it), GC pauses and the
JVM's CPU load.
"""
import collections
import json
import subprocess
import sys

# First match wins for "self" attribution; inclusive shares count every area a stack touches.
AREAS = [
    ("JWT (Nimbus)", ("com.nimbusds.",)),
    ("Spring Security filters", ("org.springframework.security.",)),
    ("Jackson JSON", ("com.fasterxml.jackson.",)),
    ("JDK HttpClient (upstream call)", ("jdk.internal.net.http.",)),
    ("RestClient / HTTP message conversion", ("org.springframework.web.client.", "org.springframework.http.")),
    ("Tomcat / Coyote", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("Spring MVC dispatch", ("org.springframework.web.servlet.", "org.springframework.web.method.",
                             "org.springframework.web.filter.")),
    ("Bean Validation", ("org.hibernate.validator.", "jakarta.validation.")),
    ("Micrometer / observation", ("io.micrometer.",)),
    ("Logging", ("ch.qos.logback.", "org.slf4j.", "org.apache.logging.")),
    ("MongoDB driver / embedded store", ("com.mongodb.", "org.bson.", "de.bwaldvogel.", "org.h2.")),
    ("Service code (io.autorenew)", ("io.autorenew.",)),
    ("Crypto (JCA)", ("javax.crypto.", "com.sun.crypto.", "sun.security.")),
    ("Reflection / method handles", ("java.lang.invoke.", "jdk.internal.reflect.", "java.lang.reflect.")),
    ("Virtual-thread scheduling", ("java.lang.VirtualThread", "java.util.concurrent.ForkJoin",
                                   "jdk.internal.vm.Continuation")),
    ("NIO / sockets", ("sun.nio.", "java.nio.", "sun.net.", "java.net.")),
    ("Spring Boot nested-jar loader", ("org.springframework.boot.loader.",)),
    ("Regex", ("java.util.regex.",)),
    ("Spring core / AOP / beans", ("org.springframework.",)),
]


def frame_name(frame):
    method = frame.get("method") or {}
    klass = (method.get("type") or {}).get("name") or "?"
    return klass.replace("/", ".") + "." + (method.get("name") or "?")


def events(jfr, recording, names, depth):
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", str(depth), "--events", names, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out).get("recording", {}).get("events", [])


def main():
    jfr, recording, out_path = sys.argv[1:4]
    samples = events(jfr, recording, "jdk.ExecutionSample", 96)
    self_counts = collections.Counter()
    area_counts = collections.Counter()
    area_self = collections.Counter()
    thread_counts = collections.Counter()
    for event in samples:
        values = event.get("values", {})
        frames = (values.get("stackTrace") or {}).get("frames") or []
        names = [frame_name(f) for f in frames]
        if not names:
            continue
        self_counts[names[0]] += 1
        thread = (values.get("sampledThread") or {})
        tname = thread.get("javaName") or thread.get("osName") or "?"
        if thread.get("virtual"):
            tname = "(virtual thread)"
        else:
            tname = tname.rstrip("0123456789-")
        thread_counts[tname] += 1
        owner = None
        for name in names:
            for area, prefixes in AREAS:
                if name.startswith(prefixes):
                    owner = area
                    break
            if owner:
                break
        if owner is None:
            leaf = names[0]
            owner = "other JDK code" if leaf.startswith(("java.", "jdk.", "sun.", "com.sun.")) else "other"
        area_self[owner] += 1
        touched = set()
        for name in names:
            for area, prefixes in AREAS:
                if name.startswith(prefixes):
                    touched.add(area)
        for area in touched:
            area_counts[area] += 1
    total = sum(self_counts.values())
    gcs = events(jfr, recording, "jdk.GarbageCollection", 1)
    pauses_ms = []
    for gc in gcs:
        v = gc.get("values", {})
        pause = v.get("sumOfPauses")
        if isinstance(pause, str) and pause.endswith(" s"):
            pauses_ms.append(float(pause[:-2]) * 1000)
        elif isinstance(pause, str) and pause.endswith(" ms"):
            pauses_ms.append(float(pause[:-3]))
        elif isinstance(pause, (int, float)):
            pauses_ms.append(pause / 1e6)
        elif isinstance(pause, str) and pause.startswith("PT"):
            pauses_ms.append(float(pause[2:-1]) * 1000)
    loads = events(jfr, recording, "jdk.CPULoad", 1)
    jvm = [float(l["values"]["jvmUser"]) + float(l["values"]["jvmSystem"]) for l in loads if "values" in l]
    machine = [float(l["values"]["machineTotal"]) for l in loads if "values" in l]

    def share(n):
        return round(100.0 * n / total, 1) if total else 0.0

    result = {
        "samples": total,
        "top_self": [{"frame": f, "samples": n, "pct": share(n)} for f, n in self_counts.most_common(15)],
        "areas_self": [{"area": a, "samples": n, "pct": share(n)} for a, n in area_self.most_common()],
        "areas_inclusive": [{"area": a, "samples": n, "pct": share(n)} for a, n in area_counts.most_common()],
        "threads": [{"thread": t, "samples": n, "pct": share(n)} for t, n in thread_counts.most_common(6)],
        "gc_count": len(gcs),
        "gc_pause_total_ms": round(sum(pauses_ms), 1),
        "jvm_cpu_avg_pct_of_machine": round(100 * sum(jvm) / len(jvm), 1) if jvm else None,
        "machine_cpu_avg_pct": round(100 * sum(machine) / len(machine), 1) if machine else None,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
