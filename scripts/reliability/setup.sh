#!/usr/bin/env bash
# Installs what the reliability suite needs beyond Python 3's standard library:
# schemathesis 4.x in a venv under .build-reliability/ (from PyPI), and python3 itself
# (with venv and pip) via apt-get when missing. Idempotent; quiet when all is there.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.build-reliability/venv
# The version read whole before matching: `| grep -q` under pipefail can fail on a broken pipe.
if [ -x "$VENV/bin/st" ] && grep -q 'version 4\.' <<<"$("$VENV/bin/st" --version 2>/dev/null || true)"; then
  exit 0
fi
SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  echo "installing python3, python3-venv, python3-pip"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-venv python3-pip
fi
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'schemathesis>=4.1,<5'
"$VENV/bin/st" --version
