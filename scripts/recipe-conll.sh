#!/usr/bin/env bash
# The CoNLL recipe ablation (issue 16, docs/MODEL.md "The recipe on CoNLL"): the shipped
# model's settings (d = 64, C = 64, M = 32, learned memory, word dropout 0.1, frozen GloVe
# 50d) with and without each new ingredient, trained on train, scored on dev only, with
# argmax and with BIO-Viterbi decoding. Runs are resumable: a run stopped half-way
# continues from its last checkpoint (written every 1 000 updates) when run again.
# Usage: scripts/recipe-conll.sh STEPS SEED JOBS RECIPE...
#   recipes: base (the shipped recipe), dropout (+ hidden dropout 0.2), glove400k (+ every
#   GloVe word, F16 word table), dropout-glove400k (both), sameword (both + the same-word
#   bias, issue 15), sameword-perword (that + one memory entry per word), memory15 (that +
#   the keep loss: issue 15's learned recipe), identity (dropout-glove400k + identity dropout
#   0.25: a training word sometimes shows only its GloVe columns, as an unseen word does),
#   cased (dropout-glove400k + case-sensitive n-grams), identity-cased (both), crf
#   (dropout-glove400k + a CRF label layer), identity-crf (identity + the CRF), wide (d = 128,
#   8 heads of 16, MLP 512, hidden dropout 0.2, GloVe +150k so the F16 word table stays
#   under the 64 MB checkpoint budget), crf-hidden03 (crf with hidden dropout 0.3), crf-word02
#   (crf with word dropout 0.2), crf-deep (crf with 3 transformer blocks instead of 2).
#   env MEMTX overrides the binary; OUT the runs' folder (runs/recipe-conll); VARIANT the
#   memory variant (learned; `none` for the memory's control, its runs named none-RECIPE).
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:?steps}
SEED=${2:?seed}
JOBS=${3:?jobs}
shift 3
MEMTX=${MEMTX:-.build/release/memtx}
OUT=${OUT:-runs/recipe-conll}
VARIANT=${VARIANT:-learned}
DATA=data/conll2003
mkdir -p "$OUT"
[ -f "$DATA/train.txt" ] || scripts/fetch-conll.sh
[ -f data/glove/glove.6B.50d.txt ] || scripts/fetch-glove.sh
[ -x "$MEMTX" ] || swift build -c release --product memtx
export OPENBLAS_NUM_THREADS=1

flags() {
    case $1 in
        base) echo "--d-model 64 --glove-words 70000" ;;
        dropout) echo "--d-model 64 --glove-words 70000 --hidden-dropout 0.2" ;;
        glove400k) echo "--d-model 64 --glove-words 400000 --half-precision-word-table" ;;
        dropout-glove400k) echo "--d-model 64 --glove-words 400000 --half-precision-word-table --hidden-dropout 0.2" ;;
        wide) echo "--d-model 128 --heads 8 --glove-words 150000 --half-precision-word-table --hidden-dropout 0.2" ;;
        sameword) echo "$(flags dropout-glove400k) --same-word-bias" ;;
        sameword-perword) echo "$(flags dropout-glove400k) --same-word-bias --one-entry-per-word" ;;
        memory15) echo "$(flags sameword-perword) --score-loss 1" ;;
        identity) echo "$(flags dropout-glove400k) --identity-dropout 0.25" ;;
        cased) echo "$(flags dropout-glove400k) --cased-ngrams" ;;
        identity-cased) echo "$(flags identity) --cased-ngrams" ;;
        crf) echo "$(flags dropout-glove400k) --crf" ;;
        identity-crf) echo "$(flags identity) --crf" ;;
        crf-hidden03) echo "--d-model 64 --glove-words 400000 --half-precision-word-table --hidden-dropout 0.3 --crf" ;;
        crf-word02) echo "$(flags crf) --word-dropout 0.2" ;;   # the later --word-dropout wins
        crf-deep) echo "$(flags crf) --layers 3" ;;
        *) echo "unknown recipe $1" >&2; exit 2 ;;
    esac
}

run() {
    recipe=$1
    dir="$OUT/$recipe-s$SEED-$STEPS"
    [ "$VARIANT" = learned ] || dir="$OUT/$VARIANT-$recipe-s$SEED-$STEPS"
    resume=""
    [ -f "$dir/training.json" ] && resume="--resume"
    if [ ! -f "$dir/eval-dev-viterbi.json" ]; then
        # shellcheck disable=SC2046
        "$MEMTX" train --train "$DATA/train.txt" --out "$dir" --variant "$VARIANT" --seed "$SEED" \
            --steps "$STEPS" --warmup 500 --learning-rate 2e-3 --chunk-size 64 --memory-size 32 \
            --word-dropout 0.1 --glove data/glove/glove.6B.50d.txt --freeze-glove --log-every 250 \
            --checkpoint-every 1000 $resume $(flags "$recipe") >> "$dir.log" 2>&1
        "$MEMTX" eval --checkpoint "$dir" --data "$DATA/valid.txt" --decoding argmax --format json > "$dir/eval-dev-argmax.json"
        "$MEMTX" eval --checkpoint "$dir" --data "$DATA/valid.txt" --decoding bio-viterbi --format json > "$dir/eval-dev-viterbi.json"
    fi
    echo "done $recipe"
}
export -f run flags
export OUT MEMTX STEPS SEED DATA VARIANT
printf '%s\n' "$@" | xargs -P "$JOBS" -n 1 bash -c 'run "$0"'
