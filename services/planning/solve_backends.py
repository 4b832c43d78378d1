"""Where solves run: a local worker process (the embedded default) or a Redis queue.

Both take the same jobs (rows of `solve_jobs`, see `services.planning.solve_jobs`) and
run the same function, `services.planning.worker.run_job`; they differ only in how a job
reaches a worker.

- **Embedded** (no `REDIS_URL`): the app process starts one local worker process per
  database the first time it queues a solve (`manage.py worker --embedded --parent PID`).
  It polls the queue in the database and ends when the app process ends. Solves never run
  in a thread of the web server, so a solve cannot stall page renders; every app instance
  has its own local worker and they share the queue safely.
- **Redis** (`REDIS_URL=redis://host:6379/0`): solves go on the RQ queue `firedesk-solves`
  (`FIREDESK_SOLVE_QUEUE` names another)
  and `manage.py worker` processes (any number, on any machine that reaches PostgreSQL and
  Redis) run them. RQ was chosen over Celery because it is a queue and nothing more: Redis
  only, one small dependency, a job is a Python function called by name, and its workers
  fork one work horse per job, which suits CPU-heavy solves that must not share a process.
  A worker that dies mid-job is noticed by RQ and the job retried once; our lease decides
  whether the retry may take it over. Capacity advice jobs go on a second queue (the
  solve queue's name + `-advice`) that every worker listens to after the solve queue, so
  a worker takes waiting solves before waiting advice.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

DEFAULT_QUEUE = "firedesk-solves"
# RQ's own limit on a job: the solve's time limit plus room to read, build and store.
JOB_MARGIN_SECONDS = 120
ROOT = Path(__file__).resolve().parents[2]


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL") or None


def queue_name() -> str:
    """The RQ queue (FIREDESK_SOLVE_QUEUE): one per Firedesk database sharing a Redis."""
    return os.environ.get("FIREDESK_SOLVE_QUEUE") or DEFAULT_QUEUE


def backend_name() -> str:
    return "redis" if redis_url() else "embedded"


def queue(kind: str = "solve"):
    from redis import Redis
    from rq import Queue

    name = queue_name() if kind == "solve" else f"{queue_name()}-{kind}"
    return Queue(name, connection=Redis.from_url(redis_url()))


def queues() -> list:
    """The queues a worker listens to, in the order it takes jobs: solves, then advice."""
    return [queue("solve"), queue("advice")]


def submit(job_id: int, time_limit: float, kind: str = "solve") -> None:
    """Hand a queued job to the workers; `time_limit` is the most the job may work."""
    if redis_url():
        from rq import Retry

        queue(kind).enqueue_call(
            "services.planning.worker.run_job",
            args=(job_id,),
            timeout=int(time_limit) + JOB_MARGIN_SECONDS,
            job_id=f"{kind}-{job_id}",
            retry=Retry(max=1),
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
            description=f"{kind} job {job_id}",
        )
    else:
        ensure_local_worker()


# ----------------------------------------------------------------------------- embedded

_local: dict[str, subprocess.Popen] = {}
_local_guard = threading.Lock()


def ensure_local_worker() -> subprocess.Popen:
    """This app process's local worker for the current database, started if not running."""
    from db.session import current_url

    url = current_url()
    with _local_guard:
        process = _local.get(url)
        if process is None or process.poll() is not None:
            env = {**os.environ, "DATABASE_URL": url}
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "worker",
                    "--embedded",
                    "--parent",
                    str(os.getpid()),
                ],
                env=env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
            )
            _local[url] = process
        return process


def stop_local_workers() -> None:
    """End this process's local workers (tests; the workers also end with their parent)."""
    with _local_guard:
        for process in _local.values():
            process.terminate()
        for process in _local.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        _local.clear()


@dataclass(frozen=True)
class Workers:
    backend: str  # embedded | redis
    count: int  # workers that can take a solve now (embedded: this instance's local one)
    queued_in_redis: int | None = None


def workers() -> Workers:
    """What the planning page shows of the workers."""
    if redis_url():
        from rq import Worker

        return Workers("redis", Worker.count(queue=queue()), sum(len(q) for q in queues()))
    from db.session import current_url

    process = _local.get(current_url())
    return Workers("embedded", int(process is not None and process.poll() is None))
