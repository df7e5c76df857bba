#!/usr/bin/env python3
"""CPU accounting for the benchmark (Linux /proc, stdlib only).

    cpu.py snap ROOT_PID            -> one line: "<machine_busy> <machine_total> <ours>" (clock ticks)
    cpu.py diff "<snap a>" "<snap b>" -> JSON: machine busy, ours and foreign CPU, in % of one core

"ours" is every process descending from ROOT_PID (the benchmark script: service, stubs, nginx, wrk),
including the time of children it has already reaped; "foreign" is the rest of the machine's busy
time: anything else running during a scenario (another build, tests) competes for the same cores.
"""
import os
import sys


def machine():
    with open("/proc/stat", encoding="ascii") as f:
        parts = f.readline().split()[1:]
    values = [int(v) for v in parts[:8]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def processes():
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as f:
                data = f.read()
        except OSError:
            continue
        rest = data[data.rfind(")") + 2:].split()
        ppid = int(rest[1])
        utime, stime, cutime, cstime = (int(rest[i]) for i in (11, 12, 13, 14))
        table[int(entry)] = (ppid, utime + stime + cutime + cstime)
    return table


def ours(root):
    table = processes()
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        total += table[pid][1]
        stack.extend(children.get(pid, []))
    return total


def main():
    if sys.argv[1] == "snap":
        busy, total = machine()
        print(busy, total, ours(int(sys.argv[2])))
    elif sys.argv[1] == "diff":
        a = [int(v) for v in sys.argv[2].split()]
        b = [int(v) for v in sys.argv[3].split()]
        ticks = os.sysconf("SC_CLK_TCK")
        cores = os.cpu_count() or 1
        wall_ticks = (b[1] - a[1]) / cores  # elapsed time in ticks of one core
        if wall_ticks <= 0:
            print('{"machine_busy_pct":0,"ours_pct":0,"foreign_pct":0,"seconds":0}')
            return
        busy = b[0] - a[0]
        mine = max(0, b[2] - a[2])
        foreign = max(0, busy - mine)
        print('{"machine_busy_pct":%.1f,"ours_pct":%.1f,"foreign_pct":%.1f,"seconds":%.1f,"cores":%d}' % (
            100 * busy / wall_ticks, 100 * mine / wall_ticks, 100 * foreign / wall_ticks, wall_ticks / ticks, cores))


if __name__ == "__main__":
    main()
