"""On-site inspections: how many officers go.

The Fire Services Law's enforcement rules require at least two law-enforcement officers at
every on-site inspection (现场检查不少于两名执法人员). Bookings default to this headcount,
refuse less, and the planner and complaint tasks ask for it.
"""

from __future__ import annotations

INSPECTORS_REQUIRED = 2
