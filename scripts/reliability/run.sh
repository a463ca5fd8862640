#!/usr/bin/env bash
# The reliability suite (docs/RELIABILITY.md): bad inputs, crash recovery after kill -9,
# conformance fuzzing against openapi.yaml, load. Each part starts its own servers on free
# loopback ports with temporary data directories, is bounded in time, and prints its
# figures; the suite exits non-zero when any part fails.
#   scripts/reliability/run.sh [--fast] [PART...]    PART: bad_inputs crash_recovery fuzz load
# MEMTX: the memtx binary (default .build/release/memtx, from `make release`).
set -uo pipefail
cd "$(dirname "$0")/../.."
MODE=full
if [ "${1:-}" = "--fast" ]; then MODE=fast; shift; fi
PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || PARTS=(bad_inputs crash_recovery fuzz load)
MEMTX=${MEMTX:-.build/release/memtx}
[ -x "$MEMTX" ] || { echo "no memtx binary at $MEMTX: run make release (or set MEMTX)"; exit 2; }
MEMTX=$(cd "$(dirname "$MEMTX")" && pwd)/$(basename "$MEMTX")
export MEMTX
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
export PYTHONUNBUFFERED=1
scripts/reliability/setup.sh || { echo "reliability: cannot install schemathesis"; exit 2; }

# Time bounds per part in seconds (a part still running then is stopped and fails).
declare -A FAST=([bad_inputs]=240 [crash_recovery]=300 [fuzz]=300 [load]=240)
declare -A FULL=([bad_inputs]=420 [crash_recovery]=1200 [fuzz]=900 [load]=900)
FLAG=""; [ "$MODE" = fast ] && FLAG=--fast

passed=0; failed=0; summary=()
suite_start=$(date +%s)
echo "reliability suite ($MODE) with $MEMTX"
for part in "${PARTS[@]}"; do
  if [ "$MODE" = fast ]; then limit=${FAST[$part]:-}; else limit=${FULL[$part]:-}; fi
  [ -n "$limit" ] || { echo "unknown part $part"; exit 2; }
  echo "== $part (at most ${limit} s)"
  start=$(date +%s)
  timeout --kill-after=30 "$limit" python3 "scripts/reliability/$part.py" $FLAG
  rc=$?
  took=$(( $(date +%s) - start ))
  if [ $rc -eq 0 ]; then passed=$((passed + 1)); verdict=PASS
  else failed=$((failed + 1)); verdict="FAIL (exit $rc$( [ $rc -eq 124 ] && echo ', timed out'))"; fi
  summary+=("$(printf '%-15s %-28s %5d s' "$part" "$verdict" "$took")")
done
echo "== reliability suite ($MODE), $(( $(date +%s) - suite_start )) s"
printf '   %s\n' "${summary[@]}"
echo "figures: .build-reliability/results/*.json"
echo "reliability: $passed passed, $failed failed"
[ $failed -eq 0 ]
