"""`manage.py worker`: run solves. With REDIS_URL, an RQ worker on the `firedesk-solves`
queue (run as many as the machines have cores to spare); without it, the embedded worker
that takes queued solves from the database (the app starts one itself; this command runs
one by hand, e.g. `--burst` to drain the queue)."""

from __future__ import annotations

import logging
import os

from db.migrate import upgrade
from services.planning import solve_backends, worker


def lower_priority() -> int:
    """Solves yield the CPU to page renders on a shared machine: the worker runs at the
    niceness FIREDESK_WORKER_NICE (default 10; 0 keeps the normal priority)."""
    return os.nice(int(os.environ.get("FIREDESK_WORKER_NICE", "10")))


def cmd_worker(args) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    lower_priority()
    if not args.embedded:
        upgrade()
    if solve_backends.redis_url() and not args.embedded:
        from rq import Worker

        queues = solve_backends.queues()  # solves first, then advice
        rq_worker = Worker(queues, connection=queues[0].connection, name=args.name or None)
        rq_worker.work(burst=args.burst, with_scheduler=False)
        return 0
    worker.work_embedded(parent_pid=args.parent, burst=args.burst)
    return 0


def register(subparsers) -> None:
    command = subparsers.add_parser("worker", help="run queued solves (RQ on REDIS_URL, or local)")
    command.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    command.add_argument("--name", help="the RQ worker's name (default: host and pid)")
    command.add_argument("--embedded", action="store_true", help=argparse_hidden())
    command.add_argument("--parent", type=int, help=argparse_hidden())
    command.set_defaults(run=cmd_worker)


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS
