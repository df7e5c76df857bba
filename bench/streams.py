#!/usr/bin/env python3
"""How many open streams one instance holds, and what they cost in threads and memory.

Starts a silent OpenRouter stand-in (it mints keys, then answers each chat stream with 200 and
an event-stream header, and says nothing more), starts the service from a class path against
it, opens N streams of one user (POST /analysis, Accept: text/event-stream) and, once every
stream has its status line, reads the service's OS threads (/proc/PID/status), its platform
threads (jcmd Thread.print), all its threads, virtual ones included (jcmd Thread.dump_to_file
-format=json), its resident memory and its heap (jcmd GC.heap_info). Then it
watches every stream for a few seconds and measures the gaps between the heartbeats the
service writes while the upstream is silent (OPENROUTER_STREAM_HEARTBEAT, 1 s by default). Then it
closes every stream and counts how many upstream connections the service closed, and how fast.

    bench/streams.py --classes target/classes --cp "$(cat cp.txt)" [--streams 1000] [--label after]
        [--watch 5] [--xmx 512m] [--tls]

On plain HTTP (the default) each stream holds two sockets in the service (the caller's and
OpenRouter's) and two here, so the open-file limit (ulimit -n) bounds N to a little under half of
it. With --tls the stand-in is bench/h2-upstream.js (node): HTTP/2 over TLS with a throwaway
certificate the service trusts (javax.net.ssl.trustStore), as OpenRouter speaks, and OPENROUTER_HTTP2=true;
the service then carries every stream on one connection (H2_MAX_STREAMS sets the stand-in's limit per connection), and each stream holds one socket in the service and one here.

Only loopback is used. Prints one JSON object.
"""
import argparse
import asyncio
import base64
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import ssl
import time
import urllib.request

from standin import minted, token

JAVA_HOME = os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64')



class Upstream:
    """Mints keys; holds chat streams open in silence; records when the service closes each one."""

    def __init__(self):
        self.open = 0
        self.closed_at = []

    async def handle(self, reader, writer):
        try:
            head = await reader.readuntil(b'\r\n\r\n')
            length = int((re.search(rb'(?i)content-length:\s*(\d+)', head) or [0, b'0'])[1])
            await reader.readexactly(length)
            line = head.split(b'\r\n', 1)[0].decode()
            if line.startswith('POST /api/v1/keys'):
                writer.write(minted())
                await writer.drain()
                writer.close()
                return
            writer.write(b'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n')
            await writer.drain()
            self.open += 1
            while await reader.read(1024):
                pass
            self.open -= 1
            self.closed_at.append(time.monotonic())
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


class TlsUpstream:
    """bench/h2-upstream.js in a node process, with a throwaway certificate for 127.0.0.1 and a trust
    store holding it for the service."""

    def __init__(self):
        self.dir = tempfile.mkdtemp()
        cert, key = os.path.join(self.dir, 'cert.pem'), os.path.join(self.dir, 'key.pem')
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
                        '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
                        '-addext', 'subjectAltName=IP:127.0.0.1'], check=True, capture_output=True)
        self.trust_store = os.path.join(self.dir, 'trust.p12')
        subprocess.run([f'{JAVA_HOME}/bin/keytool', '-importcert', '-noprompt', '-alias', 'bench', '-file', cert,
                        '-keystore', self.trust_store, '-storetype', 'PKCS12', '-storepass', 'bench-trust'],
                       check=True, capture_output=True)
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'h2-upstream.js')
        self.process = subprocess.Popen(['node', script, cert, key], stdout=subprocess.PIPE, text=True)
        self.port = json.loads(self.process.stdout.readline())['port']
        self.context = ssl.create_default_context(cafile=cert)

    def jvm_flags(self):
        return [f'-Djavax.net.ssl.trustStore={self.trust_store}', '-Djavax.net.ssl.trustStorePassword=bench-trust',
                '-Djavax.net.ssl.trustStoreType=PKCS12']

    def stats(self):
        with urllib.request.urlopen(f'https://127.0.0.1:{self.port}/stats', context=self.context, timeout=10) as answer:
            return json.load(answer)

    def close(self):
        self.process.terminate()
        self.process.wait(10)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def proc_status(pid):
    fields = {}
    with open(f'/proc/{pid}/status') as status:
        for line in status:
            key, _, value = line.partition(':')
            fields[key] = value.strip()
    return int(fields['Threads']), int(fields['VmRSS'].split()[0]) // 1024


def jcmd(pid, *command):
    return subprocess.run([f'{JAVA_HOME}/bin/jcmd', str(pid), *command], capture_output=True, text=True, timeout=60).stdout


async def open_stream(port, bearer, ready):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    body = b'{"prompt":"hold on"}'
    writer.write(b'POST /analysis HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ' + bearer.encode()
                 + b'\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
    await writer.drain()
    status = await reader.readline()
    ready.append(status.startswith(b'HTTP/1.1 200'))
    return reader, writer


async def watch(reader, seconds):
    """The gaps, in ms, between the chunks a silent stream receives (its heartbeats) for a while."""
    gaps, last = [], time.monotonic()
    deadline = last + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            data = await asyncio.wait_for(reader.read(4096), left)
        except asyncio.TimeoutError:
            break
        if not data:
            break
        now = time.monotonic()
        gaps.append((now - last) * 1000)
        last = now
    return gaps


def percentile(values, p):
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))], 1) if ordered else None


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--classes', required=True)
    parser.add_argument('--cp', required=True)
    parser.add_argument('--streams', type=int, default=1000)
    parser.add_argument('--label', default='')
    parser.add_argument('--watch', type=float, default=5.0)
    parser.add_argument('--xmx', default='512m')
    parser.add_argument('--tls', action='store_true', help='HTTP/2 over TLS to the stand-in (bench/h2-upstream.js)')
    args = parser.parse_args()

    upstream = Upstream()
    server = await asyncio.start_server(upstream.handle, '127.0.0.1', 0, backlog=4096)
    tls = TlsUpstream() if args.tls else None
    base = (f'https://127.0.0.1:{tls.port}/api/v1' if tls
            else f'http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/v1')
    port = free_port()
    secret = secrets.token_hex(32)
    env = dict(os.environ, SERVER_PORT=str(port), OPENROUTER_BASE_URL=base, OPENROUTER_HTTP2='true' if tls else 'false',
               OPENROUTER_PROVISIONING_KEY='sk-or-v1-bench-management', AUTH_JWT_SECRET=secret,
               KEY_ENCRYPTION_KEY=base64.b64encode(os.urandom(32)).decode(), EMBEDDED_MONGO_DIR=tempfile.mkdtemp(),
               OPENROUTER_READ_TIMEOUT='600s', OPENROUTER_RECONCILE_ENABLED='false', RATE_LIMIT_PER_MINUTE='100000000',
               STREAMS_PER_USER=str(args.streams + 10), SERVER_TOMCAT_MAX_CONNECTIONS='20000',
               SERVER_TOMCAT_THREADS_MAX='2000', LOGGING_LEVEL_IO_AUTORENEW_ACCESS='warn')
    # STREAMS_SERVICE_LOG: a file for the service's log (default: discarded)
    log = open(os.environ['STREAMS_SERVICE_LOG'], 'w') if os.environ.get('STREAMS_SERVICE_LOG') else subprocess.DEVNULL
    service = subprocess.Popen([f'{JAVA_HOME}/bin/java', '-Xms256m', f'-Xmx{args.xmx}',
                                *(tls.jvm_flags() if tls else []), '-cp', f'{args.classes}:{args.cp}',
                                'io.autorenew.GatewayApplication'], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                with socket.create_connection(('127.0.0.1', port), timeout=1):
                    break
            except OSError:
                await asyncio.sleep(0.1)
        idle_threads, idle_rss = proc_status(service.pid)
        bearer = token(secret, 'bench-user')
        ready = []
        first = await open_stream(port, bearer, ready)  # mints the key once
        started = time.monotonic()
        streams = [first] + await asyncio.gather(*[open_stream(port, bearer, ready) for _ in range(args.streams - 1)])
        opened_in = time.monotonic() - started
        await asyncio.sleep(3)
        threads, rss = proc_status(service.pid)
        platform = jcmd(service.pid, 'Thread.print').count('\n"')
        heap = re.search(r'used (\d+)K', jcmd(service.pid, 'GC.heap_info'))
        dump = os.path.join(tempfile.mkdtemp(), 'threads.json')
        jcmd(service.pid, 'Thread.dump_to_file', '-format=json', dump)
        with open(dump) as threads_json:
            all_threads = threads_json.read().count('"tid"')
        held = tls.stats()['open'] if tls else upstream.open
        watched = await asyncio.gather(*[watch(reader, args.watch) for reader, _ in streams])
        # the first gap of each stream starts before the watch; the others are heartbeat to heartbeat
        gaps = [gap for each in watched for gap in each[1:]]
        silent = sum(1 for each in watched if not each)
        threads_after, rss_after = proc_status(service.pid)
        hung_up = time.monotonic()
        closed_before = tls.stats()['closed'] if tls else 0
        for _, writer in streams:
            writer.close()
        tls_closed = []
        for _ in range(100):
            if tls:
                now = tls.stats()
                tls_closed = [time.monotonic() - hung_up] * (now['closed'] - closed_before)
                if now['open'] == 0:
                    break
            elif upstream.open == 0:
                break
            await asyncio.sleep(0.1)
        closed = tls_closed if tls else [t - hung_up for t in upstream.closed_at if t >= hung_up]
        still_open = tls.stats() if tls else {'open': upstream.open}
        print(json.dumps({'label': args.label, 'streams': args.streams, 'accepted_200': sum(ready),
                          'upstream_streams_open': held, 'opened_in_s': round(opened_in, 2),
                          'os_threads_idle': idle_threads, 'os_threads_with_streams': threads,
                          'platform_threads_jcmd': platform, 'all_threads_virtual_included': all_threads, 'rss_mib_idle': idle_rss, 'rss_mib_with_streams': rss,
                          'heap_used_mib': int(heap[1]) // 1024 if heap else None,
                          'heartbeat_watch_s': args.watch, 'heartbeat_gaps': len(gaps),
                          'heartbeat_gap_p50_ms': percentile(gaps, 0.5), 'heartbeat_gap_p99_ms': percentile(gaps, 0.99),
                          'heartbeat_gap_max_ms': round(max(gaps), 1) if gaps else None,
                          'streams_without_heartbeat': silent, 'os_threads_after_watch': threads_after,
                          'rss_mib_after_watch': rss_after,
                          'upstream_closed_after_hangup': len(closed),
                          'slowest_close_s': round(max(closed), 2) if closed else None,
                          'upstream_still_open_10s_after': still_open['open'],
                          'upstream_connections': still_open.get('sessions'),
                          'upstream_most_streams_on_one_connection': still_open.get('maxSessionStreams'),
                          'upstream_connections_by_streams_carried': still_open.get('sessionsByStreams'),
                          'upstream_connections_still_open': still_open.get('sessionsOpen')}))
    finally:
        service.terminate()
        try:
            service.wait(30)
        except subprocess.TimeoutExpired:
            print(json.dumps({'note': 'the service did not stop within 30 s of SIGTERM: killed'}), file=sys.stderr)
            service.kill()
            service.wait(10)
        server.close()
        if tls:
            tls.close()


if __name__ == '__main__':
    asyncio.run(main())
