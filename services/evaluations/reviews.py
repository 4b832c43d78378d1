"""Service evaluations (好差评): entry, import of the evaluation platform's export, listing.

Every evaluation is written by `add_evaluation`, which also opens a rectification case for
a bad review, so the form, the import and a follow-up result all follow the same rules.
Reviewer names and phones are shown masked in every list, for every role; one reviewer
is revealed only on request, audited (`reveal_reviewer`, `services.core.privacy`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Evaluation, Location, RectificationCase, Staff
from db.models.evaluations import BAD_LEVELS, CHANNELS, DIMENSIONS, LEVELS, SERVICES
from db.session import read_session
from rules.time import TIME_ZONE, local
from rules.weeks import monday_of, month_of
from services.core.clock import now
from services.core.config import LANGUAGES
from services.core.errors import FiredeskError, Problems, ValidationError
from services.core.imports import RunCounts, recorded_import
from services.core.permissions import Actor, require
from services.core.privacy import Revealed, masked_name, masked_phone
from services.core.spreadsheet import plausible_date, read_rows
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_phone, normalize_phone
from services.evaluations.bad_review_cases import (
    open_case_for,
    reveal_evaluation,
    seed_calendar_for,
)
from services.i18n import t

COMMENT_MAX = 1000


@dataclass
class EvaluationInput:
    evaluated_at: datetime | None
    level: int | None
    channel: str
    service: str
    station_id: int | None = None
    window_name: str = ""
    officer_id: int | None = None
    scores: dict[str, int | None] = field(default_factory=dict)
    comment: str = ""
    anonymous: bool = True
    reviewer_name: str = ""
    reviewer_phone: str = ""
    external_id: str | None = None


def check_evaluation(problems: Problems, data: EvaluationInput) -> None:
    """Field rules shared by the form, the import and follow-up results."""
    if data.evaluated_at is None:
        problems.add("eval_time", "error.required")
    elif local(data.evaluated_at) > now() + timedelta(minutes=5):
        problems.add("eval_time", "evaluations.error.future")
    if data.level not in LEVELS:
        problems.add("eval_level", "error.choice", value=data.level)
    if data.channel not in CHANNELS:
        problems.add("eval_channel", "error.choice", value=data.channel)
    if data.service not in SERVICES:
        problems.add("eval_service", "error.choice", value=data.service)
    for dimension in DIMENSIONS:
        score = data.scores.get(dimension)
        if score is not None and not 1 <= score <= 5:
            problems.add(f"score_{dimension}", "error.range", low=1, high=5, value=score)
    if len(data.comment or "") > COMMENT_MAX:
        problems.add("eval_comment", "error.too_long", max=COMMENT_MAX)
    if not data.anonymous:
        if not (data.reviewer_name or "").strip():
            problems.add("reviewer_name", "evaluations.error.real_name")
        check_phone(problems, "reviewer_phone", data.reviewer_phone, required=True)
    if len(data.window_name or "") > 60:
        problems.add("window_name", "error.too_long", max=60)


def add_evaluation(session: Session, data: EvaluationInput, source: str) -> Evaluation:
    """Write a checked evaluation; a bad review opens its rectification case."""
    day = local(data.evaluated_at).date()
    evaluation = Evaluation(
        evaluated_at=local(data.evaluated_at),
        week_start=monday_of(day),
        month_start=month_of(day),
        level=data.level,
        channel=data.channel,
        service=data.service,
        station_id=data.station_id,
        window_name=(data.window_name or "").strip(),
        officer_id=data.officer_id,
        comment=(data.comment or "").strip(),
        anonymous=data.anonymous,
        reviewer_name=None if data.anonymous else data.reviewer_name.strip(),
        reviewer_phone=None if data.anonymous else normalize_phone(data.reviewer_phone),
        source=source,
        external_id=data.external_id,
        **{f"score_{d}": data.scores.get(d) for d in DIMENSIONS},
    )
    session.add(evaluation)
    session.flush()
    if evaluation.level in BAD_LEVELS:
        open_case_for(session, evaluation)
    return evaluation


def record_evaluation(actor: Actor, data: EvaluationInput) -> int:
    """The entry form: one evaluation typed in from a rating device, a call or a slip."""
    require(actor, "evaluations.write")
    problems = Problems()
    check_evaluation(problems, data)
    problems.raise_if_any()
    seed_calendar_for([data.evaluated_at])
    with unit_of_work(actor) as session:
        return add_evaluation(session, data, "manual").id


# --- import -----------------------------------------------------------------------------

# Header of the evaluation platform's export → field; English headers are accepted too.
IMPORT_COLUMNS = {
    "评价编号": "external_id",
    "评价时间": "evaluated_at",
    "评价等级": "level",
    "评价渠道": "channel",
    "服务事项": "service",
    "站点": "station",
    "窗口": "window_name",
    "工作人员": "officer",
    "事项管理": "score_items",
    "办事流程": "score_process",
    "服务规划": "score_planning",
    "办事效率": "score_efficiency",
    "便利程度": "score_convenience",
    "评价内容": "comment",
    "是否匿名": "anonymous",
    "评价人": "reviewer_name",
    "联系电话": "reviewer_phone",
}
_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y-%m-%d",
    "%Y/%m/%d",
)
_REQUIRED = ("evaluated_at", "level", "channel", "service")
_YES = {"是", "y", "yes", "true", "1", "匿名"}
_NO = {"否", "n", "no", "false", "0", "实名", ""}


def _choices(prefix: str, values: tuple) -> dict[str, object]:
    """Accept a value's code or its label in either language ("非常满意", "Very satisfied", "1")."""
    lookup: dict[str, object] = {str(v).lower(): v for v in values}
    for value in values:
        for language in LANGUAGES:
            lookup[t(f"{prefix}.{value}", language).lower()] = value
    return lookup


