"""`manage.py draw --out` and `--verify`: the same file every time; tampering fails loudly."""

from __future__ import annotations

from sqlalchemy import update

import manage
from db import session as db_session
from db.models.draws import Draw
from services.core.permissions import SYSTEM
from services.draws import engine, plans, verify
from services.draws.engine import Rules

SEED = "2027-01 上证指数收盘 3201.77"


def _draw(tmp_path, *extra) -> tuple[int, bytes]:
    out = tmp_path / "draw.csv"
    code = manage.main(["draw", "--period", "2027-01", "--seed", SEED, "--out", str(out), *extra])
    return code, out.read_bytes()


def test_draw_writes_the_file_and_verify_accepts_it(draw_world, tmp_path, capsys):
    code, content = _draw(tmp_path)
    assert code == 0
    lines = content.decode("utf-8").splitlines()
    assert lines[0] == ",".join(verify.COLUMNS)
    row = plans.find_draw(SYSTEM, "2027-01")
    assert len(lines) == 1 + len(row.result["assignments"]) + len(row.result["unstaffed"])
    assert all(line.startswith(f"2027-01,1,{SEED},") for line in lines[1:])
    assert manage.main(["draw", "--verify", str(tmp_path / "draw.csv")]) == 0
    assert "verified" in capsys.readouterr().out


def test_the_file_is_byte_identical_when_written_again(draw_world, tmp_path):
    _, content = _draw(tmp_path)
    row = plans.find_draw(SYSTEM, "2027-01")
    assert verify.draw_csv(row) == content
    assert verify.render(row, verify.recompute(row)) == content


def test_a_row_edited_by_hand_fails_verification_with_exit_2(draw_world, tmp_path, capsys):
    _, content = _draw(tmp_path)
    row = plans.find_draw(SYSTEM, "2027-01")
    first = row.result["assignments"][0]
    victim = first["inspectors"][0]
    tampered = content.replace(f",{victim},".encode(), b",E999,", 1)
    assert tampered != content
    path = tmp_path / "tampered.csv"
    path.write_bytes(tampered)
    assert manage.main(["draw", "--verify", str(path)]) == 2
    error = capsys.readouterr().err
    assert "VERIFICATION FAILED" in error and "line 2" in error and "E999" in error


def test_a_changed_hash_or_a_dropped_row_fails(draw_world, tmp_path, capsys):
    _, content = _draw(tmp_path)
    row = plans.find_draw(SYSTEM, "2027-01")
    lines = content.split(b"\r\n")
    dropped = tmp_path / "dropped.csv"
    dropped.write_bytes(b"\r\n".join(lines[:1] + lines[2:]))
    assert manage.main(["draw", "--verify", str(dropped)]) == 2
    rehashed = tmp_path / "rehashed.csv"
    rehashed.write_bytes(content.replace(row.snapshot_hash.encode(), b"0" * 64))
    assert manage.main(["draw", "--verify", str(rehashed)]) == 2
    assert capsys.readouterr().err.count("VERIFICATION FAILED") == 2


def test_a_stored_snapshot_altered_in_the_database_fails(draw_world, tmp_path, capsys):
    _, _ = _draw(tmp_path)
    row = plans.find_draw(SYSTEM, "2027-01")
    snapshot = dict(row.snapshot)
    snapshot["inspectors"] = snapshot["inspectors"][:-1]
    with db_session.get_engine().begin() as connection:
        connection.execute(update(Draw).where(Draw.id == row.id).values(snapshot=snapshot))
    assert manage.main(["draw", "--verify", str(tmp_path / "draw.csv")]) == 2
    assert "no longer matches its hash" in capsys.readouterr().err


def test_redraw_from_the_command_line_needs_a_reason(draw_world, tmp_path, capsys):
    assert _draw(tmp_path)[0] == 0
    assert _draw(tmp_path)[0] == 2  # already drawn
    assert _draw(tmp_path, "--redraw")[0] == 2  # no reason
    assert _draw(tmp_path, "--redraw", "--reason", "登记册更正")[0] == 0
    content = (tmp_path / "draw.csv").read_bytes()
    assert content.decode("utf-8").splitlines()[1].startswith(f"2027-01,2,{SEED},")
    assert manage.main(["draw", "--verify", str(tmp_path / "draw.csv")]) == 0


def test_a_file_that_is_no_draw_fails(draw_world, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert manage.main(["draw", "--verify", str(path)]) == 2
    assert manage.main(["draw", "--verify", str(tmp_path / "missing.csv")]) == 2


def test_a_draw_made_before_the_hazard_rule_still_verifies(draw_world, tmp_path):
    # What such a draw stored: no hazard rule, no open-hazard flags (algorithm version 1).
    _draw(tmp_path)
    row = plans.find_draw(SYSTEM, "2027-01")
    old_rules = {k: v for k, v in row.rules.items() if k != "hazard_units"}
    old_snapshot = {
        **row.snapshot,
        "units": [
            {k: v for k, v in u.items() if k != "open_hazard"} for u in row.snapshot["units"]
        ],
    }
    result = engine.draw(old_snapshot, Rules.from_dict(old_rules), row.seed, row.period)
    assert result["version"] == 1
    with db_session.get_engine().begin() as connection:
        connection.execute(
            update(Draw)
            .where(Draw.id == row.id)
            .values(
                rules=old_rules,
                snapshot=old_snapshot,
                snapshot_hash=result["snapshot_hash"],
                draw_key=result["key"],
                result=result,
            )
        )
    old = plans.find_draw(SYSTEM, "2027-01")
    assert verify.verify_csv(old, verify.draw_csv(old)).ok


def test_the_command_line_takes_the_inclusion_rules(draw_world, tmp_path):
    code, content = _draw(tmp_path, "--key-units", "never", "--hazard-units", "always")
    assert code == 0
    row = plans.find_draw(SYSTEM, "2027-01")
    assert (row.rules["key_units"], row.rules["hazard_units"]) == ("never", "always")
    # Key units R003 and R007 are left out of this draw.
    assert b",R003," not in content and b",R007," not in content
    assert manage.main(["draw", "--verify", str(tmp_path / "draw.csv")]) == 0
