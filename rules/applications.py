"""Applications at the front desk (measures 01-03): the clocks and the one-time notice.

- Pre-opening fire-safety check of a public gathering place (公众聚集场所投入使用、营业前消防
  安全检查): the on-site inspection within `INSPECTION_WORKING_DAYS` (10) working days of
  accepting the application, the decision within `DECISION_WORKING_DAYS` (3) working days
  after the inspection (消防监督检查规定, art. 15).
- 容缺受理 (measure 01): an application with documents missing that may be supplemented is
  accepted; the applicant is told once, in one notice (一次性告知书), every missing item, and
  supplements them before the matter is concluded (办结). The detachment gives
  `SUPPLEMENT_WORKING_DAYS` (5) working days from acceptance on the notice (a local choice:
  inside the 10-day inspection clock, so the inspection finds the file complete).
- A document that can be checked internally, through the shared platform or by asking
  another department is never asked of the applicant (it is never on a notice).
- A change of name or legal representative only (measure 02) has no new substantive review:
  no inspection, decided on the four documents.

Pure: the working-day calendar (official, 调休 included) is passed in, as anything with
`add_working_days(start, days)`; what it returns (the moment and whether it is provisional)
is handed back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from rules.deadlines import Deadline_co, WorkingDayCalendar
from rules.time import local

INSPECTION_WORKING_DAYS = 10
DECISION_WORKING_DAYS = 3
SUPPLEMENT_WORKING_DAYS = 5

# How a checklist names each document.
REQUIRED = "required"  # handed in at intake, or the application is not accepted
SUPPLEMENTABLE = "supplementable"  # may be missing at intake: goes on the one-time notice
INTERNAL = "internal"  # checked internally: never asked of the applicant
REQUIREMENTS = (REQUIRED, SUPPLEMENTABLE, INTERNAL)


def inspection_due(calendar: WorkingDayCalendar[Deadline_co], accepted_at: datetime) -> Deadline_co:
    """The end of the 10th working day after the day of acceptance (art. 15)."""
    return calendar.add_working_days(local(accepted_at), INSPECTION_WORKING_DAYS)


def decision_due(calendar: WorkingDayCalendar[Deadline_co], inspected_at: datetime) -> Deadline_co:
    """The end of the 3rd working day after the day of the inspection (art. 15)."""
    return calendar.add_working_days(local(inspected_at), DECISION_WORKING_DAYS)


def supplement_due(calendar: WorkingDayCalendar[Deadline_co], accepted_at: datetime) -> Deadline_co:
    """The supplement deadline printed on the one-time notice."""
    return calendar.add_working_days(local(accepted_at), SUPPLEMENT_WORKING_DAYS)


def missing_required(checklist: Sequence[tuple[str, str]], handed_in: Iterable[str]) -> list[str]:
    """Codes of required documents not handed in: the application cannot be accepted."""
    given = set(handed_in)
    return [code for code, need in checklist if need == REQUIRED and code not in given]


def notice_items(checklist: Sequence[tuple[str, str]], handed_in: Iterable[str]) -> list[str]:
    """Codes for the one-time notice: every supplementable document not handed in, in
    checklist order, and never one checked internally. `checklist` is (code, requirement)."""
    given = set(handed_in)
    return [code for code, need in checklist if need == SUPPLEMENTABLE and code not in given]
