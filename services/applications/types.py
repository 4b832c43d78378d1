"""Application types and their document checklists (measures 01, 02).

Each document of a checklist is `required` (handed in at intake, or the application is not
accepted), `supplementable` (may be missing: it goes on the one-time notice) or `internal`
(the detachment checks it itself, internally, on the shared platform or by asking another
department: it is never asked of the applicant, measure 01).

The standard types are written on first use (`ensure_standard_types`), as one audited
event; an administrator edits checklists afterwards (`add_document`, `set_requirement`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from db.models.applications import ApplicationDocument, ApplicationType
from db.session import read_session
from rules.applications import INTERNAL, REQUIRED, REQUIREMENTS, SUPPLEMENTABLE
from services.core.errors import NotFound, Problems
from services.core.permissions import SYSTEM, Actor, require
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


def add_document(
    actor: Actor, type_id: int, code: str, name_zh: str, name_en: str, requirement: str
) -> int:
    """Add a line to a type's checklist (administrators)."""
    require(actor, "admin.application_types")
    problems = Problems()
    code = check_required(problems, "document_code", code, 40)
    name_zh = check_required(problems, "document_name", name_zh, 200)
    name_en = (name_en or "").strip()[:200] or name_zh
    if requirement not in REQUIREMENTS:
        problems.add("requirement", "error.choice", value=requirement)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        kind = session.get(ApplicationType, type_id)
        if kind is None:
            raise NotFound("error.not_found", what=f"application_types {type_id}")
        if any(d.code == code for d in kind.documents):
            problems.add("document_code", "error.duplicate", value=code)
            problems.raise_if_any()
        row = ApplicationDocument(
            code=code,
            name_zh=name_zh,
            name_en=name_en,
            requirement=requirement,
            position=len(kind.documents),
        )
        kind.documents.append(row)
        session.flush()
        return row.id


def set_requirement(actor: Actor, document_id: int, requirement: str) -> None:
    """Make a checklist line required, supplementable or internally checked (administrators).
    A notice already issued keeps what it printed."""
    require(actor, "admin.application_types")
    if requirement not in REQUIREMENTS:
        problems = Problems()
        problems.add("requirement", "error.choice", value=requirement)
        problems.raise_if_any()
    with unit_of_work(actor) as session:
        row = session.get(ApplicationDocument, document_id)
        if row is None:
            raise NotFound("error.not_found", what=f"application_documents {document_id}")
        row.requirement = requirement
