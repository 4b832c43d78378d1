"""The fictional Liaoyang both the demo detachment and the synthetic weeks are set in.

Pure data, no imports: its districts, the road minutes between them and how the
detachment's stations and served units spread over them. `demo/` writes these into the
database; `optimizer.generator` writes them into the weeks it generates.
"""

from __future__ import annotations

# The four city districts first, then the two county-level areas.
URBAN_DISTRICTS = ("白塔区", "文圣区", "宏伟区", "太子河区")
DISTRICTS = (*URBAN_DISTRICTS, "弓长岭区", "辽阳县", "灯塔市")

# Road minutes between district centres (symmetric; the diagonal is travel inside one).
# The four central districts touch; 弓长岭区 sits in the hills to the south-east, nearest
# to 宏伟区; 辽阳县 wraps around the city (its seat, 首山, is close to 太子河区 and 白塔区)
# and 灯塔市 lies up the Shenyang road, so both county-level areas are farther away and
# also larger inside.
TRAVEL_MINUTES = (
    (10, 20, 25, 20, 45, 35, 45),
    (20, 12, 25, 25, 40, 35, 50),
    (25, 25, 12, 30, 35, 40, 55),
    (20, 25, 30, 12, 50, 30, 45),
    (45, 40, 35, 50, 15, 50, 60),
    (35, 35, 40, 30, 50, 25, 55),
    (45, 50, 55, 45, 60, 55, 20),
)

# Share of stations and of served units per district (population-weighted).
DISTRICT_WEIGHTS = (0.26, 0.15, 0.10, 0.12, 0.06, 0.15, 0.16)

# The detachment's headquarters (支队机关), where the supervisors and the service window sit.
OFFICE_NAME = "辽阳市消防救援支队机关"
OFFICE_DISTRICT = "白塔区"


def travel_minutes(origin: str, destination: str) -> int:
    """Road minutes from one district's centre to another's."""
    return TRAVEL_MINUTES[DISTRICTS.index(origin)][DISTRICTS.index(destination)]
