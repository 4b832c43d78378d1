#!/usr/bin/env bash
# Install everything the tests need and run the whole suite: lint, unit, SQLite and
# PostgreSQL database tests, Streamlit AppTests and browser tests in Debian's Chromium.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/services -x).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --dev

# Browser tests use Debian's Chromium (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

# PostgreSQL tests run against this server (started if it is installed but stopped).
export TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

# The solve-queue tests use this Redis (started if it is installed but not running); each
# test uses a queue of its own, so a shared server is fine.
export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -u "$TEST_REDIS_URL" ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --save '' --appendonly no >/dev/null || true
    for _ in $(seq 1 10); do redis-cli -u "$TEST_REDIS_URL" ping >/dev/null 2>&1 && break; sleep 1; done
  fi
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