def _known_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """An export's known columns under their English names, empty cells as ""."""
    english = {f: f for f in IMPORT_COLUMNS.values()}
    frame = frame.rename(columns=lambda h: IMPORT_COLUMNS.get(str(h).strip(), str(h).strip()))
    frame = frame[[c for c in frame.columns if c in english]]
    return frame.astype(object).where(frame.notna(), "")


def _cell(row: dict, name: str) -> str:
    value = row.get(name, "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_datetime(problems: Problems, value: object) -> datetime | None:
    moment = _datetime_cell(problems, value)
    if moment is not None and not plausible_date(local(moment).date(), local(now()).date()):
        problems.add("eval_time", "sheet.error.date_range", value=f"{local(moment):%Y-%m-%d}")
        return None
    return moment


def _datetime_cell(problems: Problems, value: object) -> datetime | None:
    if isinstance(value, datetime | pd.Timestamp):
        moment = pd.Timestamp(value).to_pydatetime()
        return moment if moment.tzinfo else moment.replace(tzinfo=TIME_ZONE)
    text = str(value or "").strip()
    if not text:
        problems.add("eval_time", "error.required")
        return None
    for pattern in _DATETIME_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=TIME_ZONE)
        except ValueError:
            continue
    problems.add("eval_time", "evaluations.error.datetime", value=text)
    return None


def _parse_choice(problems: Problems, name: str, text: str, lookup: dict) -> object:
    if not text:
        problems.add(name, "error.required")
        return None
    value = lookup.get(text.lower())
    if value is None:
        problems.add(name, "error.choice", value=text)
    return value


def _parse_score(problems: Problems, name: str, text: str) -> int | None:
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        problems.add(name, "error.range", low=1, high=5, value=text)
        return None


class _References:
    """Stations and officers by code or name, loaded once per import."""

    def __init__(self, session: Session) -> None:
        self.stations: dict[str, int] = {}
        for loc_id, code, name in session.execute(
            select(Location.id, Location.code, Location.name).where(
                Location.kind.in_(("station", "office"))
            )
        ):
            self.stations[code] = self.stations[name] = loc_id
        self.officers: dict[str, int] = {}
        for staff_id, code, name in session.execute(select(Staff.id, Staff.code, Staff.name)):
            self.officers[code] = staff_id
            self.officers.setdefault(name, staff_id)

    def find(self, problems: Problems, name: str, text: str, table: dict[str, int]) -> int | None:
        if not text:
            return None
        found = table.get(text)
        if found is None:
            problems.add(name, "error.unknown", value=text)
        return found


def _row_input(row: dict, number: int, refs: _References) -> tuple[EvaluationInput, Problems]:
    problems = Problems(row=number)
    levels = _choices("evaluations.level", LEVELS)
    anonymous_text = _cell(row, "anonymous").lower()
    name = _cell(row, "reviewer_name")
    if anonymous_text in _YES:
        anonymous = True
    elif anonymous_text in _NO:
        anonymous = not name
    else:
        problems.add("eval_anonymous", "error.choice", value=anonymous_text)
        anonymous = True
    data = EvaluationInput(
        evaluated_at=_parse_datetime(problems, row.get("evaluated_at")),
        level=_parse_choice(problems, "eval_level", _cell(row, "level"), levels),
        channel=_parse_choice(
            problems,
            "eval_channel",
            _cell(row, "channel"),
            _choices("evaluations.channel", CHANNELS),
        ),
        service=_parse_choice(
            problems,
            "eval_service",
            _cell(row, "service"),
            _choices("evaluations.service", SERVICES),
        ),
        station_id=refs.find(problems, "eval_station", _cell(row, "station"), refs.stations),
        window_name=_cell(row, "window_name"),
        officer_id=refs.find(problems, "eval_officer", _cell(row, "officer"), refs.officers),
        scores={
            d: _parse_score(problems, f"score_{d}", _cell(row, f"score_{d}")) for d in DIMENSIONS
        },
        comment=_cell(row, "comment"),
        anonymous=anonymous,
        reviewer_name=name,
        reviewer_phone=_cell(row, "reviewer_phone"),
        external_id=_cell(row, "external_id") or None,
    )
    if data.level is not None and data.channel is not None and data.service is not None:
        check_evaluation(problems, data)
    return data, problems


