#!/usr/bin/env bash
# The memory ablation of docs/MODEL.md on the synthetic long-range task: six variants,
# same model size, steps and memory budget, several seeds; each model is scored on
# documents as long as in training and 4× longer, and on the control task.
# Usage: scripts/ablation-synthetic.sh [STEPS] [SEEDS] [JOBS]
# Env: MEMTX (the binary), OUT (runs and data; default runs/ablation), VARIANTS (default all
# six), TRAIN_FLAGS (extra `memtx train` flags, e.g. --same-word-bias), SYNTH_FLAGS (extra
# `memtx synth` flags for every split, e.g. --hard). Resumable: finished runs are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-2000}
SEEDS=${2:-"1 2 3"}
JOBS=${3:-2}
MEMTX=${MEMTX:-.build/release/memtx}
OUT=${OUT:-runs/ablation}
VARIANTS=${VARIANTS:-"learned none full fifo strided attention"}
TRAIN_FLAGS=${TRAIN_FLAGS:-}
SYNTH_FLAGS=${SYNTH_FLAGS:-}
mkdir -p "$OUT"
[ -x "$MEMTX" ] || swift build -c release --product memtx
export OPENBLAS_NUM_THREADS=1

# Data: one training set; dev at the training length, at 4× and the control task.
[ -f "$OUT/train.jsonl" ] || "$MEMTX" synth --out "$OUT/train.jsonl" --documents 8000 --seed 1 $SYNTH_FLAGS
[ -f "$OUT/dev.jsonl" ] || "$MEMTX" synth --out "$OUT/dev.jsonl" --documents 100 --seed 1001 $SYNTH_FLAGS
[ -f "$OUT/dev4x.jsonl" ] || "$MEMTX" synth --out "$OUT/dev4x.jsonl" --documents 25 --words 1024 --seed 1002 $SYNTH_FLAGS
[ -f "$OUT/control.jsonl" ] || "$MEMTX" synth --out "$OUT/control.jsonl" --documents 100 --seed 1003 --control $SYNTH_FLAGS

run() {
    variant=$1 seed=$2
    dir="$OUT/$variant-s$seed"
    if [ ! -f "$dir/eval-dev.json" ]; then
        "$MEMTX" train --train "$OUT/train.jsonl" --out "$dir" --variant "$variant" --seed "$seed" \
            --steps "$STEPS" --documents-per-step 4 --learning-rate 3e-3 --log-every 500 $TRAIN_FLAGS > "$dir.log" 2>&1
        for split in dev dev4x control; do
            "$MEMTX" eval --checkpoint "$dir" --data "$OUT/$split.jsonl" --format json > "$dir/eval-$split.json"
        done
        if [ "$variant" = learned ]; then  # the training-time candidate set: 2M
            "$MEMTX" eval --checkpoint "$dir" --data "$OUT/dev.jsonl" --capacity 32 --format json > "$dir/eval-dev-2m.json"
        fi
    fi
    echo "done $variant seed $seed"
}
export -f run
export OUT MEMTX STEPS TRAIN_FLAGS
for seed in $SEEDS; do
    for variant in $VARIANTS; do echo "$variant $seed"; done
done | xargs -P "$JOBS" -n 2 bash -c 'run "$0" "$1"'

python3 scripts/summarise-ablation.py "$OUT" | tee "$OUT/summary.md"
