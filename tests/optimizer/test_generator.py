"""The week generator: deterministic, scaled by staff and load, and structurally valid."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter

import pytest

from optimizer.generator import HORIZON, generate_week

KINDS = {
    "offhours_inspection",
    "training",
    "drill",
    "station_tour",
    "complaint_check",
    "follow_up",
    "random_inspection",
    "expert_visit",
    "outreach",
}


def _assert_structurally_valid(week: dict) -> None:
    """Every rule of the contract that an instance (not a plan) can break."""
    assert week["schema"] == "firedesk.instance/1"
    slot = week["slot_minutes"]
    assert 1440 % slot == 0

    districts = week["districts"]
    travel = week["travel_minutes"]
    assert len(travel) == len(districts)
    for i, row in enumerate(travel):
        assert len(row) == len(districts)
        for j, minutes in enumerate(row):
            assert minutes == travel[j][i] > 0, "travel must be symmetric and positive"

    for a, b in week["offhours"]:
        assert 0 <= a < b <= HORIZON

    location_ids = [loc["id"] for loc in week["locations"]]
    assert len(set(location_ids)) == len(location_ids)
    assert all(loc["district"] in districts for loc in week["locations"])
    assert len({loc["name"] for loc in week["locations"]}) == len(location_ids)

    staff = {s["id"]: s for s in week["staff"]}
    assert len(staff) == len(week["staff"])
    for person in week["staff"]:
        assert person["base"] in location_ids
        assert person["skills"]
        previous_end = -1
        for a, b in person["available"]:
            # Sorted, disjoint and not touching: touching periods must be one interval.
            assert previous_end < a < b <= HORIZON or previous_end == -1 and 0 <= a < b
            previous_end = b
        assert 2400 <= person["max_minutes"] <= 2700

    resources = {r["id"]: r for r in week["resources"]}
    assert all(r["capacity"] >= 1 for r in resources.values())

    task_ids = [t["id"] for t in week["tasks"]]
    assert len(set(task_ids)) == len(task_ids)
    for task in week["tasks"]:
        assert task["kind"] in KINDS
        assert task["location"] in location_ids
        assert task["duration"] > 0 and task["headcount"] >= 1 and task["priority"] >= 1
        assert task["windows"]
        for w in task["windows"]:
            assert 0 <= w["start"] < w["end"] <= HORIZON
            assert w["cost"] >= 0
            first_start = -(-w["start"] // slot) * slot
            assert first_start + task["duration"] <= w["end"], f"{task['id']}: no grid start fits"
        qualified = [
            s for s in week["staff"] if task["skill"] in s["skills"] and
            (task.get("eligible") is None or s["id"] in task["eligible"])
        ]  # fmt: skip
        assert len(qualified) >= task["headcount"], f"{task['id']}: too few qualified staff"
        for sid in task.get("eligible") or []:
            assert sid in staff
        if "resource" in task:
            assert task["resource"] in resources
        assert "pinned" not in task and "previous" not in task


@pytest.mark.parametrize(
    ("staff", "load", "seed", "slot"),
    [(60, 1.0, 0, 30), (60, 1.45, 3, 15), (5, 1.0, 1, 60), (17, 0.3, 2, 20), (150, 1.0, 4, 30)],
)
def test_generated_weeks_are_structurally_valid(
    staff: int, load: float, seed: int, slot: int
) -> None:
    week = generate_week(staff=staff, load=load, seed=seed, slot_minutes=slot)
    _assert_structurally_valid(week)
    assert json.loads(json.dumps(week, ensure_ascii=False)) == week


@pytest.mark.skipif(
    importlib.util.find_spec("optimizer.contract") is None,
    reason="optimizer.contract not there yet",
)
@pytest.mark.parametrize("seed", [0, 1])
def test_generated_week_parses_under_the_contract(seed: int) -> None:
    from optimizer.contract import parse_instance

    instance = parse_instance(generate_week(seed=seed))
    assert len(instance.tasks) == len(generate_week(seed=seed)["tasks"])


def test_same_seed_same_week_other_seed_other_week() -> None:
    assert generate_week(seed=7) == generate_week(seed=7)
    assert generate_week(seed=7)["tasks"] != generate_week(seed=8)["tasks"]


def test_sizes_scale_with_staff_and_load() -> None:
    city = generate_week(staff=60)
    busy = generate_week(staff=60, load=1.45)
    province = generate_week(staff=300)
    assert len(city["staff"]) == 60 and len(province["staff"]) == 300
    assert 265 <= len(city["tasks"]) <= 285
    assert 390 <= len(busy["tasks"]) <= 410
    assert 1330 <= len(province["tasks"]) <= 1430

    def stations(week: dict) -> int:
        return sum(loc["name"].endswith("消防救援站") for loc in week["locations"])

    assert stations(city) == 12 and stations(province) == 60
    assert Counter(t["kind"] for t in city["tasks"]).keys() == KINDS


def test_default_week_has_the_contract_offhours() -> None:
    # The same off-hours as the contract's tiny example for the week of 2026-11-30.
    week = generate_week()
    assert week["offhours"] == [
        [0, 510],
        [1050, 1950],
        [2490, 3390],
        [3930, 4830],
        [5370, 6270],
        [6810, 10080],
    ]


def test_national_day_week_follows_the_holiday_calendar() -> None:
    pytest.importorskip("chinese_calendar")
    # 2026-10-05..07 are holidays; Saturday 10-10 is a make-up working day (调休).
    week = generate_week(week_start="2026-10-05")
    assert week["offhours"][0] == [0, 3 * 1440 + 510]
    saturday = 5 * 1440
    assert [saturday - 1440 + 1050, saturday + 510] in week["offhours"]


def test_domain_shape_of_the_city_week() -> None:
    week = generate_week(staff=60, seed=5)
    staff = {s["id"]: s for s in week["staff"]}
    hq = [s for s in week["staff"] if s["base"] == "HQ"]
    assert 15 <= len(hq) <= 21, "about 30% office-hours supervisors"
    for task in week["tasks"]:
        kind = task["kind"]
        if kind in ("offhours_inspection", "complaint_check", "random_inspection"):
            assert task["skill"] == "inspector" and task["headcount"] == 2
        if kind == "complaint_check":
            assert task["priority"] == 10
        if kind == "station_tour":
            # Only the station's own guides, in the station's own visitor hall.
            assert all(staff[g]["base"] == task["location"] for g in task["eligible"])
            assert task["resource"] == f"hall-{task['location']}"
        if kind == "offhours_inspection":
            assert min(w["cost"] for w in task["windows"]) == 0
            assert all(w["cost"] == 0 or 20 <= w["cost"] <= 60 for w in task["windows"])
        if kind == "follow_up":
            assert task["duration"] == 30
            if task["location"] == "HQ":  # by video from the service window: no travel
                assert all(staff[s]["base"] == "HQ" for s in task["eligible"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"staff": 2}, "staff"),
        ({"load": 0}, "load"),
        ({"slot_minutes": 7}, "slot_minutes"),
        ({"week_start": "2026-12-01"}, "Monday"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_week(**kwargs)


def test_a_week_of_spring_festival_holidays_still_generates() -> None:
    pytest.importorskip("chinese_calendar")
    # 2026-02-16..22 are all holidays: no office hours at all, but bookings still come in.
    week = generate_week(week_start="2026-02-16")
    assert week["offhours"] == [[0, HORIZON]]
    _assert_structurally_valid(week)


# -- named scenarios ----------------------------------------------------------------------

SCENARIO_SIZES = {
    # name: (staff, tasks, slot minutes)
    "city": (60, 275, 30),
    "city-overload": (60, 275, 30),
    "busy": (60, 410, 15),
    "county": (150, 700, 30),
    "province": (300, 1400, 30),
}


def test_the_scenarios_are_the_benchmarks_weeks() -> None:
    from optimizer.generator import SCENARIOS

    assert set(SCENARIOS) == set(SCENARIO_SIZES)


@pytest.mark.parametrize("name", sorted(SCENARIO_SIZES))
def test_each_scenario_has_its_size_and_grid(name: str) -> None:
    from optimizer.generator import generate_scenario

    staff, tasks, slot = SCENARIO_SIZES[name]
    week = generate_scenario(name, seed=1)
    assert len(week["staff"]) == staff
    assert abs(len(week["tasks"]) - tasks) <= 2
    assert week["slot_minutes"] == slot
    assert f"[{name}]" in week["name"]
    _assert_structurally_valid(week)
    assert generate_scenario(name, seed=1) == week


def test_the_under_capacity_city_is_the_default_week() -> None:
    from optimizer.generator import generate_scenario

    week = generate_scenario("city", seed=4)
    plain = generate_week(staff=60, load=275 / (4.6 * 60), seed=4)
    assert week["tasks"] == plain["tasks"] and week["staff"] == plain["staff"]


def _unplanned_share(week: dict) -> float:
    from optimizer.baseline import baseline_plan
    from optimizer.contract import parse_instance

    plan = baseline_plan(parse_instance(week))
    return len(plan.unscheduled) / len(week["tasks"])


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_city_overload_leaves_15_to_25_percent_to_the_baseline(seed: int) -> None:
    from optimizer.generator import generate_scenario

    share = _unplanned_share(generate_scenario("city-overload", seed=seed))
    assert 0.15 <= share <= 0.25, f"baseline leaves {share:.1%} unplanned"


def test_the_under_capacity_city_leaves_almost_nothing_unplanned() -> None:
    from optimizer.generator import generate_scenario

    assert _unplanned_share(generate_scenario("city", seed=0)) < 0.05


def test_overload_makes_the_scarce_groups_scarce() -> None:
    """What makes real weeks over capacity: guides, halls, experts, agreed evenings."""
    from optimizer.generator import generate_scenario
    from optimizer.model import OffHours

    def shape(week: dict) -> dict:
        off = OffHours(week["offhours"])
        hq = [s for s in week["staff"] if s["base"] == "HQ"]
        inspectors = [s for s in week["staff"] if "inspector" in s["skills"]]
        return {
            "guides": sum("guide" in s["skills"] for s in week["staff"]),
            "hall places": sum(r["capacity"] for r in week["resources"]),
            "experts": sum("expert" in s["skills"] for s in week["staff"]),
            "trainers": sum("trainer" in s["skills"] for s in week["staff"]),
            "hq evening minutes": sum(
                off.minutes(a, b) for s in hq if s in inspectors for a, b in s["available"]
            ),
            "evening inspections": sum(t["kind"] == "offhours_inspection" for t in week["tasks"]),
        }

    city, overload = (shape(generate_scenario(n, seed=2)) for n in ("city", "city-overload"))
    stations = 12
    assert overload["hall places"] == stations < city["hall places"]
    assert overload["guides"] < city["guides"]
    assert overload["guides"] <= 1.5 * stations  # mostly one guide per station
    assert overload["experts"] <= city["experts"]
    assert overload["trainers"] < city["trainers"]
    assert overload["hq evening minutes"] < city["hq evening minutes"]
    assert overload["evening inspections"] > city["evening inspections"]


def test_unknown_scenario_is_refused_with_the_known_names() -> None:
    from optimizer.generator import generate_scenario

    with pytest.raises(ValueError, match="city-overload"):
        generate_scenario("metropolis")


def test_generate_command_with_a_scenario(tmp_path) -> None:
    import subprocess
    import sys

    from opt_helpers import REPO_ROOT

    from optimizer.generator import generate_scenario

    out = tmp_path / "week.json"
    result = subprocess.run(
        [sys.executable, "-m", "optimizer", "generate", "--scenario", "city-overload"]
        + ["--seed", "3", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == generate_scenario("city-overload", 3)
    assert "60 staff, 275 tasks" in result.stdout


def test_generate_command_lists_every_scenario() -> None:
    from optimizer.__main__ import build_parser
    from optimizer.generator import SCENARIOS

    parser = build_parser()
    generate = parser._subparsers._group_actions[0].choices["generate"]
    (action,) = [a for a in generate._actions if a.dest == "scenario"]
    assert list(action.choices) == list(SCENARIOS)


def test_the_city_is_one_consistent_liaoyang() -> None:
    from optimizer import city

    n = len(city.DISTRICTS)
    assert len(set(city.DISTRICTS)) == n == len(city.TRAVEL_MINUTES) == len(city.DISTRICT_WEIGHTS)
    assert set(city.URBAN_DISTRICTS) < set(city.DISTRICTS)
    assert city.OFFICE_DISTRICT in city.URBAN_DISTRICTS
    assert abs(sum(city.DISTRICT_WEIGHTS) - 1) < 1e-9
    for i, a in enumerate(city.DISTRICTS):
        row = city.TRAVEL_MINUTES[i]
        assert len(row) == n
        # Travel inside a district is shorter than to any other one.
        assert all(row[i] < row[j] for j in range(n) if j != i), a
        for j, b in enumerate(city.DISTRICTS):
            assert city.travel_minutes(a, b) == row[j] == city.TRAVEL_MINUTES[j][i] > 0


def test_generated_weeks_are_set_in_the_shared_city() -> None:
    from optimizer import city

    week = generate_week(staff=20, load=0.5, seed=5)
    assert week["districts"] == list(city.DISTRICTS)
    assert week["travel_minutes"] == [list(row) for row in city.TRAVEL_MINUTES]
    assert {loc["district"] for loc in week["locations"]} <= set(city.DISTRICTS)