def import_evaluations(actor: Actor, filename: str, content: bytes) -> int:
    """Import an export all-or-nothing: every row's errors are reported, nothing is written
    unless all rows are valid. Returns the number of evaluations written."""
    require(actor, "evaluations.write")
    with recorded_import(actor, "evaluations", filename) as run:
        run.created = _import_file(actor, filename, content, run)
    return run.created


def _import_file(actor: Actor, filename: str, content: bytes, run: RunCounts) -> int:
    frame = _known_columns(read_rows(filename, content, text=False))
    run.rows = len(frame)
    missing = [h for h, f in IMPORT_COLUMNS.items() if f in _REQUIRED and f not in frame.columns]
    if missing:
        raise FiredeskError("evaluations.error.columns", columns="、".join(missing))
    with read_session() as session:
        refs = _References(session)
        inputs, errors, seen = [], [], set()
        # Row 1 is the header, so the first data row is row 2 as the user sees it in Excel.
        for number, row in enumerate(frame.to_dict("records"), start=2):
            data, problems = _row_input(row, number, refs)
            if data.external_id and data.external_id in seen:
                problems.add("eval_external_id", "error.duplicate", value=data.external_id)
            seen.add(data.external_id)
            errors.extend(problems.errors)
            inputs.append(data)
        row_of = {d.external_id: n for n, d in enumerate(inputs, start=2) if d.external_id}
        ids = list(row_of)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for existing in session.scalars(
                select(Evaluation.external_id).where(Evaluation.external_id.in_(chunk))
            ):
                problems = Problems(row=row_of[existing])
                problems.add("eval_external_id", "error.duplicate", value=existing)
                errors.extend(problems.errors)
    if errors:
        raise ValidationError(sorted(errors, key=lambda e: e.row or 0))
    seed_calendar_for(d.evaluated_at for d in inputs)
    with unit_of_work(actor) as session:
        for data in inputs:
            add_evaluation(session, data, "import")
    return len(inputs)


# --- reading ----------------------------------------------------------------------------

LIST_COLUMNS = [
    "id",
    "evaluated_at",
    "level",
    "channel",
    "service",
    "station",
    "window_name",
    "officer",
    "comment",
    "reviewer_name",
    "reviewer_phone",
    "counted",
]


def evaluation_rows(rows: list) -> pd.DataFrame:
    """Evaluation rows for display, the reviewer masked whoever reads them."""
    records = []
    for row in rows:
        record = dict(row._mapping)
        record["evaluated_at"] = local(record["evaluated_at"])
        record["reviewer_name"] = masked_name(record["reviewer_name"])
        record["reviewer_phone"] = masked_phone(record["reviewer_phone"])
        records.append(record)
    return pd.DataFrame(records, columns=LIST_COLUMNS)


def reveal_reviewer(actor: Actor, evaluation_id: int) -> Revealed:
    """One reviewer's full name and number for a duty manager, an admin or the staff member
    assigned to the review's callback (its rectification case); the look is audited."""
    require(actor, "evaluations.write")
    with unit_of_work(actor) as session:
        evaluation = session.get(Evaluation, evaluation_id)
        if evaluation is None:
            raise FiredeskError("error.not_found", what=f"evaluations {evaluation_id}")
        case = session.scalar(
            select(RectificationCase).where(RectificationCase.evaluation_id == evaluation_id)
        )
        return reveal_evaluation(session, actor, evaluation, case)


def evaluation_query():
    """The columns `evaluation_rows` shows, with station and officer names."""
    return (
        select(
            Evaluation.id,
            Evaluation.evaluated_at,
            Evaluation.level,
            Evaluation.channel,
            Evaluation.service,
            Location.name.label("station"),
            Evaluation.window_name,
            Staff.name.label("officer"),
            Evaluation.comment,
            Evaluation.reviewer_name,
            Evaluation.reviewer_phone,
            Evaluation.counted,
        )
        .outerjoin(Location, Location.id == Evaluation.station_id)
        .outerjoin(Staff, Staff.id == Evaluation.officer_id)
    )


def recent_evaluations(actor: Actor, limit: int = 50, search: str = "") -> pd.DataFrame:
    require(actor, "evaluations.write")
    query = evaluation_query().order_by(Evaluation.evaluated_at.desc()).limit(limit)
    if search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(or_(Evaluation.comment.ilike(pattern), Location.name.ilike(pattern)))
    with read_session() as session:
        return evaluation_rows(session.execute(query).all())


def station_choices() -> dict[int, str]:
    """Stations and the detachment office (its service window), for the form's selectbox."""
    with read_session() as session:
        rows = session.execute(
            select(Location.id, Location.name)
            .where(Location.kind.in_(("station", "office")))
            .order_by(Location.kind.desc(), Location.code)
        ).all()
    return dict(rows)


def officer_choices() -> dict[int, str]:
    with read_session() as session:
        rows = session.execute(
            select(Staff.id, Staff.code, Staff.name)
            .where(Staff.active.is_(True))
            .order_by(Staff.code)
        ).all()
    return {staff_id: f"{code} {name}" for staff_id, code, name in rows}
