#!/usr/bin/env python3
"""CPU time a running JVM has spent, by thread, from /proc (no agent, no JFR).

    python3 bench/threads.py PID

Threads are grouped by name with digits folded ("C2 CompilerThread0" and "C1 CompilerThread0" are
one group, "CN CompilerThre", since Linux keeps only 15 characters of a thread's name). Right after
the service answers its first readiness 200 it tells where the start's CPU went: the JIT compilers,
the main thread ("java"), GC. BENCHMARKS.md ("Start-up, profiled") has the figures and the loop
that produced them.
"""
import collections
import os
import re
import sys


def by_thread(pid):
    hz = os.sysconf("SC_CLK_TCK")
    cpu = collections.Counter()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:  # the thread ended meanwhile
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        cpu[re.sub(r"\d+", "N", name)] += (int(fields[11]) + int(fields[12])) / hz
    return cpu


def main():
    cpu = by_thread(sys.argv[1])
    total = sum(cpu.values())
    print(f"total {total:.2f} s")
    for name, seconds in cpu.most_common(8):
        print(f"{seconds:6.2f} s {100 * seconds / total:4.1f}% {name}")


if __name__ == "__main__":
    main()
