#!/usr/bin/env bash
# The web page in a real browser: installs Debian's chromium, chromium-driver and an emoji
# font (apt-get) and selenium + pytest (pip) when missing, starts `memtx serve` on a free
# loopback port with the shipped checkpoint, waits for /health/ready, runs tests/browser
# (which saves docs/screenshots/*.png) and stops the server, whatever happens.
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

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
LOG=$(mktemp -t memtx-browser-test.XXXXXX)
"$BIN" serve --host 127.0.0.1 --port "$PORT" --checkpoint "$CHECKPOINT" >"$LOG" 2>&1 &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -f "$LOG"; }
trap stop EXIT

ready() { python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$URL/health/ready" 2>/dev/null; }
for _ in $(seq 1 240); do
  ready && break
  kill -0 "$SERVER" 2>/dev/null || { echo "browser-test: memtx serve exited:" >&2; cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
ready || { echo "browser-test: $URL/health/ready never answered 200" >&2; cat "$LOG" >&2; exit 1; }

mkdir -p docs/screenshots
PYTHONDONTWRITEBYTECODE=1 MEMTX_URL="$URL" python3 -m pytest -q -p no:cacheprovider tests/browser "$@"
