"""Message templates: built-in texts in zh-CN and en, each with the variables it may use;
an administrator's edit (a `message_templates` row) overrides the built-in text.

A template is Python `str.format` text with `{name}` placeholders. Saving one that names a
variable its template does not offer is refused with a ValidationError naming the
variable and the ones allowed, so a message can never go out with a hole in it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import MessageTemplate
from db.models.notifications import TEMPLATE_LANGUAGES
from db.session import read_session
from services.core.clock import now
from services.core.errors import ConflictError, NotFound, Problems
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work

ADMIN_PERMISSION = "outbox.admin"
MAX_TEXT = 500


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    variables: tuple[str, ...]
    zh: str
    en: str

    def default(self, language: str) -> str:
        return self.zh if language == "zh-CN" else self.en


BUILT_IN: dict[str, TemplateSpec] = {
    spec.key: spec
    for spec in (
        TemplateSpec(
            "booking.confirmed",
            ("unit", "kind", "when", "officers", "booking"),
            "【消防救援支队】{unit}：您预约的{kind}已安排在{when}，由{officers}前往。"
            "如需变更请联系支队。预约号 {booking}。",
            "Fire-rescue detachment: {unit}, your {kind} is planned for {when} with {officers}. "
            "Call the detachment to change it. Booking {booking}.",
        ),
        TemplateSpec(
            "booking.rolled_over",
            ("unit", "kind", "old_week", "new_week", "booking"),
            "【消防救援支队】{unit}：您预约的{kind}未能排入 {old_week} 当周，已顺延至 {new_week} "
            "当周，原选时段不变。预约号 {booking}。",
            "Fire-rescue detachment: {unit}, your {kind} could not be planned in the week of "
            "{old_week}; it moves to the week of {new_week} at the same times. Booking {booking}.",
        ),
        TemplateSpec(
            "booking.declined",
            ("unit", "kind", "reason", "booking"),
            "【消防救援支队】{unit}：很抱歉，您预约的{kind}未能安排，原因：{reason}。"
            "如有需要请重新预约。预约号 {booking}。",
            "Fire-rescue detachment: {unit}, we are sorry, your {kind} cannot be planned: "
            "{reason}. Please book again if you still need it. Booking {booking}.",
        ),
        TemplateSpec(
            "officer.reminder",
            ("officer", "when", "kind", "location", "teammates", "task"),
            "{officer}：明日任务提醒 {when} {kind}，地点 {location}，同行 {teammates}（{task}）。",
            "{officer}: tomorrow {when}, {kind} at {location} with {teammates} ({task}).",
        ),
        TemplateSpec(
            "staff.capacity_ask",
            ("officer", "ask", "count", "tasks", "week"),
            "{officer}：若您{ask}，{week} 当周可多安排 {count} 项任务：{tasks}。"
            "如同意请回复值班长。",
            "{officer}: if you {ask}, {count} more task(s) could be planned in the week of "
            "{week}: {tasks}. Please tell the duty manager if you agree.",
        ),
        TemplateSpec(
            "complaint.closed",
            ("ticket", "unit", "result"),
            "【消防救援支队】您反映的 {unit} 消防问题（工单 {ticket}）已办结：{result}。感谢您的监督。",
            "Fire-rescue detachment: your report on {unit} (ticket {ticket}) is closed: "
            "{result}. Thank you.",
        ),
        TemplateSpec(
            "complaint.clock",
            ("officer", "ticket", "unit", "deadline"),
            "{officer}：投诉 {ticket}（{unit}）须在 {deadline} 前完成核查，请尽快处理。",
            "{officer}: complaint {ticket} ({unit}) must be verified by {deadline}.",
        ),
    )
}


def spec(key: str) -> TemplateSpec:
    try:
        return BUILT_IN[key]
    except KeyError:
        raise NotFound("error.not_found", what=f"template {key}") from None


def placeholders(text: str) -> list[str]:
    """The `{names}` a template text uses, in order (a format error counts as a name)."""
    try:
        return [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError:
        return ["{"]


def check_text(key: str, text: str, problems: Problems) -> None:
    allowed = spec(key).variables
    if not text.strip():
        problems.add("template_text", "error.required")
    elif len(text) > MAX_TEXT:
        problems.add("template_text", "error.too_long", max=MAX_TEXT)
    for name in placeholders(text):
        if name not in allowed:
            problems.add(
                "template_text",
                "outbox.error.unknown_variable",
                name=name,
                allowed="、".join(allowed),
            )


def text_of(session: Session, key: str, language: str) -> str:
    """The text to render: the administrator's, or the built-in one."""
    stored = session.scalar(
        select(MessageTemplate.text).where(
            MessageTemplate.template_key == key, MessageTemplate.language == language
        )
    )
    return stored if stored is not None else spec(key).default(language)


def render(session: Session, key: str, language: str, values: dict[str, object]) -> str:
    allowed = spec(key).variables
    missing = [name for name in allowed if name not in values]
    if missing:
        raise ValueError(f"template {key} needs {missing}")
    return text_of(session, key, language).format(**{k: values[k] for k in allowed})


@dataclass(frozen=True)
class TemplateRow:
    key: str
    language: str
    variables: tuple[str, ...]
    text: str
    edited: bool
    version: int | None


def list_templates() -> list[TemplateRow]:
    with read_session() as session:
        stored = {(r.template_key, r.language): r for r in session.scalars(select(MessageTemplate))}
        rows = []
        for key, item in BUILT_IN.items():
            for language in TEMPLATE_LANGUAGES:
                row = stored.get((key, language))
                rows.append(
                    TemplateRow(
                        key,
                        language,
                        item.variables,
                        row.text if row else item.default(language),
                        row is not None,
                        row.version if row else None,
                    )
                )
        return rows


def save_template(
    actor: Actor, key: str, language: str, text: str, version: int | None = None
) -> None:
    """Store an administrator's text (`version` is the row's the form showed, None for the
    first edit); refused with the unknown variable named."""
    require(actor, ADMIN_PERMISSION)
    problems = Problems()
    if language not in TEMPLATE_LANGUAGES:
        problems.add("template_language", "outbox.error.language", language=language)
    check_text(key, text, problems)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        row = session.scalar(
            select(MessageTemplate).where(
                MessageTemplate.template_key == key, MessageTemplate.language == language
            )
        )
        if row is None:
            session.add(
                MessageTemplate(
                    template_key=key,
                    language=language,
                    text=text,
                    updated_at=now(),
                    updated_by=actor.username,
                )
            )
            return
        if version is not None and row.version != version:
            raise ConflictError("error.conflict")
        row.text, row.updated_at, row.updated_by = text, now(), actor.username


def reset_template(actor: Actor, key: str, language: str) -> None:
    """Back to the built-in text."""
    require(actor, ADMIN_PERMISSION)
    spec(key)
    with unit_of_work(actor) as session:
        row = session.scalar(
            select(MessageTemplate).where(
                MessageTemplate.template_key == key, MessageTemplate.language == language
            )
        )
        if row is not None:
            session.delete(row)
