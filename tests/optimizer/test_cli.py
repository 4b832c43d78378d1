"""The command line, run as users run it: python -m optimizer ..."""

from __future__ import annotations

import json
import subprocess
import sys

from opt_helpers import REPO_ROOT, TINY, instance, person, task


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimizer", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )


def test_solve_writes_a_plan_and_prints_the_summary(tmp_path):
    out = tmp_path / "plan.json"
    result = run("solve", str(TINY), "--time-limit", "10", "--lang", "en", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "status: OPTIMAL" in result.stdout
    assert "objective: 8180" in result.stdout
    assert "Off-hours peak: 180" in result.stdout
    assert "gap: 0.0%" in result.stdout and "unscheduled: 1" in result.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "firedesk.plan/1" and doc["objective"] == 8180
    assert "hall-S01" in doc["unscheduled"][0]["reasons"][0]
    assert "Mon 09:30" in doc["unscheduled"][0]["reasons"][0]

    checked = run("validate", str(TINY), str(out))
    assert checked.returncode == 0
    assert "feasible; objective 8180" in checked.stdout


def test_solve_without_out_prints_json_in_chinese():
    result = run("solve", str(TINY), "--time-limit", "5")
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert "周一 09:30" in doc["unscheduled"][0]["reasons"][0]
    assert "objective: 8180" in result.stderr


def test_validate_lists_each_violation(tmp_path):
    plan = {
        "schema": "firedesk.plan/1",
        "assignments": [
            {"task": "T4", "start": 570, "staff": ["E04"]},
            {"task": "T5", "start": 600, "staff": ["E01"]},
        ],
        "unscheduled": [{"task": t, "reasons": []} for t in ("T1", "T2", "T3", "T6")],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    result = run("validate", str(TINY), str(path))
    assert result.returncode == 1
    assert "rule 2 [T5 / E01]" in result.stdout  # E01 is no guide
    assert "rule 6 [T5" in result.stdout  # the hall is taken


def test_bad_instance_exits_2_with_every_error(tmp_path):
    data = instance([person("P1", base="MARS")], [task("T1", location="NOWHERE", duration=0)])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("solve", str(path))
    assert result.returncode == 2
    for word in ("MARS", "NOWHERE", "duration"):
        assert word in result.stderr


def test_baseline_command(tmp_path):
    out = tmp_path / "base.json"
    result = run("baseline", str(TINY), "--out", str(out))
    assert result.returncode == 0
    assert "objective: 8220" in result.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "FEASIBLE"


def test_generate_command(tmp_path):
    out = tmp_path / "week.json"
    result = run("generate", "--staff", "20", "--load", "0.5", "--seed", "1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "firedesk.instance/1" and len(data["staff"]) == 20


def test_solve_with_fixed_lns_rounds_repeats_its_plan(tmp_path):
    week = tmp_path / "week.json"
    made = run("generate", "--staff", "12", "--load", "1.2", "--seed", "4", "--out", str(week))
    assert made.returncode == 0, made.stderr
    docs = []
    for i in range(2):
        out = tmp_path / f"plan{i}.json"
        args = ("--lns-rounds", "5", "--workers", "1", "--seed", "3", "--out", str(out))
        result = run("solve", str(week), "--time-limit", "100", *args)
        assert result.returncode == 0, result.stderr
        docs.append(json.loads(out.read_text(encoding="utf-8")))
    assert docs[0]["stats"]["lns"]["rounds"] == 5
    assert docs[0]["assignments"] == docs[1]["assignments"]
