#!/usr/bin/env python3
"""Waits for the first 200 from a URL and prints how long it took (P5 of bench/run.sh).

    ready.py URL T0_NS PID TIMEOUT_S [INTERVAL_MS]

T0_NS is the launch time of the process (date +%s%N, taken just before the launch); PID is that
process: the wait ends as soon as it exits. One process polls in a loop (a keep-alive-free GET every
INTERVAL_MS, default 20) so that the poller costs the starting JVM almost no CPU, unlike a curl per
poll. Prints one JSON line: ready_ms (first 200), port_ms (first accepted connection), polls and the
last status seen; exits 1 if no 200 came before the timeout or the process died.
"""
import http.client
import json
import os
import sys
import time


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped by its parent) counts as gone
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main():
    url, t0, pid, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    interval = (float(sys.argv[5]) if len(sys.argv) > 5 else 20.0) / 1000
    rest = url.split("://", 1)[1]
    hostport, path = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    port_ms = None
    status = None
    polls = 0
    deadline = t0 + int(timeout * 1e9)
    while time.time_ns() < deadline:
        polls += 1
        conn = http.client.HTTPConnection(host, int(port), timeout=1)
        try:
            conn.request("GET", "/" + path)
            now = time.time_ns()
            if port_ms is None:
                port_ms = (now - t0) // 1_000_000
            resp = conn.getresponse()
            status = resp.status
            resp.read()
            if status == 200:
                now = time.time_ns()
                print(json.dumps({"ready_ms": (now - t0) // 1_000_000, "port_ms": port_ms, "polls": polls,
                                  "status": status}))
                return 0
        except (ConnectionError, OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        if not alive(pid):
            break
        time.sleep(interval)
    print(json.dumps({"ready_ms": None, "port_ms": port_ms, "polls": polls, "status": status}))
    return 1


if __name__ == "__main__":
    sys.exit(main())
