"""Fixtures of the planning service tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid

import pytest

from db import session as db_session
from services.planning import solve_backends
from tests.conftest import _empty_all_tables
from tests.fixtures import planning as builders
from tests.fixtures.workers import ROOT

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LEASE = "8"  # generous: the suite runs two solves per core under load


@pytest.fixture(scope="module")
def small_week() -> dict:
    return builders.small_week()


@pytest.fixture(params=["embedded", "redis"])
def backend(request, postgres_url, monkeypatch):
    db_session.configure(postgres_url)
    monkeypatch.setenv("FIREDESK_SOLVE_LEASE_SECONDS", LEASE)
    env = {**os.environ, "DATABASE_URL": postgres_url}
    worker = None
    if request.param == "redis":
        queue = f"firedesk-test-{uuid.uuid4().hex[:8]}"
        monkeypatch.setenv("REDIS_URL", REDIS)
        monkeypatch.setenv("FIREDESK_SOLVE_QUEUE", queue)
        env.update(REDIS_URL=REDIS, FIREDESK_SOLVE_QUEUE=queue)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env=env,
            start_new_session=True,  # its own process group: the test can kill it whole
        )
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    context = {"name": request.param, "env": env, "worker": worker, "url": postgres_url}
    yield context
    if context["worker"] is not None and context["worker"].poll() is None:
        os.killpg(context["worker"].pid, signal.SIGTERM)
        context["worker"].wait(20)
    solve_backends.stop_local_workers()
    if request.param == "redis":
        for queue in solve_backends.queues():
            queue.delete(delete_jobs=True)
    _empty_all_tables(postgres_url)
    db_session._current_url = None
