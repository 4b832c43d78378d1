"""`manage.py complaints`: every case, however many (the queue's 2,000-row limit used to cut
the export short without a word), read in batches and written row by row."""

from __future__ import annotations

import csv
import inspect
import io
from datetime import timedelta

from sqlalchemy import insert

import manage
from db import session as db_session
from db.models import District
from db.models.complaints import ComplaintCase, ComplaintTicket
from services.complaints.queue import all_cases
from services.core.clock import now

OPEN_CASES = 2_100  # more than the old 2,000-row stop
CLOSED_CASES = 7


def _bulk_cases(open_cases: int, closed_cases: int) -> None:
    received = now() - timedelta(days=1)
    with db_session.get_engine().begin() as connection:
        district_id = connection.execute(
            insert(District).values(name="白塔区").returning(District.id)
        ).scalar_one()
        cases, tickets = [], []
        for number in range(1, open_cases + closed_cases + 1):
            ticket_no = f"LY{number:08d}"
            cases.append(
                {
                    "id": number,
                    "ticket_no": ticket_no,
                    "category": "other_violation",
                    "status": "received" if number <= open_cases else "closed",
                    "unit_name": f"单位{number}",
                    "address": "",
                    "district_id": district_id,
                    "received_at": received,
                    "deadline_at": received + timedelta(days=3),
                    "deadline_provisional": False,
                    "verification_notes": "",
                    "version": 1,
                }
            )
            tickets.append(
                {
                    "case_id": number,
                    "ticket_no": ticket_no,
                    "received_at": received,
                    "channel": "12345",
                    "complainant_name": "张三丰",
                    "complainant_phone": "13812345678",
                    "description": "安全出口上锁",
                }
            )
        connection.execute(insert(ComplaintCase), cases)
        connection.execute(insert(ComplaintTicket), tickets)


def test_complaints_open_exports_every_open_case(db, capsys):
    _bulk_cases(OPEN_CASES, CLOSED_CASES)

    assert manage.main(["complaints", "--open"]) == 0

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == OPEN_CASES
    assert {r["ticket_no"] for r in rows} == {f"LY{n:08d}" for n in range(1, OPEN_CASES + 1)}
    assert {r["complainant_phone"] for r in rows} == {"138****5678"}


def test_complaints_without_open_exports_closed_cases_too(db, capsys):
    _bulk_cases(OPEN_CASES, CLOSED_CASES)
    assert manage.main(["complaints"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == OPEN_CASES + CLOSED_CASES


def test_all_cases_streams_in_batches(db, admin, monkeypatch):
    _bulk_cases(120, 0)
    monkeypatch.setattr("services.complaints.queue.READ_BATCH", 50)
    cases = all_cases(admin)
    assert inspect.isgenerator(cases)  # nothing is read until the writer asks for rows
    first = next(cases)
    assert first.ticket_no.startswith("LY")
    assert 1 + sum(1 for _ in cases) == 120
