"""Explanations name the people, tasks, times and resources that block a task."""

from __future__ import annotations

from opt_helpers import instance, person, solve_dict, task, tiny_data

from optimizer.baseline import baseline_plan
from optimizer.contract import parse_instance
from optimizer.explain import Reason, explain_unscheduled, format_minute


def reasons(data: dict, lang: str = "en") -> dict[str, list[str]]:
    plan, _ = solve_dict(data, lang=lang)
    return {u.task: u.reasons for u in plan.unscheduled}


def test_format_minute_in_both_languages():
    assert format_minute(1 * 1440 + 19 * 60, "zh-CN") == "周二 19:00"
    assert format_minute(1 * 1440 + 19 * 60, "en") == "Tue 19:00"
    assert format_minute(6 * 1440 + 5, "en") == "Sun 00:05"


def test_tiny_hall_is_booked_by_the_other_tour():
    en = reasons(tiny_data(), "en")["T5"][0]
    assert "hall-S01" in en and "T4" in en and "Mon 09:30" in en
    zh = reasons(tiny_data(), "zh-CN")["T5"][0]
    assert "hall-S01" in zh and "周一 09:30" in zh


def test_no_one_holds_the_skill():
    data = instance([person("P1")], [task("T1", skill="diver")])
    assert reasons(data)["T1"] == ["no one holds the skill diver"]


def test_too_few_qualified_names_them():
    data = instance([person("P1"), person("P2", skills=["x"])], [task("T1", headcount=2)])
    text = reasons(data)["T1"][0]
    assert "needs 2" in text and "name-P1 (P1)" in text


def test_no_guide_of_the_station_on_duty_at_the_booked_time():
    tue_19 = 1440 + 19 * 60
    data = instance(
        [person("G1", skills=["guide"], available=[(0, 1440)])],
        [
            task(
                "T1",
                skill="guide",
                location="NEAR",
                eligible=["G1"],
                windows=[(tue_19, tue_19 + 90, 0)],
            )
        ],
    )
    data["staff"][0]["available"] = [[0, 1440], [2 * 1440, 3 * 1440]]  # Mon and Wed
    text = reasons(data)["T1"][0]
    assert text.startswith("no guide of Near on duty at the booked time (Tue 19:00–20:30)")
    zh = reasons(data, "zh-CN")["T1"][0]
    assert "周二 19:00–20:30" in zh and "讲解员" in zh


def test_every_window_closes_before_anyone_qualified_is_free():
    data = instance(
        [person("P1", available=[(3000, 4000)])],
        [task("T1", windows=[(0, 600, 0), (1000, 1500, 5)])],
    )
    text = reasons(data)["T1"][0]
    assert text.startswith("every window closes before anyone qualified is free")
    assert "last window ends Tue 01:00" in text  # minute 1500
    assert "first qualified person free Wed 02:00" in text  # minute 3000


def test_both_qualified_inspectors_are_at_the_pinned_inspection():
    tue_19 = 1440 + 19 * 60
    evening = [(tue_19, tue_19 + 120, 0)]
    two_hours = {"skill": "inspector", "headcount": 2, "windows": evening, "duration": 120}
    data = instance(
        [person("E1", skills=["inspector"]), person("E2", skills=["inspector"])],
        [
            task("T0123", pinned={"start": tue_19, "staff": ["E1", "E2"]}, **two_hours),
            task("T0200", **two_hours),
        ],
    )
    text = reasons(data)["T0200"][0]
    assert "the 2 qualified inspector available at Tue 19:00 are all busy" in text
    assert "name-E1 (E1) at T0123 Tue 19:00" in text
    assert "name-E2 (E2) at T0123 Tue 19:00" in text


def test_weekly_hours_used_up():
    data = instance(
        [person("P1", max_minutes=100)],
        [
            task("T1", windows=[(0, 60, 0)], priority=5),
            task("T2", windows=[(120, 180, 0)], priority=1),
        ],
    )
    text = reasons(data)["T2"][0]
    assert "used up their weekly hours" in text and "P1" in text


def test_left_out_because_planning_costs_more():
    # Planning T1 would move the only person's 60 evening minutes onto the peak at
    # weight 50: 3000 > the unscheduled penalty 1000.
    data = instance([person("P1")], [task("T1", windows=[(1080, 1140, 0)])])
    data["weights"]["offhours_peak"] = 50
    text = reasons(data)["T1"][0]
    assert "fits at Mon 18:00" in text and "off-hours peak +3000" in text


def test_structured_reasons_render_in_both_languages():
    inst = parse_instance(tiny_data())
    plan = baseline_plan(inst, lang="en")
    found = explain_unscheduled(inst, plan)
    reason = found["T5"][0]
    assert isinstance(reason, Reason) and reason.code == "resource_booked"
    assert reason.params["tasks"] == [("T4", 570)]
    assert "已被" in reason.render("zh-CN")
    assert plan.unscheduled[0].reasons == [r.render("en") for r in found["T5"]]
