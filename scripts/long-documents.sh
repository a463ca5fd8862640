#!/usr/bin/env bash
# Long documents: the CoNLL-2003 test documents joined (in order) into documents of at
# least 5k, 20k and 50k words (the whole test set has about 46k words, so "50k" is one
# document of all of it), labelled by a checkpoint; prints a Markdown table of entity F1
# (overall and on repeated mentions) and words/s, against the original documents.
# Usage: scripts/long-documents.sh [CHECKPOINT] [DATA]   (env MEMTX overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKPOINT=${1:-checkpoints/conll-en}
DATA=${2:-data/conll2003/test.txt}
MEMTX=${MEMTX:-.build/release/memtx}
OUT=${OUT:-runs/long-documents}
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
echo "| words per document | documents | mean words | entity F1 | repeated mentions F1 | words/s |"
echo "| --- | --- | --- | --- | --- | --- |"
for n in 0 5000 20000 50000; do
    flags=(); [ "$n" = 0 ] || flags=(--concatenate "$n")
    "$MEMTX" eval --checkpoint "$CHECKPOINT" --data "$DATA" --format json "${flags[@]}" > "$OUT/eval-$n.json"
    python3 - "$OUT/eval-$n.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
label = "original" if sys.argv[2] == "0" else f"≥ {int(sys.argv[2]):,}".replace(",", " ")
e = r["entities"]
print(f"| {label} | {r['documents']} | {r['words'] / r['documents']:.0f} | {100 * e['overall']['f1']:.2f} | "
      f"{100 * e['repeated']['f1']:.2f} | {r['wordsPerSecond']:.0f} |")
PY
done
