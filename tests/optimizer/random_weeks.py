"""Small random weeks for brute force and property tests (no dependency on the generator)."""

from __future__ import annotations

import random

from opt_helpers import instance, person, task


def random_week(seed: int, staff: int = 3, tasks: int = 3, horizon: int = 600) -> dict:
    rnd = random.Random(seed)
    skills = ["a", "b"]
    people = []
    for i in range(staff):
        start = rnd.choice([0, 30, 60])
        people.append(
            person(
                f"P{i}",
                skills=rnd.sample(skills, rnd.randint(1, 2)),
                available=[(start, start + rnd.choice([180, 300, horizon]))],
                base=rnd.choice(["HQ", "FAR"]),
                max_minutes=rnd.choice([120, 240, 10080]),
            )
        )
    jobs = []
    for j in range(tasks):
        windows = []
        for _ in range(rnd.randint(1, 2)):
            a = rnd.randrange(0, horizon - 120, 30)
            windows.append((a, a + rnd.choice([60, 120, 180]), rnd.choice([0, 10, 40])))
        extra = {}
        if rnd.random() < 0.3:
            extra["resource"] = "hall"
        if rnd.random() < 0.2:
            extra["eligible"] = [p["id"] for p in rnd.sample(people, min(2, len(people)))]
        jobs.append(
            task(
                f"T{j}",
                windows=windows,
                duration=rnd.choice([30, 60]),
                skill=rnd.choice(skills),
                headcount=rnd.choice([1, 1, 2]),
                priority=rnd.randint(1, 3),
                location=rnd.choice(["HQ", "NEAR", "FAR"]),
                **extra,
            )
        )
    data = instance(
        people,
        jobs,
        resources=[{"id": "hall", "capacity": 1}],
        offhours=[[0, 90], [480, 10080]],
    )
    data["weights"] = {"unscheduled": 100, "offhours_peak": rnd.choice([0, 1, 3]), "change": 20}
    return data
