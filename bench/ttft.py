#!/usr/bin/env python3
"""Time to first token: what the service adds to a streamed answer's first event.

Starts an OpenRouter stand-in that mints keys and answers every chat stream at once with one
content chunk, then a last chunk with usage, then [DONE]; starts the service (a jar or a class
path) against it; then, one request at a time over a kept-alive connection, measures the time
from the last byte of the request to the first byte of the first content event:
  - direct: POST /api/v1/chat/completions to the stand-in itself (the floor);
  - analysis: POST /analysis with Accept: text/event-stream through the service;
  - v1: POST /v1/chat/completions with "stream": true through the service.
Each path is warmed up first (--warmup requests), then measured (--requests). Prints one JSON
object: p50, p90, p99 in ms per path, and what the service adds at the median.

    bench/ttft.py --jar target/analysis-service-0.1.0-SNAPSHOT.jar [--requests 500] [--warmup 3000]

Only loopback is used.
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
import tempfile
import time

from standin import minted, token

JAVA_HOME = os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64')

MODEL = 'openai/gpt-4o-mini'

FIRST = ('data: ' + json.dumps({'id': 'gen-ttft', 'object': 'chat.completion.chunk', 'created': 1, 'model': MODEL,
                                'choices': [{'index': 0, 'delta': {'role': 'assistant', 'content': 'First'},
                                             'finish_reason': None}]}) + '\n\n').encode()
LAST = ('data: ' + json.dumps({'id': 'gen-ttft', 'object': 'chat.completion.chunk', 'created': 1, 'model': MODEL,
                               'choices': [{'index': 0, 'delta': {'content': ' token.'}, 'finish_reason': 'stop'}],
                               'usage': {'prompt_tokens': 5, 'completion_tokens': 2, 'total_tokens': 7}})
        + '\n\ndata: [DONE]\n\n').encode()



def chunk(data):
    return b'%x\r\n' % len(data) + data + b'\r\n'


async def upstream(reader, writer):
    """The stand-in: keeps the connection alive, answers mints and chat streams."""
    try:
        while True:
            head = await reader.readuntil(b'\r\n\r\n')
            length = int((re.search(rb'(?i)content-length:\s*(\d+)', head) or [0, b'0'])[1])
            await reader.readexactly(length)
            line = head.split(b'\r\n', 1)[0].decode()
            if line.startswith('POST /api/v1/keys'):
                writer.write(minted())
            else:
                writer.write(b'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n'
                             + chunk(FIRST))
                await writer.drain()
                writer.write(chunk(LAST) + b'0\r\n\r\n')
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


class Client:
    """One kept-alive HTTP/1.1 connection; measures request-sent to first content event."""

    def __init__(self, port):
        self.port = port

    async def connect(self):
        self.reader, self.writer = await asyncio.open_connection('127.0.0.1', self.port)

    async def first_token(self, path, headers, body, marker):
        request = (f'POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
                   f'Accept: text/event-stream\r\n{headers}Content-Length: {len(body)}\r\n\r\n').encode() + body
        self.writer.write(request)
        await self.writer.drain()
        sent = time.perf_counter()
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as closed:
            raise RuntimeError(f"{path}: connection closed before an answer") from closed
        if not head.startswith(b'HTTP/1.1 200'):
            raise RuntimeError(f'{path}: {head[:200]!r}')
        seen, first = b'', None
        while True:
            size_line = await self.reader.readline()
            size = int(size_line.strip().split(b';')[0], 16)
            if size == 0:
                await self.reader.readline()
                break
            data = await self.reader.readexactly(size + 2)
            if first is None:
                seen += data
                if marker in seen:
                    first = time.perf_counter() - sent
        if first is None:
            raise RuntimeError(f'{path}: no content event in {seen[:300]!r}')
        if re.search(rb'(?i)\r\nconnection:\s*close', head):
            # Tomcat ends a kept-alive connection after maxKeepAliveRequests (100) answers
            self.writer.close()
            await self.connect()
        return first * 1000


def summary(values):
    ordered = sorted(values)
    pick = lambda p: round(ordered[min(len(ordered) - 1, int(len(ordered) * p))], 3)
    return {'p50_ms': pick(0.5), 'p90_ms': pick(0.9), 'p99_ms': pick(0.99), 'n': len(ordered)}


async def measure(client, path, headers, body, marker, warmup, requests):
    for _ in range(warmup):
        await client.first_token(path, headers, body, marker)
    return [await client.first_token(path, headers, body, marker) for _ in range(requests)]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--jar')
    parser.add_argument('--classes')
    parser.add_argument('--cp')
    parser.add_argument('--requests', type=int, default=500)
    parser.add_argument('--warmup', type=int, default=3000)
    args = parser.parse_args()

    server = await asyncio.start_server(upstream, '127.0.0.1', 0, backlog=1024)
    upstream_port = server.sockets[0].getsockname()[1]
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    secret = secrets.token_hex(32)
    env = dict(os.environ, SERVER_PORT=str(port), OPENROUTER_BASE_URL=f'http://127.0.0.1:{upstream_port}/api/v1',
               OPENROUTER_PROVISIONING_KEY='sk-or-v1-bench-management', AUTH_JWT_SECRET=secret,
               KEY_ENCRYPTION_KEY=base64.b64encode(os.urandom(32)).decode(), EMBEDDED_MONGO_DIR=tempfile.mkdtemp(),
               OPENROUTER_RECONCILE_ENABLED='false', RATE_LIMIT_PER_MINUTE='100000000')
    launch = ['-jar', args.jar] if args.jar else ['-cp', f'{args.classes}:{args.cp}', 'io.autorenew.GatewayApplication']
    service = subprocess.Popen([f'{JAVA_HOME}/bin/java', '-Xms256m', '-Xmx512m', *launch], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                with socket.create_connection(('127.0.0.1', port), timeout=1):
                    break
            except OSError:
                await asyncio.sleep(0.1)
        auth = f'Authorization: Bearer {token(secret, "ttft-user")}\r\n'
        chat = json.dumps({'model': MODEL, 'stream': True,
                           'messages': [{'role': 'user', 'content': 'Summarise: keys renew themselves.'}]}).encode()
        direct = Client(upstream_port)
        through = Client(port)
        await direct.connect()
        await through.connect()
        results = {
            'direct': await measure(direct, '/api/v1/chat/completions', 'Authorization: Bearer sk-or-v1-x\r\n', chat,
                                    b'"First"', args.warmup // 3, args.requests),
            'analysis': await measure(through, '/analysis', auth, b'{"prompt":"Summarise: keys renew themselves."}',
                                      b'First', args.warmup, args.requests),
            'v1': await measure(through, '/v1/chat/completions', auth, chat, b'"First"', args.warmup, args.requests),
        }
        report = {path: summary(values) for path, values in results.items()}
        for path in ('analysis', 'v1'):
            report[path]['added_p50_ms'] = round(report[path]['p50_ms'] - report['direct']['p50_ms'], 3)
        print(json.dumps(report))
    finally:
        service.terminate()
        try:
            service.wait(30)
        except subprocess.TimeoutExpired:
            service.kill()
        server.close()


if __name__ == '__main__':
    asyncio.run(main())
