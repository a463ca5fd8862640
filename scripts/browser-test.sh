#!/usr/bin/env bash
# The web page in a real browser: installs Debian's chromium, chromium-driver and an emoji
# font (apt-get) and selenium + pytest (pip) when missing, starts two `memtx serve` on free
# loopback ports with the shipped checkpoint (one open, one requiring an API key), waits
# for /health/ready, runs scripts/browser-test/ (which saves docs/screenshots/*.png) and stops
# the servers, whatever happens.
# Usage: scripts/browser-test.sh [pytest arguments, e.g. -k screenshots]
# MEMTX_BIN picks the binary (default .build/release/memtx: `make release`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${MEMTX_BIN:-.build/release/memtx}
CHECKPOINT=${MEMTX_CHECKPOINT:-checkpoints/conll-en}
[ -x "$BIN" ] || { echo "browser-test: no $BIN (run make release, or set MEMTX_BIN)" >&2; exit 1; }

missing=()
for package in chromium chromium-driver fonts-noto-color-emoji; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser-test: installing ${missing[*]}"
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -c 'import selenium, pytest' 2>/dev/null || python3 -m pip install -q selenium pytest

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
URL="http://127.0.0.1:$(free_port)"
# A second server requires an API key and holds one session at most (401 and 429 paths).
KEYED_URL="http://127.0.0.1:$(free_port)"
KEY="browser-test-key-$RANDOM$RANDOM$RANDOM"
LOGS=$(mktemp -d -t memtx-browser-test.XXXXXX)
export MEMTX_STORE=memory   # each server its own sessions, nothing left on disk
"$BIN" serve --host 127.0.0.1 --port "${URL##*:}" --checkpoint "$CHECKPOINT" >"$LOGS/open.log" 2>&1 &
OPEN=$!
MEMTX_API_KEYS="$KEY" MEMTX_MAX_SESSIONS=1 \
  "$BIN" serve --host 127.0.0.1 --port "${KEYED_URL##*:}" --checkpoint "$CHECKPOINT" >"$LOGS/keyed.log" 2>&1 &
KEYED=$!
stop() {
  kill "$OPEN" "$KEYED" 2>/dev/null || true
  wait "$OPEN" "$KEYED" 2>/dev/null || true
  rm -rf "$LOGS"
}
trap stop EXIT

ready() { python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1/health/ready" 2>/dev/null; }
for _ in $(seq 1 240); do
  ready "$URL" && ready "$KEYED_URL" && break
  for pid in "$OPEN" "$KEYED"; do
    kill -0 "$pid" 2>/dev/null || { echo "browser-test: memtx serve exited:" >&2; cat "$LOGS"/*.log >&2; exit 1; }
  done
  sleep 0.5
done
ready "$URL" && ready "$KEYED_URL" || { echo "browser-test: /health/ready never answered 200" >&2; cat "$LOGS"/*.log >&2; exit 1; }

mkdir -p docs/screenshots
PYTHONDONTWRITEBYTECODE=1 MEMTX_URL="$URL" MEMTX_KEYED_URL="$KEYED_URL" MEMTX_KEY="$KEY" \
  python3 -m pytest -q -p no:cacheprovider scripts/browser-test "$@"
