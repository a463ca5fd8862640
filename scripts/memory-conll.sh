#!/usr/bin/env bash
# Issue 16's memory comparison on real text: one recipe trained with the learned memory and
# without memory (`none`), several seeds each (scripts/recipe-conll.sh trains them), every
# run scored per document on dev and test with the memory-target mentions (--training-data),
# the `none` runs also with the same-string post-processor (--consistency); then paired
# bootstraps over documents, the seeds pooled per side (scripts/paired-bootstrap.py):
# learned − none, learned − (none + post-processor), and per seed. Writes the reports
# beside each run (eval-SPLIT-doc.json, eval-SPLIT-doc-consistency.json) and the tables to
# OUT/memory-RECIPE.md.
# Usage: scripts/memory-conll.sh RECIPE "SEEDS" [STEPS]   (e.g. crf "1 2 3" 10000)
#   env MEMTX overrides the binary; OUT the runs' folder (runs/recipe-conll).
set -euo pipefail
cd "$(dirname "$0")/.."
RECIPE=${1:?recipe}
SEEDS=${2:?seeds}
STEPS=${3:-10000}
MEMTX=${MEMTX:-.build/release/memtx}
OUT=${OUT:-runs/recipe-conll}
DATA=data/conll2003
export OPENBLAS_NUM_THREADS=1

score() {   # run dir, split file, name, extra flags…
    local dir=$1 split=$2 name=$3
    shift 3
    [ -f "$dir/$name.json" ] || "$MEMTX" eval --checkpoint "$dir" --data "$DATA/$split" --decoding bio-viterbi \
        --per-document --training-data "$DATA/train.txt" --format json "$@" > "$dir/$name.json"
}

learned=() none=()
for seed in $SEEDS; do
    l="$OUT/$RECIPE-s$seed-$STEPS" n="$OUT/none-$RECIPE-s$seed-$STEPS"
    for dir in "$l" "$n"; do
        [ -f "$dir/model.safetensors" ] || { echo "missing $dir: run VARIANT=… scripts/recipe-conll.sh $STEPS $seed 1 $RECIPE" >&2; exit 1; }
    done
    for split in dev test; do
        file=$([ $split = dev ] && echo valid.txt || echo test.txt)
        score "$l" "$file" "eval-$split-doc"
        score "$n" "$file" "eval-$split-doc"
        score "$n" "$file" "eval-$split-doc-consistency" --consistency
    done
    learned+=("$l") none+=("$n")
done

join() { local IFS=,; echo "$*"; }
report="$OUT/memory-$RECIPE.md"
{
    echo "# The memory on CoNLL: recipe $RECIPE, seeds $SEEDS, $STEPS updates (BIO-Viterbi)"
    for split in dev test; do
        L=$(join "${learned[@]/%//eval-$split-doc.json}")
        N=$(join "${none[@]/%//eval-$split-doc.json}")
        P=$(join "${none[@]/%//eval-$split-doc-consistency.json}")
        echo; echo "## $split: A = none, B = learned (seeds pooled)"; echo
        python3 scripts/paired-bootstrap.py "$N" "$L"
        echo; echo "## $split: A = none + same-string post-processor, B = learned (seeds pooled)"; echo
        python3 scripts/paired-bootstrap.py "$P" "$L"
        for i in "${!learned[@]}"; do
            echo; echo "## $split, seed pair $((i + 1)): A = none, B = learned"; echo
            python3 scripts/paired-bootstrap.py "${none[$i]}/eval-$split-doc.json" "${learned[$i]}/eval-$split-doc.json"
        done
    done
} > "$report"
cat "$report"
