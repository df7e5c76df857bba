#!/usr/bin/env node
// Fires a fixed number of POST /analysis requests and reports their latencies (Node stdlib only).
//
//   node burst.js <base-url> <token-file> <requests> <concurrency> <first-token-line> <token-count>
//
// Requests use tokens first-token-line .. first-token-line+token-count-1 of the file in turn (one
// token: every request is the same user). Before the burst, <concurrency> keep-alive connections
// are opened with GET /actuator/health, so the burst measures the service, not TCP set-up; then
// all requests (at most <concurrency> at a time) start together. Every request has a 30 s timeout.
// Prints one line: BENCHJSON {...} (latencies in milliseconds).
'use strict';

const http = require('http');
const fs = require('fs');

const [base, tokenFile, total, concurrency, first, count] = process.argv.slice(2);
const N = Number(total);
const C = Math.min(Number(concurrency), N);
const url = new URL(base);
const lines = fs.readFileSync(tokenFile, 'utf8').split('\n').filter((l) => l.length > 0);
const tokens = lines.slice(Number(first) - 1, Number(first) - 1 + Number(count));
if (tokens.length === 0 || !(N > 0) || !(C > 0)) {
  console.error('usage: burst.js <base-url> <token-file> <requests> <concurrency> <first> <count>');
  process.exit(2);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: C, maxFreeSockets: C, scheduling: 'lifo' });
const BODY = JSON.stringify({ prompt: 'Summarise: OpenRouter keys renew themselves.' });

function call(method, path, token, body) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = Buffer.byteLength(body); }
    const req = http.request({ host: url.hostname, port: url.port, path, method, headers, agent, timeout: 30000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6,
        body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, error: e.message }));
    if (body) req.write(body);
    req.end();
  });
}

async function pool(n, c, task) {
  const results = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      results[i] = await task(i);
    }
  }
  await Promise.all(Array.from({ length: c }, worker));
  return results;
}

function pct(sorted, p) {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

(async () => {
  await pool(C, C, () => call('GET', '/actuator/health/liveness'));
  const t0 = process.hrtime.bigint();
  const results = await pool(N, C, (i) => call('POST', '/analysis', tokens[i % tokens.length], BODY));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const statuses = {};
  let renewed = 0;
  let provisioned = 0;
  const errors = [];
  for (const r of results) {
    statuses[r.status] = (statuses[r.status] || 0) + 1;
    if (r.status === 200) {
      try {
        const j = JSON.parse(r.body);
        if (j.keyRenewed) renewed++;
        if (j.keyProvisioned) provisioned++;
      } catch (e) { /* counted as a 200 all the same */ }
    } else if (errors.length < 5) {
      errors.push({ status: r.status, error: r.error, body: (r.body || '').slice(0, 300) });
    }
  }
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const out = {
    requests: N, concurrency: C, users: tokens.length, ok: statuses[200] || 0, statuses, key_renewed: renewed,
    key_provisioned: provisioned, wall_ms: +wallMs.toFixed(1), p50_ms: +pct(ms, 50).toFixed(1),
    p99_ms: +pct(ms, 99).toFixed(1), max_ms: +ms[ms.length - 1].toFixed(1), min_ms: +ms[0].toFixed(1), errors,
  };
  console.log('BENCHJSON ' + JSON.stringify(out));
  agent.destroy();
})();
