-- wrk script of the benchmark. Environment:
--   BENCH_MODE    "service": POST /analysis with a JWT taken in turn from BENCH_TOKENS (one a line;
--                 each wrk thread starts at its own offset, so load is spread over every user);
--                 "upstream": POST /api/v1/chat/completions with the body and headers the service
--                 sends OpenRouter (to the stub directly, or through the nginx hop)
--                 "service_v1": POST /v1/chat/completions (the OpenAI-compatible API) with a JWT from
--                 BENCH_TOKENS, taken in turn like "service"
--                 "portkey": POST /v1/chat/completions through the Portkey gateway, which sends it to
--                 BENCH_CUSTOM_HOST (the stub's /api/v1) as an OpenAI-compatible provider
--   BENCH_TOKENS  token file (service mode)
--   BENCH_DELAY_MS  pause before each request of a connection (paced load); 0 or unset: closed loop
--   BENCH_STATUS  "1": count answers by HTTP status (costs a little wrk CPU)
--   BENCH_CLOSE   "1": send "Connection: close", so that every request comes on a new connection
--                 (the idle runs: one connection, one request at a time)
-- done() prints one line "BENCHJSON {...}" with the figures (latencies in microseconds).

local mode = os.getenv("BENCH_MODE") or "service"
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0") or 0
local count_status = os.getenv("BENCH_STATUS") == "1"
local close = os.getenv("BENCH_CLOSE") == "1"

-- the request's headers, with "Connection: close" when BENCH_CLOSE asks for it
local function headers(h)
  if close then
    h["Connection"] = "close"
  end
  return h
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

-- the chat completion every mode but "service" sends
local CHAT_BODY = '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Summarise: OpenRouter keys renew themselves."}]}'

local tokens = {}
local requests = {}
local next_index = 1
statuses = {}

function init(args)
  if mode == "service" or mode == "service_v1" then
    local path = os.getenv("BENCH_TOKENS")
    if path == nil or path == "" then
      error("BENCH_TOKENS is not set")
    end
    for line in io.lines(path) do
      if #line > 0 then
        tokens[#tokens + 1] = line
      end
    end
    if #tokens == 0 then
      error("no tokens in " .. path)
    end
    local path, body = "/analysis", '{"prompt":"Summarise: OpenRouter keys renew themselves."}'
    if mode == "service_v1" then
      path = "/v1/chat/completions"
      body = CHAT_BODY
    end
    for i, t in ipairs(tokens) do
      requests[i] = wrk.format("POST", path, headers({
        ["Authorization"] = "Bearer " .. t,
        ["Content-Type"] = "application/json",
        ["Accept"] = "application/json",
      }), body)
    end
    -- threads start far apart in the token list
    next_index = (((tid or 1) - 1) * math.floor(#requests / 2)) % #requests + 1
  elseif mode == "portkey" then
    requests[1] = wrk.format("POST", "/v1/chat/completions", headers({
      ["Authorization"] = "Bearer sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000",
      ["Content-Type"] = "application/json",
      ["Accept"] = "application/json",
      ["x-portkey-provider"] = "openai",
      ["x-portkey-custom-host"] = os.getenv("BENCH_CUSTOM_HOST"),
    }), CHAT_BODY)
  else
    requests[1] = wrk.format("POST", "/api/v1/chat/completions", headers({
      ["Authorization"] = "Bearer sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000",
      ["Content-Type"] = "application/json",
      ["Accept"] = "application/json",
      ["HTTP-Referer"] = "https://github.com/autorenew/analysis-service",
      ["X-Title"] = "analysis-service",
    }), CHAT_BODY)
  end
end

function request()
  local r = requests[next_index]
  next_index = next_index + 1
  if next_index > #requests then
    next_index = 1
  end
  return r
end

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

if count_status then
  function response(status, headers, body)
    local k = tostring(status)
    statuses[k] = (statuses[k] or 0) + 1
  end
end

local function num(x)
  return string.format("%.0f", x)
end

function done(summary, latency, requests_)
  local parts = {}
  local function add(k, v) parts[#parts + 1] = string.format('"%s":%s', k, v) end
  add("requests", num(summary.requests))
  add("duration_us", num(summary.duration))
  add("bytes", num(summary.bytes))
  add("rps", string.format("%.1f", summary.requests / (summary.duration / 1e6)))
  add("err_connect", num(summary.errors.connect))
  add("err_read", num(summary.errors.read))
  add("err_write", num(summary.errors.write))
  add("err_status", num(summary.errors.status))
  add("err_timeout", num(summary.errors.timeout))
  add("lat_min_us", num(latency.min))
  add("lat_mean_us", string.format("%.1f", latency.mean))
  add("lat_max_us", num(latency.max))
  for _, p in ipairs({ 50, 75, 90, 99, 99.9 }) do
    add("lat_p" .. string.gsub(tostring(p), "%.", "_") .. "_us", num(latency:percentile(p)))
  end
  local st = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for k, v in pairs(s) do
        st[k] = (st[k] or 0) + v
      end
    end
  end
  local sp = {}
  for k, v in pairs(st) do
    sp[#sp + 1] = string.format('"%s":%d', k, v)
  end
  add("statuses", "{" .. table.concat(sp, ",") .. "}")
  io.write("BENCHJSON {" .. table.concat(parts, ",") .. "}\n")
end
