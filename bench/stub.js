#!/usr/bin/env node
// OpenRouter stand-in for the benchmark (loopback only, Node stdlib only).
//
//   POST   /api/v1/keys              mint a unique key (management key required); expires_at is the
//                                    request's expires_at, else now + STUB_DEFAULT_TTL_S; answers
//                                    after STUB_MINT_DELAY_MS (a timer, never a blocked thread)
//   DELETE /api/v1/keys/{hash}       delete a key (404 when unknown)
//   GET    /api/v1/keys/{hash}       the key as minted, usage 0 (the renewal reads the old key's
//                                    spend); PATCH the same path sets limit or disabled; 404 unknown
//   GET    /api/v1/keys              an empty list (the reconciler is off during runs)
//   POST   /api/v1/chat/completions  200 ChatResult after STUB_CHAT_DELAY_MS for a live key;
//                                    401 {"error":{"code":401,"message":"User not found."}} for an
//                                    unknown, deleted or expired key (each counted apart)
//   POST   /__refuse?user=<id>       from now on, refuse that user's newest key with the 401 above
//                                    (counted apart); it still describes: a key OpenRouter refuses.
//                                    With STUB_REFUSED_MAP, also writes every refused key to that file
//                                    as an nginx map ($refused, and $refused_count), for a front that
//                                    answers the chat calls itself (bench/nginx-front.conf)
//   GET    /__stats                  counters as JSON; ?user=<id> adds that user's mints and the
//                                    expiry of their newest key; ?prefix=<p> the users whose id
//                                    starts with p: their mints, the range of their newest keys'
//                                    expiries, and those minted only once (expiry, last call)
//
// Settings (environment): STUB_PORT (required), STUB_CHAT_DELAY_MS (0), STUB_MINT_DELAY_MS (0),
// STUB_DEFAULT_TTL_S (2592000), STUB_MANAGEMENT_KEY (sk-or-v1-bench-management), STUB_STATIC_KEY (a
// runtime key that is always live, for calling the stub directly; unset: none), STUB_REFUSED_MAP (unset:
// none).
'use strict';

const http = require('http');
const crypto = require('crypto');
const fs = require('fs');

const PORT = Number(process.env.STUB_PORT);
const CHAT_DELAY_MS = Number(process.env.STUB_CHAT_DELAY_MS || 0);
const MINT_DELAY_MS = Number(process.env.STUB_MINT_DELAY_MS || 0);
const DEFAULT_TTL_S = Number(process.env.STUB_DEFAULT_TTL_S || 2592000);
const MANAGEMENT = 'Bearer ' + (process.env.STUB_MANAGEMENT_KEY || 'sk-or-v1-bench-management');
const STATIC_KEY = process.env.STUB_STATIC_KEY || '';
const REFUSED_MAP = process.env.STUB_REFUSED_MAP || '';
if (!Number.isInteger(PORT) || PORT <= 0) {
  console.error('STUB_PORT is required');
  process.exit(2);
}

const CHAT_RESULT = JSON.stringify({
  id: 'gen-bench-0001',
  provider: 'Bench',
  model: 'openai/gpt-4o-mini',
  object: 'chat.completion',
  created: 1764000000,
  choices: [{ index: 0, logprobs: null, finish_reason: 'stop', native_finish_reason: 'stop',
    message: { role: 'assistant', content: 'The text is short and clear.', refusal: null, reasoning: null } }],
  usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
});
const UNAUTHORIZED = JSON.stringify({ error: { code: 401, message: 'User not found.' } });

const keys = new Map();      // key -> { hash, user, expiresAt (ms) }
const hashes = new Map();    // hash -> key
const deleted = new Set();   // keys deleted through DELETE /keys/{hash}
const refused = new Set();   // keys refused through POST /__refuse
if (STATIC_KEY) keys.set(STATIC_KEY, { hash: 'static', user: '(direct)', expiresAt: Infinity });
const perUser = new Map();   // user -> { mints, expiresAt }
const stats = {
  mints: 0, mint_refused: 0, deletes: 0, deletes_unknown: 0,
  describes: 0, updates: 0, chat_total: 0, chat_ok: 0, chat_expired: 0, chat_deleted: 0, chat_unknown: 0,
  chat_refused: 0,
  chat_expired_late_ms_max: 0, in_flight: 0, in_flight_max: 0, started_at: new Date().toISOString(),
};

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function later(ms, fn) {
  if (ms > 0) setTimeout(fn, ms); else fn();
}

