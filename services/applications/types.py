"""Application types and their document checklists (measures 01, 02).

Each document of a checklist is `required` (handed in at intake, or the application is not
accepted), `supplementable` (may be missing: it goes on the one-time notice) or `internal`
(the detachment checks it itself, internally, on the shared platform or by asking another
department: it is never asked of the applicant, measure 01).

The standard types are written on first use (`ensure_standard_types`), as one audited
event; an administrator edits them afterwards on the checklist page (`save_checklist`,
`add_type`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from db.models.applications import ApplicationDocument, ApplicationType
from db.session import read_session
from rules.applications import INTERNAL, REQUIRED, REQUIREMENTS, SUPPLEMENTABLE
from services.core.errors import NotFound, Problems
from services.core.permissions import SYSTEM, Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_required
from services.i18n import current_language

PRE_OPENING = "pre_opening_check"
NAME_CHANGE = "name_or_representative_change"

# (code, name_zh, name_en, needs_inspection, [(doc code, zh, en, requirement)])
STANDARD_TYPES = (
    (
        PRE_OPENING,
        "公众聚集场所投入使用、营业前消防安全检查",
        "Pre-opening fire-safety check of a public gathering place",
        True,
        [
            ("application_form", "消防安全检查申请表", "Application form", REQUIRED),
            ("applicant_id", "申请人身份证明", "Applicant's identity document", REQUIRED),
            (
                "floor_plan",
                "场所平面布置图、消防设施平面图",
                "Floor and fire-system plans",
                SUPPLEMENTABLE,
            ),
            (
                "safety_rules",
                "消防安全制度、灭火和应急疏散预案",
                "Fire-safety rules, firefighting and evacuation plan",
                SUPPLEMENTABLE,
            ),
            (
                "training_records",
                "员工岗前消防安全教育培训记录",
                "Staff fire-safety training records",
                SUPPLEMENTABLE,
            ),
            (
                "material_certificates",
                "室内装修装饰材料防火性能证明文件",
                "Fire-performance certificates of interior materials",
                SUPPLEMENTABLE,
            ),
            (
                "facility_test_report",
                "消防设施检测合格证明",
                "Fire-system test report",
                SUPPLEMENTABLE,
            ),
            ("business_licence", "营业执照", "Business licence", INTERNAL),
            (
                "construction_acceptance",
                "建设工程消防验收或备案抽查合格证明",
                "Fire acceptance of the construction",
                INTERNAL,
            ),
        ],
    ),
    (
        NAME_CHANGE,
        "公众聚集场所变更名称或法定代表人",
        "Change of a public gathering place's name or legal representative",
        False,
        [
            ("change_application", "变更申请", "Change application", REQUIRED),
            (
                "name_preapproval",
                "新场所名称预先核准通知书",
                "Pre-approval notice of the new name",
                SUPPLEMENTABLE,
            ),
            ("original_permit", "许可文书原件", "Original permit", SUPPLEMENTABLE),
            (
                "representative_ids",
                "新旧法定代表人身份证复印件",
                "ID copies of the old and new legal representatives",
                SUPPLEMENTABLE,
            ),
            (
                "previous_check",
                "原投入使用、营业前消防安全检查合格记录",
                "Record of the earlier pre-opening check",
                INTERNAL,
            ),
        ],
    ),
)


@dataclass(frozen=True)
class Document:
    id: int
    code: str
    name_zh: str
    name_en: str
    requirement: str

    def name(self, language: str | None = None) -> str:
        return self.name_en if (language or current_language()) == "en" else self.name_zh


@dataclass(frozen=True)
class TypeView:
    id: int
    code: str
    name_zh: str
    name_en: str
    needs_inspection: bool
    documents: tuple[Document, ...]
    active: bool = True
    version: int = 1

    def name(self, language: str | None = None) -> str:
        return self.name_en if (language or current_language()) == "en" else self.name_zh

    @property
    def checklist(self) -> list[tuple[str, str]]:
        return [(d.code, d.requirement) for d in self.documents]

    def document(self, code: str) -> Document | None:
        return next((d for d in self.documents if d.code == code), None)

    def askable(self) -> list[Document]:
        """What the applicant may hand in: never the internally checked documents."""
        return [d for d in self.documents if d.requirement != INTERNAL]


def view_of(row: ApplicationType) -> TypeView:
    return TypeView(
        row.id,
        row.code,
        row.name_zh,
        row.name_en,
        row.needs_inspection,
        tuple(Document(d.id, d.code, d.name_zh, d.name_en, d.requirement) for d in row.documents),
        row.active,
        row.version,
    )


def seed_standard_types(session: Session) -> int:
    """Write the standard types not yet stored, in the caller's unit of work; returns how many."""
    present = set(session.scalars(select(ApplicationType.code)))
    written = 0
    for code, zh, en, inspection, documents in STANDARD_TYPES:
        if code in present:
            continue
        row = ApplicationType(code=code, name_zh=zh, name_en=en, needs_inspection=inspection)
        row.documents = [
            ApplicationDocument(code=c, name_zh=z, name_en=e, requirement=r, position=i)
            for i, (c, z, e, r) in enumerate(documents)
        ]
        session.add(row)
        written += 1
    return written


