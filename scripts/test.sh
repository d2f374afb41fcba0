#!/usr/bin/env bash
# Install what the tests need (Python packages, Debian's chromium) and run every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
python -m pip install -q --disable-pip-version-check -r requirements-test.txt
python -m ruff check . && python -m ruff format --check .   # lint and format (pyproject.toml)
python -m pytest "$@"
