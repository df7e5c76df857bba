#!/usr/bin/env python3
"""P5 (start-up) part of the benchmark report (stdlib only).

    p5_report.py RESULTS_JSONL REPORT_MD

Reads the P5 records of a run of bench/run.sh and writes them into REPORT_MD in place: the
"## P5 start-up" section (replaced, or inserted before "## Profiles" / the notes block) and the P5
row of the targets table (replaced or appended; the "Targets (X of Y met)" count is redone).
bench/run.sh calls it after bench/report.py; it can also splice the P5 figures of a P5-only run
(BENCH_SCENARIOS=P5 BENCH_REPORT=elsewhere) into an existing BENCHMARKS.md. Without P5 records it
changes nothing.
"""
import json
import re
import statistics
import sys

TARGET_MS = 2000
CONTENDED_PCT = 20
LABELS = {
    "jar": "fat jar (`java -jar`)",
    "extracted": "extracted (`-Djarmode=tools extract`)",
    "aot": "extracted + AOT cache (training run serving requests)",
    "aot-onrefresh": "extracted + AOT cache (training run with `spring.context.exit=onRefresh`)",
    "spring-aot": "Spring AOT (`-Dspring.aot.enabled=true`, as the image starts), extracted + AOT cache",
    "lean-spring-aot": "the lean reference (`bench/lean-reference`), started as the image starts (cache trained on "
                       "its start)",
}


def load(path):
    data = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                row = json.loads(line)
                data.setdefault(row["s"], {})[row["k"]] = row["v"]
    return data


def secs(ms):
    return "n/a" if ms is None else f"{ms / 1000:.2f} s"


def num(x):
    return "n/a" if x is None else f"{x:,}"


def median(xs):
    xs = [x for x in xs if x is not None]
    return None if not xs else int(statistics.median(xs))


def started_s(line):
    m = re.search(r"in ([\d.]+) seconds \(process running for ([\d.]+)\)", line or "")
    return (float(m.group(1)), float(m.group(2))) if m else (None, None)


