-- wrk script for scripts/bench-http.sh: POSTs the documents listed in
-- $MEMTX_BENCH_DOCS/manifest.txt ("file words weight" per line) to /v1/label in a fixed
-- weighted round, counts the words of answered documents, and prints one JSON line.
local dir = os.getenv("MEMTX_BENCH_DOCS") or "bench-results/http-documents"
local round, words_of = {}, {}
for line in io.lines(dir .. "/manifest.txt") do
  local file, words, weight = line:match("^(%S+)%s+(%d+)%s+(%d+)$")
  if file then
    local handle = assert(io.open(dir .. "/" .. file, "rb"))
    local body = handle:read("*a")
    handle:close()
    for _ = 1, tonumber(weight) do
      round[#round + 1] = body
      words_of[#round] = tonumber(words)
    end
  end
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

-- Per thread: the next document of the round, the documents in flight (oldest first), totals.
local next_index, in_flight, head, tail = 1, {}, 1, 0
words, answered, failed, model_ms = 0, 0, 0, 0

function init(args)
  next_index = (id * 7) % #round + 1
end

function request()
  local index = next_index
  next_index = next_index % #round + 1
  tail = tail + 1
  in_flight[tail] = index
  return wrk.format("POST", "/v1/label", { ["Content-Type"] = "application/json" }, round[index])
end

function response(status, headers, body)
  local index = in_flight[head]
  in_flight[head] = nil
  head = head + 1
  if status == 200 then
    words = words + words_of[index]
    answered = answered + 1
    -- The model's own time for this answer (Server-Timing: model;dur=<ms>).
    local timing = headers["Server-Timing"] or headers["server-timing"] or ""
    model_ms = model_ms + (tonumber(timing:match("dur=([%d.]+)")) or 0)
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total_words, total_answered, total_failed, total_model_ms = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    total_words = total_words + thread:get("words")
    total_model_ms = total_model_ms + thread:get("model_ms")
    total_answered = total_answered + thread:get("answered")
    total_failed = total_failed + thread:get("failed")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"seconds": %.3f, "requests": %d, "answered": %d, "failed": %d, "socket_errors": %d, "requests_per_second": %.2f, ' ..
    '"words": %d, "words_per_second": %.1f, "model_seconds": %.3f, ' ..
    '"latency_ms": {"p50": %.2f, "p90": %.2f, "p99": %.2f, "max": %.2f, "mean": %.2f}}\n',
    seconds, summary.requests, total_answered, total_failed,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    total_answered / seconds, total_words, total_words / seconds, total_model_ms / 1e3,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, latency.mean / 1e3))
end