def ensure_standard_types() -> None:
    with read_session() as session:
        count = session.scalar(select(func.count()).select_from(ApplicationType))
    if count:
        return
    try:
        with unit_of_work(SYSTEM) as session:
            seed_standard_types(session)
    except IntegrityError:
        pass  # another process seeded them a moment ago


def load_type(session: Session, type_id: int) -> TypeView:
    row = session.scalar(
        select(ApplicationType)
        .where(ApplicationType.id == type_id)
        .options(selectinload(ApplicationType.documents))
    )
    if row is None:
        raise NotFound("error.not_found", what=f"application_types {type_id}")
    return view_of(row)


def list_types(*, active_only: bool = True) -> list[TypeView]:
    ensure_standard_types()
    with read_session() as session:
        query = select(ApplicationType).options(selectinload(ApplicationType.documents))
        if active_only:
            query = query.where(ApplicationType.active.is_(True))
        return [view_of(row) for row in session.scalars(query.order_by(ApplicationType.id))]


def type_by_code(code: str) -> TypeView:
    found = next((t for t in list_types(active_only=False) if t.code == code), None)
    if found is None:
        raise NotFound("error.not_found", what=f"application type {code}")
    return found


@dataclass(frozen=True)
class DocumentLine:
    """One line of a checklist as the editor saves it: `id` None for a new line."""

    code: str
    name_zh: str
    name_en: str
    requirement: str
    id: int | None = None


CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")


def _check_type_names(problems: Problems, name_zh: str, name_en: str) -> tuple[str, str]:
    zh = check_required(problems, "type_name", name_zh, 120)
    en = (name_en or "").strip()[:120] or zh
    return zh, en


def _check_lines(problems: Problems, kind: ApplicationType, lines: list[DocumentLine]) -> None:
    """Every line's fields (by row, from 1), then the checklist as a whole: codes unique, no
    stored line left out (applications name their documents by code), no code changed."""
    stored = {d.id: d for d in kind.documents}
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        row = Problems(row=number)
        code = (line.code or "").strip()
        if not CODE_PATTERN.fullmatch(code):
            row.add("document_code", "applications.error.code_format", value=code)
        elif code in seen:
            row.add("document_code", "error.duplicate", value=code)
        seen.add(code)
        check_required(row, "document_name", line.name_zh, 200)
        if len((line.name_en or "").strip()) > 200:
            row.add("document_name", "error.too_long", max=200)
        if line.requirement not in REQUIREMENTS:
            row.add("requirement", "error.choice", value=line.requirement)
        if line.id is not None:
            before = stored.get(line.id)
            if before is None:
                raise NotFound("error.not_found", what=f"application_documents {line.id}")
            if before.code != code:
                row.add("document_code", "applications.error.code_changed", code=before.code)
        problems.errors.extend(row.errors)
    kept = {line.id for line in lines}
    for document in kind.documents:
        if document.id not in kept:
            problems.add("documents", "applications.error.line_removed", code=document.code)


def save_checklist(
    actor: Actor,
    type_id: int,
    version: int,
    name_zh: str,
    name_en: str,
    active: bool,
    lines: list[DocumentLine],
) -> None:
    """Save a type's names, whether the desk offers it, and its whole checklist in the order
    given (administrators). `version` is the type's as the form showed it: any save of the
    type or its checklist in between refuses this one. Lines are never deleted (make one
    internal to stop asking for it) and a line's code never changes. Only applications taken
    from now on read the new checklist: a notice keeps the items it printed, and whether a
    type needs an inspection is fixed when it is created."""
    require(actor, "admin.application_types")
    problems = Problems()
    zh, en = _check_type_names(problems, name_zh, name_en)
    with unit_of_work(actor) as session:
        kind = load_for_update(session, ApplicationType, type_id, version)
        _check_lines(problems, kind, lines)
        problems.raise_if_any()
        stored = {d.id: d for d in kind.documents}
        for position, line in enumerate(lines):
            row = stored.get(line.id) if line.id is not None else None
            if row is None:
                row = ApplicationDocument(code=line.code.strip())
                kind.documents.append(row)
            row.name_zh = line.name_zh.strip()
            row.name_en = (line.name_en or "").strip() or row.name_zh
            row.requirement = line.requirement
            row.position = position
        kind.name_zh, kind.name_en, kind.active = zh, en, bool(active)
        # The checklist lives in its own rows: count its change on the type's version too.
        flag_modified(kind, "name_zh")


def add_type(actor: Actor, code: str, name_zh: str, name_en: str, needs_inspection: bool) -> int:
    """A new application type with an empty checklist (administrators); returns its id."""
    require(actor, "admin.application_types")
    problems = Problems()
    code = (code or "").strip()
    if not CODE_PATTERN.fullmatch(code):
        problems.add("type_code", "applications.error.code_format", value=code)
    zh, en = _check_type_names(problems, name_zh, name_en)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        if session.scalar(select(ApplicationType.id).where(ApplicationType.code == code)):
            problems.add("type_code", "error.duplicate", value=code)
            problems.raise_if_any()
        row = ApplicationType(code=code, name_zh=zh, name_en=en, needs_inspection=needs_inspection)
        session.add(row)
        session.flush()
        return row.id
