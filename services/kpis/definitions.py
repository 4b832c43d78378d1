"""The leadership KPIs as defined: each one's code (which names its title and definition in
the catalogue, `kpis.<code>` and `kpis.<code>.help`, shown as the tile's tooltip), its unit,
what it counts, its breakdowns and which direction is better.

How the figures are computed is `services.kpis.engine`, which reads these definitions; a
KPI is added or changed here and in the catalogue, and the engine follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules import complaints as clocks

UNITS = ("count", "rate", "ratio")

# What a KPI's facts are, by `KpiDefinition.counts`.
COUNTS = {
    "served": "bookings of `kinds` done in the period (or their people), by their week's Monday",
    "no_disruption": "scheduled bookings of published plans starting in a time the unit accepts",
    "complaints": "complaint cases of `clock` first verified on site in time, of those decided",
    "satisfaction": "counted reviews that are satisfied (the satisfaction trends' definition)",
    "rectified": "bad-review cases closed by their deadline (upheld appeals left out)",
    "offhours_load": "published plans' off-hours minutes per person: the peak over the mean",
    "coverage": "published plans' tasks placed, of all tasks to place",
    "draws_on_time": "draw periods beginning in the period whose first draw was made before",
    "drawn_inspected": "units drawn for periods beginning in the period that were inspected",
    "applications": "applications accepted in the period, as `measure` counts them "
    "(services.kpis.applications.MEASURES)",
    "simple_fires": "small fires registered by the simple procedure, by the day they broke out",
    "results_published": "random inspections of the period whose result was public (recorded)"
    " within rules.draws.RESULT_DISCLOSURE_WORKING_DAYS working days",
}

TRAININGS = ("training", "drill")


@dataclass(frozen=True)
class KpiDefinition:
    code: str
    unit: str  # one of UNITS
    counts: str  # a key of COUNTS
    # "served": the booking kinds counted, and whether bookings ("count") or their people;
    # "applications": what is counted of each application accepted (accepted, with_notice, ...).
    kinds: tuple[str, ...] = ()
    measure: str = "count"
    # "complaints": which complaint clock (rules.complaints.CLOCKS).
    clock: str | None = None
    breakdowns: tuple[str, ...] = ("district",)
    higher_is_better: bool = True

    @property
    def name_key(self) -> str:
        return f"kpis.{self.code}"

    @property
    def help_key(self) -> str:
        return f"kpis.{self.code}.help"


DEFINITIONS: tuple[KpiDefinition, ...] = (
    KpiDefinition("offhours_inspections", "count", "served", kinds=("offhours_inspection",)),
    KpiDefinition("trainings", "count", "served", kinds=TRAININGS),
    KpiDefinition("training_participants", "count", "served", kinds=TRAININGS, measure="people"),
    KpiDefinition("tours", "count", "served", kinds=("station_tour",)),
    KpiDefinition("tour_visitors", "count", "served", kinds=("station_tour",), measure="people"),
    KpiDefinition("expert_visits", "count", "served", kinds=("expert_visit",)),
    KpiDefinition("no_disruption", "rate", "no_disruption"),
    KpiDefinition("complaints_24h", "rate", "complaints", clock=clocks.URGENT_CLOCK),
    KpiDefinition("complaints_3d", "rate", "complaints", clock=clocks.WORKING_DAY_CLOCK),
    KpiDefinition("satisfaction", "rate", "satisfaction", breakdowns=("district", "station")),
    KpiDefinition("rectified_on_time", "rate", "rectified", breakdowns=()),
    KpiDefinition(
        "offhours_fairness",
        "ratio",
        "offhours_load",
        breakdowns=("district", "station"),
        higher_is_better=False,
    ),
    KpiDefinition("plan_coverage", "rate", "coverage"),
    KpiDefinition("draws_on_time", "rate", "draws_on_time", breakdowns=()),
    KpiDefinition("drawn_inspected", "rate", "drawn_inspected"),
    KpiDefinition(
        "applications_accepted",
        "count",
        "applications",
        measure="accepted",
        breakdowns=("district", "state"),
    ),
    KpiDefinition(
        "applications_with_notice",
        "count",
        "applications",
        measure="with_notice",
        breakdowns=("district", "state"),
    ),
    KpiDefinition(
        "applications_inspected_on_time", "rate", "applications", measure="inspected_on_time"
    ),
    KpiDefinition(
        "applications_decided_on_time", "rate", "applications", measure="decided_on_time"
    ),
    KpiDefinition("applications_by_post", "rate", "applications", measure="by_post"),
    KpiDefinition("simple_fires", "count", "simple_fires"),
    KpiDefinition("results_published_on_time", "rate", "results_published"),
)
BY_CODE = {d.code: d for d in DEFINITIONS}


def definition(code: str) -> KpiDefinition:
    return BY_CODE[code]