function readBody(req, limit, done) {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => { size += c.length; if (size <= limit) chunks.push(c); });
  req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
}

function mint(req, res) {
  if (req.headers.authorization !== MANAGEMENT) {
    stats.mint_refused++;
    readBody(req, 1 << 16, () => send(res, 401, UNAUTHORIZED));
    return;
  }
  readBody(req, 1 << 16, (text) => {
    let body = {};
    try { body = JSON.parse(text); } catch (e) { /* an empty or bad body mints with the default TTL */ }
    const now = Date.now();
    let expiresAt = Date.parse(body.expires_at || '');
    if (!Number.isFinite(expiresAt)) expiresAt = now + DEFAULT_TTL_S * 1000;
    const key = 'sk-or-v1-' + crypto.randomBytes(32).toString('hex');
    const hash = crypto.createHash('sha256').update(key).digest('hex');
    // name is analysis-service:<user>:<mint id>
    const name = String(body.name || '');
    const user = name.split(':').slice(1, -1).join(':') || name;
    later(MINT_DELAY_MS, () => {
      keys.set(key, { hash, user, expiresAt });
      hashes.set(hash, key);
      stats.mints++;
      const u = perUser.get(user) || { mints: 0, expiresAt: 0 };
      u.mints++;
      u.expiresAt = expiresAt;
      u.key = key;
      perUser.set(user, u);
      const data = {
        hash, name, label: 'sk-or-v1-' + key.slice(-3), disabled: false, limit: body.limit ?? null,
        limit_remaining: body.limit ?? null, limit_reset: body.limit_reset ?? null, include_byok_in_limit: false,
        usage: 0, usage_daily: 0, usage_weekly: 0, usage_monthly: 0, byok_usage: 0, byok_usage_daily: 0,
        byok_usage_weekly: 0, byok_usage_monthly: 0, created_at: new Date(now).toISOString(), updated_at: null,
        expires_at: new Date(expiresAt).toISOString(),
      };
      keys.get(key).data = data;
      send(res, 201, JSON.stringify({ data, key }));
    });
  });
}

function remove(req, res, hash) {
  readBody(req, 1 << 16, () => {
    if (req.headers.authorization !== MANAGEMENT) { send(res, 401, UNAUTHORIZED); return; }
    const key = hashes.get(hash);
    if (!key) { stats.deletes_unknown++; send(res, 404, JSON.stringify({ error: { code: 404, message: 'Not found' } })); return; }
    hashes.delete(hash);
    keys.delete(key);
    deleted.add(key);
    stats.deletes++;
    send(res, 200, JSON.stringify({ deleted: true }));
  });
}

// GET /keys/{hash}: the key as minted (the stub never charges, so its usage stays 0);
// PATCH /keys/{hash}: a new limit or disabled flag. Both 404 for an unknown or deleted key.
function describe(req, res, hash) {
  readBody(req, 1 << 16, (text) => {
    if (req.headers.authorization !== MANAGEMENT) { send(res, 401, UNAUTHORIZED); return; }
    const key = hashes.get(hash);
    if (!key) { send(res, 404, JSON.stringify({ error: { code: 404, message: 'Not found' } })); return; }
    const data = keys.get(key).data;
    if (req.method === 'PATCH') {
      let body = {};
      try { body = JSON.parse(text); } catch (e) { /* nothing to change */ }
      if (body.limit !== undefined) { data.limit = body.limit; data.limit_remaining = body.limit; }
      if (body.disabled !== undefined) data.disabled = body.disabled;
      data.updated_at = new Date().toISOString();
      stats.updates++;
    } else {
      stats.describes++;
    }
    send(res, 200, JSON.stringify({ data }));
  });
}

function chat(req, res) {
  const auth = req.headers.authorization || '';
  const key = auth.startsWith('Bearer ') ? auth.slice(7) : '';
  stats.chat_total++;
  stats.in_flight++;
  if (stats.in_flight > stats.in_flight_max) stats.in_flight_max = stats.in_flight;
  const arrived = Date.now();
  readBody(req, 1 << 20, () => {
    const known = keys.get(key);
    let status = 200;
    if (!known) {
      status = 401;
      if (deleted.has(key)) stats.chat_deleted++; else stats.chat_unknown++;
    } else if (refused.has(key)) {
      status = 401;
      stats.chat_refused++;
    } else if (arrived >= known.expiresAt) {
      status = 401;
      stats.chat_expired++;
      stats.chat_expired_late_ms_max = Math.max(stats.chat_expired_late_ms_max, arrived - known.expiresAt);
    }
    if (status !== 200) { stats.in_flight--; send(res, status, UNAUTHORIZED); return; }
    const u = perUser.get(known.user);
    if (u) u.lastChatAt = arrived;
    later(CHAT_DELAY_MS, () => {
      stats.in_flight--;
      stats.chat_ok++;
      send(res, 200, CHAT_RESULT);
    });
  });
}