def section(data):
    meta, p5 = data.get("meta", {}), data.get("P5", {})
    variants = (p5.get("variants") or "").split()
    starts = {k[len("start."):]: v for k, v in p5.items() if k.startswith("start.")}
    if not starts:
        return None, None
    by_variant = {v: [s for s in starts.values() if s["variant"] == v] for v in variants}
    counted = {v: [s for s in ss if not s["contended"]] for v, ss in by_variant.items()}
    smoke = meta.get("mode") == "smoke"

    lines = [
        "## P5 start-up",
        "",
        f"Time from launching the JVM to the first 200 from `GET /actuator/health/readiness` (polled every 20 ms "
        "from one process, `bench/ready.py`), empty embedded store, the stub of P1 as upstream. The variants took "
        "turns, start after start; a start during which other processes took more than "
        f"{CONTENDED_PCT}% of a core is listed but does not count, and was repeated. Run of {meta.get('date')}, "
        f"{meta.get('java')}, {meta.get('cores')} cores ({meta.get('cpu')}). Every variant runs with the "
        f"benchmark's JVM flags `{meta.get('jvm_opts')}`; the commands:",
        "",
        "| variant | JVM arguments |",
        "|---|---|",
        *[f"| {v} | `{p5.get('args.' + v, 'n/a')}` |" for v in variants],
        "",
    ]
    if p5.get("spring_aot_jar"):
        lines += [f"The `spring-aot` variant runs `{p5['spring_aot_jar']}`, the same code built with Spring Boot's "
                  "`process-aot` goal, with `-Dspring.aot.enabled=true`."]
    if "extract_ms" in p5:
        lines += [f"Extracting the jar (`java -Djarmode=tools -jar app.jar extract --destination DIR "
                  f"--application-filename app.jar`) took {num(p5['extract_ms'])} ms."]
    for v in variants:
        t = p5.get("train." + v)
        if t:
            lines += [f"Training run for `{v}` (`bench/aot-train.sh`, the Dockerfile's, mode `{t['mode']}`, same "
                      f"flags plus `-XX:AOTCacheOutput`): {t['ms'] / 1000:.1f} s including the cache's assembly, "
                      f"cache {t['cache_bytes'] / 1048576:.0f} MiB"
                      + (f", answers {t['answers']}" if t.get("answers") else "")
                      + (f", {t['aot_warnings']} `[warning][aot]` lines (classes the cache skips)"
                         if t.get("aot_warnings") else "") + "."]
    lines += [
        "",
        "| variant | median | min | max | counted starts | port open (median) | process time at \"Started\" (median) | "
        "CPU ours / others (median, % of a core) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for v in variants:
        ss = counted[v]
        ready = [s["ready_ms"] for s in ss]
        st = [started_s(p5.get("started." + f"p5-{v}-{s['n']}"))[1] for s in ss]
        st = [x for x in st if x is not None]
        lines.append(
            f"| {LABELS.get(v, v)} | **{secs(median(ready))}** | {secs(min(ready) if ready else None)} | "
            f"{secs(max(ready) if ready else None)} | {len(ss)} of {len(by_variant[v])} | "
            f"{secs(median([s['port_ms'] for s in ss]))} | "
            f"{'n/a' if not st else f'{statistics.median(st):.2f} s'} | "
            + ("n/a |" if not ss else f"{median([s['cpu']['ours_pct'] for s in ss])}% / "
               f"{median([s['cpu']['foreign_pct'] for s in ss])}% |"))
    lines += ["", "Every start (*port open*: first accepted connection; the JVM's own report is Spring Boot's "
              "\"Started ... in\" line, which ends before the first request is served):", "",
              "| start | ready ms | port open ms | JVM's own report | CPU ours / others | counts |",
              "|---|---:|---:|---|---:|---|"]
    for name, s in sorted(starts.items(), key=lambda kv: (variants.index(kv[1]["variant"]), kv[1]["n"])):
        c = s["cpu"]
        lines.append(f"| {name} | {num(s['ready_ms'])} | {num(s['port_ms'])} | "
                     f"{p5.get('started.' + name) or 'n/a'} | {c['ours_pct']:.0f}% / {c['foreign_pct']:.0f}% | "
                     f"{'no (contended)' if s['contended'] else 'yes'} |")
    aot_notes = [f"{name}: {p5.get('aot_log.' + name)}" for name in sorted(starts) if p5.get("aot_log." + name)]
    if aot_notes:
        lines += ["", "The JVM reported AOT cache problems (such a cache is not used):", "",
                  *[f"- {n}" for n in aot_notes]]
    others = {k: v.get("startup_ms") for k, v in data.items()
              if isinstance(v, dict) and "startup_ms" in v and not k.startswith("p5-")}
    if others:
        lines += ["", "Starts of the other scenarios' services (fat jar, first 200 from `GET /actuator/health`, "
                  "polled every 50 ms with curl): "
                  + ", ".join(f"{k} {num(ms)} ms" for k, ms in sorted(others.items())) + "."]
    lines.append("")

    # Issue 38: the image's start (Spring AOT plus the JDK's AOT cache), median of the counted starts; before it,
    # the AOT cache alone was judged on its worst start.
    judged = next((v for v in ("spring-aot", "aot", "aot-onrefresh") if v in variants), None)
    row = None
    if judged:
        ready = [s["ready_ms"] for s in counted[judged]]
        mid = median(ready) if ready else None
        figure = (f"**{secs(mid)}** median of {len(ready)} (worst {secs(max(ready))})" if ready
                  else "no uncontended start")
        if counted.get("jar"):
            figure += f"; plain `java -jar` median {secs(median([s['ready_ms'] for s in counted['jar']]))}"
        lean = [s["ready_ms"] for s in counted.get("lean-spring-aot", [])]
        if lean and mid is not None:
            figure += (f"; the lean reference started the same way: median {secs(median(lean))}, "
                       f"so **{mid / median(lean):.2f}x** the Spring floor")
        ok = "n/a" if smoke or mid is None else ("**PASS**" if mid <= TARGET_MS else "**FAIL**")
        row = (f"| P5 | ready <= 2 s: first 200 on `/actuator/health/readiness`, {LABELS[judged]} "
               f"(embedded store) | {figure} | {ok} |")
    return lines, row


def splice(report, lines, row):
    text = open(report, encoding="utf-8").read().split("\n")
    # the section
    try:
        begin = text.index("## P5 start-up")
        end = next(i for i in range(begin + 1, len(text))
                   if text[i].startswith("## ") or text[i].startswith("<!-- notes:begin"))
        text[begin:end] = lines
    except (ValueError, StopIteration):
        at = next((i for i, t in enumerate(text) if t == "## Profiles"), None)
        if at is None:
            at = next((i for i, t in enumerate(text) if t.startswith("<!-- notes:begin")), len(text))
        text[at:at] = lines
    # the targets row and count
    if row:
        head = next((i for i, t in enumerate(text) if t.startswith("## Targets")), None)
        if head is not None:
            rows = [i for i in range(head + 1, len(text)) if text[i].startswith("| ")]
            table_end = head + 1
            for i in range(head + 1, len(text)):
                if text[i].startswith("|"):
                    table_end = i + 1
                elif table_end > head + 1:
                    break
            old = [i for i in rows if i < table_end and text[i].startswith("| P5 |")]
            if old:
                text[old[0]] = row
                for i in reversed(old[1:]):
                    del text[i]
                    table_end -= 1
            else:
                text.insert(table_end, row)
                table_end += 1
            body = [t for t in text[head + 1:table_end] if t.startswith("| P")]
            passed = sum(1 for t in body if t.rstrip().endswith("| **PASS** |"))
            text[head] = f"## Targets ({passed} of {len(body)} met)"
    with open(report, "w", encoding="utf-8") as f:
        f.write("\n".join(text))


def main():
    results, report = sys.argv[1:3]
    lines, row = section(load(results))
    if lines is None:
        return 0
    splice(report, lines, row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
