#!/usr/bin/env node
// A silent OpenRouter stand-in speaking HTTP/2 over TLS, as OpenRouter does (ALPN "h2"), for
// bench/streams.py --tls: it mints keys (POST /api/v1/keys), answers each chat call with 200 and
// an event-stream header and then says nothing, and counts the streams open and closed. HTTP/1.1
// over the same TLS port serves GET /stats to the bench: {"open", "closed", "sessions",
// "maxSessionStreams", "sessionsOpen", "sessionsByStreams"}, the last counting the sessions (open or
// closed) by how many streams each has carried: "0", "1", "2-99", "100+". Node's own http2 module, nothing from npm.
//
//   node bench/h2-upstream.js CERT.pem KEY.pem   (prints {"port": N} once it listens on 127.0.0.1)
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http2 = require('node:http2');

const [cert, key] = process.argv.slice(2).map((path) => fs.readFileSync(path));
const stats = {
  open: 0, closed: 0, sessions: 0, maxSessionStreams: 0, sessionsOpen: 0,
  sessionsByStreams: { 0: 0, 1: 0, '2-99': 0, '100+': 0 },
};
const bucket = (n) => (n === 0 ? '0' : n === 1 ? '1' : n < 100 ? '2-99' : '100+');

function minted() {
  const runtime = 'sk-or-v1-' + crypto.randomBytes(32).toString('hex');
  return JSON.stringify({
    data: {
      hash: crypto.createHash('sha256').update(runtime).digest('hex'), label: runtime.slice(0, 11) + '...' + runtime.slice(-3),
      name: 'bench', limit: 5, disabled: false, created_at: '2026-12-05T00:00:00Z', updated_at: null, expires_at: null,
    },
    key: runtime,
  });
}

const server = http2.createSecureServer({ cert, key, allowHTTP1: true, settings: { maxConcurrentStreams: Number(process.env.H2_MAX_STREAMS || 100000) } });
server.on('session', (session) => {
  stats.sessions += 1;
  stats.sessionsOpen += 1;
  stats.sessionsByStreams['0'] += 1;
  let streams = 0;
  let carried = 0;
  session.on('stream', (stream) => {
    streams += 1;
    stats.sessionsByStreams[bucket(carried)] -= 1;
    carried += 1;
    stats.sessionsByStreams[bucket(carried)] += 1;
    stats.maxSessionStreams = Math.max(stats.maxSessionStreams, streams);
    stream.on('close', () => { streams -= 1; });
  });
  session.on('close', () => { stats.sessionsOpen -= 1; });
});
server.on('request', (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats));
    } else if (req.method === 'POST' && req.url === '/api/v1/keys') {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(minted());
    } else {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      stats.open += 1;
      res.on('close', () => { stats.open -= 1; stats.closed += 1; });
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
