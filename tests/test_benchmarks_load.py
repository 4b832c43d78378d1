"""The load benchmark's harness (benchmarks/load.py) in its smallest configuration, so it
cannot rot between full runs. No timing is asserted: speed is the benchmark's business."""

import subprocess
import sys

import pytest

from benchmarks import load


def test_the_sampler_charges_a_busy_process_to_its_group():
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        with load.CpuSampler(busy.pid, None, interval=0.05) as sampler:
            subprocess.run([sys.executable, "-c", "import time; time.sleep(1)"], check=True)
        cores = sampler.cores()
    finally:
        busy.kill()
        busy.wait()
    assert set(cores) >= {"server", "chromium", "driver", "machine", "others"}
    assert cores["server"] > 0.05  # a spinning process, even on a crowded machine
    assert cores["server"] > cores["driver"]
    assert cores["machine"] >= cores["server"] * 0.9


def test_the_report_names_every_failure():
    run = load.Run("sqlite", 2, True, "shared", logins_s=[1.0, 2.0], solve_running_after=True)
    run.pages = {"kpis": [0.5, 0.7], "complaints": [0.9], "planning": []}
    run.failures = ["load02 complaints: TimeoutError", "load01 planning: TimeoutError"]
    text = load.render(
        {
            "revision": "abc",
            "host": "h",
            "cpus": 2,
            "stagger": 1.0,
            "build_s": {"sqlite": 5.0},
            "load_before": 0.5,
            "load_after": 1.0,
            "runs": [load.asdict(run)],
        }
    )
    row = next(line for line in text.splitlines() if line.startswith("| sqlite"))
    assert "| running | 2 | shared | 0.60 / 0.70 | 0.90 / 0.90 | — | 0.90 |" in row
    assert "| 2 |" in row  # failures counted
    assert "- sqlite 2: load02 complaints: TimeoutError" in text


@pytest.mark.e2e
@pytest.mark.slow
def test_one_person_on_sqlite_draws_every_page():
    result = load.run_all([1], ["sqlite"], [False], ["shared"], stagger=0.0)
    [run] = result["runs"]
    assert (run["backend"], run["people"], run["solve"], run["browsers"]) == (
        "sqlite",
        1,
        False,
        "shared",
    )
    assert run["failures"] == []
    assert list(run["pages"]) == [spec.url_path for spec in load.PAGES]
    for times in run["pages"].values():
        assert len(times) == 1 and 0 < times[0] < load.PAGE_TIMEOUT_S
    assert len(run["logins_s"]) == 1
    assert run["cpu"]["server"] > 0  # the streamlit process did the pages' work
    assert run["cpu"]["chromium"] > 0
    assert "database" not in run["cpu"]  # SQLite runs inside the server
    assert "| sqlite | — | 1 | shared |" in load.render(result)
