#!/usr/bin/env bash
# Install and start Firedesk: http://localhost:${PORT:-8501}
# The first start on an empty database offers to create an administrator or load the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
.venv/bin/python manage.py migrate
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}" "$@"
