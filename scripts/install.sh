#!/usr/bin/env bash
# Create .venv (once) and install Firedesk's Python requirements into it.
#   scripts/install.sh            runtime only
#   scripts/install.sh --dev      runtime + test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