// The refused keys as nginx maps: $refused is 1 for a request whose bearer is one of them, and
// $refused_count tells a reloaded front how many it knows. Written whole, then renamed into place.
function writeRefusedMap() {
  const lines = ['map $http_authorization $refused {', '    default 0;'];
  for (const key of refused) lines.push(`    "Bearer ${key}" 1;`);
  lines.push('}', `map $host $refused_count { default ${refused.size}; }`, '');
  fs.writeFileSync(REFUSED_MAP + '.tmp', lines.join('\n'));
  fs.renameSync(REFUSED_MAP + '.tmp', REFUSED_MAP);
}
if (REFUSED_MAP) writeRefusedMap();

const server = http.createServer((req, res) => {
  const url = req.url;
  if (req.method === 'POST' && url === '/api/v1/chat/completions') return chat(req, res);
  if (req.method === 'POST' && url === '/api/v1/keys') return mint(req, res);
  if (req.method === 'DELETE' && url.startsWith('/api/v1/keys/')) return remove(req, res, decodeURIComponent(url.slice(13)));
  if ((req.method === 'GET' || req.method === 'PATCH') && url.startsWith('/api/v1/keys/')) return describe(req, res, decodeURIComponent(url.slice(13)));
  if (req.method === 'GET' && url.startsWith('/api/v1/keys')) return readBody(req, 1 << 16, () => send(res, 200, '{"data":[]}'));
  if (req.method === 'POST' && url.startsWith('/__refuse')) {
    const u = perUser.get(new URL(url, 'http://stub').searchParams.get('user'));
    if (!u || !u.key) { send(res, 404, '{"refused":false}'); return; }
    refused.add(u.key);
    if (REFUSED_MAP) writeRefusedMap();
    send(res, 200, JSON.stringify({ refused: true, count: refused.size }));
    return;
  }
  if (req.method === 'GET' && url.startsWith('/__stats')) {
    const out = Object.assign({}, stats, { live_keys: keys.size, users: perUser.size });
    const params = new URL(url, 'http://stub').searchParams;
    const user = params.get('user');
    if (user) {
      const u = perUser.get(user) || { mints: 0, expiresAt: 0 };
      out.user = { id: user, mints: u.mints, expires_at_ms: u.expiresAt };
    }
    const prefix = params.get('prefix');
    if (prefix) {
      let users = 0; let mints = 0; let min = Infinity; let max = 0; const once = [];
      for (const [id, u] of perUser) {
        if (!id.startsWith(prefix)) continue;
        users++; mints += u.mints; min = Math.min(min, u.expiresAt); max = Math.max(max, u.expiresAt);
        if (u.mints === 1) once.push(u);
      }
      // users minted only once: how many, and the first 20 by expiry with their last accepted call
      once.sort((a, b) => a.expiresAt - b.expiresAt);
      out.prefix = {
        prefix, users, mints, min_expires_at_ms: users ? min : 0, max_expires_at_ms: max,
        minted_once: once.length,
        minted_once_first: once.slice(0, 20).map((u) => ({ expires_at_ms: u.expiresAt, last_chat_at_ms: u.lastChatAt || 0 })),
      };
    }
    out.now_ms = Date.now();
    return send(res, 200, JSON.stringify(out));
  }
  readBody(req, 1 << 16, () => send(res, 404, JSON.stringify({ error: { code: 404, message: 'Not found' } })));
});
// Like nginx's keepalive_timeout 75s: an idle pooled connection is not closed under the client.
server.keepAliveTimeout = 75000;
server.headersTimeout = 80000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.listen(PORT, '127.0.0.1', 4096, () => console.log(`stub listening on 127.0.0.1:${PORT} chat_delay=${CHAT_DELAY_MS}ms mint_delay=${MINT_DELAY_MS}ms`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
