"""`manage.py outbox run` queues the due reminders and sends what is due; `outbox list`
prints the outbox with addresses masked."""

from __future__ import annotations

from tests.fixtures.notifications import PHONE, queue, rows


def test_outbox_run_sends_what_is_due_and_list_masks_addresses(db, capsys):
    import manage

    queue("cli")
    assert manage.main(["outbox", "run"]) == 0
    assert "sent 1, retrying 0, failed 0" in capsys.readouterr().out
    assert rows()[0].state == "sent"
    assert manage.main(["outbox", "list", "--state", "sent"]) == 0
    out = capsys.readouterr().out
    assert "139****5678" in out and PHONE not in out and "complaint.closed" in out
