"""optimizer.summary: what a plan contributes to the KPIs, counted by hand."""

from optimizer.summary import SUMMARY_FORMAT, summarize

INSTANCE = {
    "offhours": [[1020, 1440], [1400, 1500]],  # overlapping intervals count once
    "locations": [
        {"id": "ST01", "name": "白塔站", "district": "白塔区"},
        {"id": "U01", "name": "白塔商场", "district": "白塔区"},
        {"id": "U02", "name": "文圣酒店", "district": "文圣区"},
    ],
    "staff": [{"id": "E1", "base": "ST01"}, {"id": "E2", "base": "ST01"}],
    "tasks": [
        {
            "id": "B7",
            "location": "U01",
            "duration": 60,
            "windows": [
                {"start": 1080, "end": 1200, "cost": 0},
            ],
        },
        {
            "id": "B8",
            "location": "U02",
            "duration": 90,
            "windows": [
                {"start": 600, "end": 720, "cost": 0},
                {"start": 1000, "end": 1300, "cost": 3},
            ],
        },
        {
            "id": "R1",
            "location": "U02",
            "duration": 30,
            "windows": [
                {"start": 0, "end": 10080, "cost": 0},
            ],
        },
    ],
}
PLAN = {
    "assignments": [
        {"task": "B7", "start": 1080, "staff": ["E1", "E2"]},  # preferred; 60 off-hours each
        {"task": "B8", "start": 1000, "staff": ["E1"]},  # cost-3 window; 1020-1090 = 70 off
    ],
    "unscheduled": [{"task": "R1", "reasons": []}],
}


def test_tasks_say_whether_planned_when_and_in_a_preferred_window():
    summary = summarize(INSTANCE, PLAN)
    assert summary["format"] == SUMMARY_FORMAT
    assert summary["tasks"] == [
        ["B7", "白塔区", True, 1080, True],
        ["B8", "文圣区", True, 1000, False],
        ["R1", "文圣区", False, None, None],
    ]


def test_staff_carry_their_off_hours_minutes_and_base():
    staff = summarize(INSTANCE, PLAN)["staff"]
    assert staff == [["E1", "白塔区", "白塔站", 60 + 70], ["E2", "白塔区", "白塔站", 60]]


def test_an_empty_plan_summarizes_every_task_as_unplanned():
    summary = summarize(INSTANCE, {"assignments": [], "unscheduled": []})
    assert [row[2] for row in summary["tasks"]] == [False, False, False]
    assert [row[3] for row in summary["staff"]] == [0, 0]
