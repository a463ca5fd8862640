#!/usr/bin/env bash
# bench-http: memtx serve (release build, --store memory, loopback, a free port) under wrk
# with a document mix (scripts/bench-http.lua POSTs to /v1/label), at 1 and at several
# concurrent connections; requests/s, p50/p99 latency, words/s through HTTP and that
# divided by words/s in process on the same documents (`memtx bench text`): the HTTP
# overhead. Writes bench-results/http.json (and a table on stdout).
#   [MEMTX=path/to/memtx] scripts/bench-http.sh [--threads N] [--seconds S] [--connections "1 8 32"]
# Installs wrk with apt-get when it is missing. Stops the server it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

threads=1 seconds=20 connections="1 8 32" checkpoint=checkpoints/conll-en
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --checkpoint) checkpoint=$2; shift 2 ;;
    *) echo "usage: $0 [--threads N] [--seconds S] [--connections \"1 8 32\"] [--checkpoint DIR]" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  echo "installing wrk"
  SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk
fi

memtx=${MEMTX:-.build/release/memtx}
[ -x "$memtx" ] || swift build -c release --product memtx
out=bench-results
docs=$out/http-documents
mkdir -p "$out"
export OPENBLAS_NUM_THREADS=$threads

# The same documents in process first (also writes the request bodies and manifest).
"$memtx" bench text --checkpoint "$checkpoint" --directory "$docs" --threads "$threads" --seconds "$seconds" \
  --json "$out/http-in-process.json"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$memtx" serve --host 127.0.0.1 --port "$port" --store memory --checkpoint "$checkpoint" --blas-threads "$threads" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "memtx serve exited" >&2; exit 1; }
  sleep 0.2
done

results=()
for c in $connections; do
  # One wrk thread per connection up to 2 (the machine's cores are for the server).
  t=$(( c < 2 ? c : 2 ))
  line=$(MEMTX_BENCH_DOCS=$docs wrk -t "$t" -c "$c" -d "${seconds}s" --latency --timeout 60s \
           -s scripts/bench-http.lua "http://127.0.0.1:$port" | grep '^{')
  results+=("{\"connections\": $c, \"result\": $line}")
  echo "connections $c: $line"
done

python3 - "$out" "$threads" "$(uptime)" "${results[@]}" <<'PY'
import json, sys
out, threads, load, *runs = sys.argv[1:]
in_process = json.load(open(f"{out}/http-in-process.json"))
runs = [json.loads(r) for r in runs]
print(f"\nin process: {in_process['wordsPerSecond']:.0f} words/s ({threads} OpenBLAS thread(s))")
# The gap split in two: the model's own speed inside the server (words ÷ the Server-Timing
# model time) against in process, and the share of the run the model was busy (at one
# connection, the rest is HTTP, JSON and hand-offs, serial with the model).
print("connections  requests/s  p50 ms  p99 ms  words/s  HTTP ÷ in process  model in server ÷ in process  model busy  failed")
for run in runs:
    r = run["result"]
    run["http_over_in_process"] = r["words_per_second"] / in_process["wordsPerSecond"]
    model_seconds = r.get("model_seconds") or 0
    run["server_model_over_in_process"] = (r["words"] / model_seconds / in_process["wordsPerSecond"]) if model_seconds else None
    run["model_busy"] = model_seconds / r["seconds"]
    server_model = run["server_model_over_in_process"]
    print(f"{run['connections']:>11}  {r['requests_per_second']:>10.1f}  {r['latency_ms']['p50']:>6.1f}  "
          f"{r['latency_ms']['p99']:>6.1f}  {r['words_per_second']:>7.0f}  {run['http_over_in_process']:>17.2f}  "
          f"{server_model if server_model is not None else float('nan'):>28.2f}  {run['model_busy']:>10.2f}  {r['failed']:>6}")
json.dump({"threads": int(threads), "load": load.strip(), "in_process": in_process, "runs": runs},
          open(f"{out}/http.json", "w"), indent=2)
print(f"wrote {out}/http.json")
PY
