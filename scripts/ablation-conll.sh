#!/usr/bin/env bash
# The memory ablation on real text (docs/MODEL.md): none, fifo, learned and full on
# CoNLL-2003 English with the same model, the same (short) number of updates and the
# same regularisation, several seeds; each run is scored on dev (entity F1 overall and
# on repeated mentions). Needs `make data` (and `make glove` when TRAIN_FLAGS uses it).
# Usage: scripts/ablation-conll.sh [STEPS] [SEEDS] [JOBS]
#   env MEMTX overrides the binary; env TRAIN_FLAGS adds `memtx train` flags.
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-2000}
SEEDS=${2:-"1 2 3"}
JOBS=${3:-2}
MEMTX=${MEMTX:-.build/release/memtx}
TRAIN_FLAGS=${TRAIN_FLAGS:-"--word-dropout 0.1"}
OUT=${OUT:-runs/ablation-conll}
DATA=data/conll2003
mkdir -p "$OUT"
[ -f "$DATA/train.txt" ] || scripts/fetch-conll.sh
[ -x "$MEMTX" ] || swift build -c release --product memtx
export OPENBLAS_NUM_THREADS=1

run() {
    variant=$1 seed=$2
    dir="$OUT/$variant-s$seed"
    if [ ! -f "$dir/eval-dev.json" ]; then
        # shellcheck disable=SC2086
        "$MEMTX" train --train "$DATA/train.txt" --out "$dir" --variant "$variant" --seed "$seed" \
            --steps "$STEPS" --warmup 300 --learning-rate 2e-3 --chunk-size 64 --memory-size 32 --d-model 64 \
            --log-every 500 $TRAIN_FLAGS > "$dir.log" 2>&1
        "$MEMTX" eval --checkpoint "$dir" --data "$DATA/valid.txt" --format json > "$dir/eval-dev.json"
    fi
    echo "done $variant seed $seed"
}
export -f run
export OUT MEMTX STEPS DATA TRAIN_FLAGS
for seed in $SEEDS; do
    for variant in learned none fifo full; do echo "$variant $seed"; done
done | xargs -P "$JOBS" -n 2 bash -c 'run "$0" "$1"'

python3 scripts/summarise-ablation.py --conll "$OUT" | tee "$OUT/summary.md"
