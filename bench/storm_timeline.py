#!/usr/bin/env python3
"""The timeline of each 500-call burst in a service log, from its access log and renewal lines.

    python3 bench/storm_timeline.py bench/results/<run>/p3-fast/service.log

Bursts are the access-log lines of POST /analysis grouped by their start (end minus duration), split where no
request started for 400 ms; groups of fewer than 400 or more than 1,000 calls (a warm-up's steady load) are skipped. For each burst, from its first request's
arrival (ms): the span of the arrivals, the first and the last answer, the server-side p50 and p99, and, in a
storm, when the first refused call logged `Old key expired`, when the renewal logged `Creating new runtime key`
(the mint about to be sent) and `New key created and saved`. bench/NOTES.md, "Issue 38: the storm's floor on this
machine", has what it showed.
"""
import datetime
import re
import sys

ACCESS = re.compile(r"(\S+)\s+INFO.*io\.autorenew\.access\s+: POST /analysis (\d+) \S+ (\d+)ms user=(\w+)")
RENEWAL = re.compile(r"(\S+)\s+INFO.*\[Auto-Renewal\] (Old key expired|Creating new runtime key|New key created and saved)")


def millis(stamp):
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000


def main(path):
    calls, events = [], []
    with open(path) as log:
        for line in log:
            access = ACCESS.match(line)
            if access:
                end = millis(access.group(1))
                calls.append((end - int(access.group(3)), end))
                continue
            renewal = RENEWAL.match(line)
            if renewal:
                events.append((millis(renewal.group(1)), renewal.group(2)))
    calls.sort()
    bursts, current = [], []
    for call in calls:
        if current and call[0] - current[-1][0] > 400:
            bursts.append(current)
            current = []
        current.append(call)
    bursts.append(current)
    for burst in bursts:
        if not 400 <= len(burst) <= 1000:
            continue
        first, last = burst[0][0], max(end for _, end in burst)
        took = sorted(end - start for start, end in burst)
        answers = sorted(end - first for _, end in burst)
        seen = {}
        for at, what in events:
            if first <= at <= last:
                seen.setdefault(what, at - first)
        kind = "storm  " if seen else "control"
        steps = " ".join(f"{what.split()[0].lower()}@{at:.0f}" for what, at in seen.items())
        print(f"{kind} n={len(burst)} arrivals 0..{burst[-1][0] - first:.0f} first answer {answers[0]:.0f} "
              f"last {answers[-1]:.0f} server p50 {took[len(took) // 2]:.0f} p99 {took[int(len(took) * 0.99) - 1]:.0f} "
              f"{steps}".rstrip())


if __name__ == "__main__":
    main(sys.argv[1])
