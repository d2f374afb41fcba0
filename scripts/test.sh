#!/usr/bin/env bash
# Install what the tests need (Python packages, Debian's chromium and nginx) and run every test tier.
# nginx is the package only (tests/browser/test_deploy_browser.py runs its own nginx process on 127.0.0.1);
# policy-rc.d keeps apt from starting the system's nginx service.
set -euo pipefail
cd "$(dirname "$0")/.."
MISSING=""
[ -x /usr/bin/chromium ] || MISSING="$MISSING chromium"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || MISSING="$MISSING nginx"
if [ -n "$MISSING" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  MADE_POLICY=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d && MADE_POLICY=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING >/dev/null || echo "could not install:$MISSING (those browser tests skip)"
  [ -z "$MADE_POLICY" ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi
python -m pip install -q --disable-pip-version-check -r requirements-test.txt
python -m ruff check . && python -m ruff format --check .   # lint and format (pyproject.toml)
# Two workers (pytest-xdist; TEST_WORKERS=0 runs in one process): a test file stays on one worker, the browser
# tests on one worker (tests/conftest.py); docs/architecture.md "Test tiers" has the figures.
python -m pytest -n "${TEST_WORKERS:-2}" --dist loadgroup "$@"
