"""The printable correction order (责令限期改正通知书): one A4 HTML page with the items
found, the legal basis, the deadline and the guidance (整改指导) for each item, numbered
per detachment and year. Every value that came from a form is escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from db.models import Location
from db.models.hazards import HazardCase
from db.session import read_session
from services.core.errors import NotFound
from services.core.permissions import Actor, require
from services.i18n import current_language, t, written_date

_STYLE = """
@page { size: A4; margin: 20mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 12pt; line-height: 1.7;
       max-width: 170mm; margin: 0 auto; color: #000; }
h1 { text-align: center; font-size: 18pt; letter-spacing: 0.2em; }
h2 { font-size: 13pt; margin-top: 1.2em; }
.no { text-align: right; }
ol { padding-left: 1.5em; }
.standard { color: #333; font-size: 10.5pt; }
.sign { margin-top: 3em; text-align: right; }
@media print { .noprint { display: none; } h2, li { break-inside: avoid; } }
"""


def type_name(code: str, language: str | None = None) -> str:
    return t(f"hazards.type.{code}", language)


def order_no(case: HazardCase) -> str:
    """辽阳消限字〔2026〕第0007号: one sequence per detachment and year."""
    if case.order_seq is None:
        return ""
    return f"{case.detachment}消限字〔{case.order_year}〕第{case.order_seq:04d}号"


@dataclass(frozen=True)
class OrderText:
    """What the order says, in one language: the HTML page and the PDF print the same."""

    language: str
    title: str
    number: str
    body: str
    items: list[str]
    note: str
    basis: str
    guidance_heading: str
    plans: list[tuple[str, str, str]]  # (hazard type, plan, "standard: ...")
    closing: str
    office: str
    issued_on: str


def order_text(case: HazardCase, unit_name: str, language: str | None = None) -> OrderText:
    language = language or current_language()
    if case.order_seq is None:
        raise ValueError(f"{case.case_no} has no order yet")
    return OrderText(
        language=language,
        title=t("hazards.order.title", language),
        number=order_no(case),
        body=t(
            "hazards.order.body",
            language,
            unit=unit_name,
            inspected=written_date(case.inspected_at, language),
            deadline=written_date(case.deadline, language),
        ),
        items=[type_name(code, language) for code in case.findings],
        note=case.note or "",
        basis=t("hazards.order.basis", language, basis=case.legal_basis),
        guidance_heading=t("hazards.order.guidance", language),
        plans=[
            (
                type_name(p["hazard_type"], language),
                p["plan"],
                t("hazards.order.standard", language, standard=p.get("standard", "")),
            )
            for p in case.guidance
        ],
        closing=t("hazards.order.closing", language),
        office=t("applications.print.office", language),
        issued_on=written_date(case.order_issued_at, language),
    )


def order_html(case: HazardCase, unit_name: str, language: str | None = None) -> str:
    """The order of an issued case, ready to print."""
    o = order_text(case, unit_name, language)
    items = "".join(f"<li>{escape(item)}</li>" for item in o.items)
    plans = "".join(
        f'<li><b>{escape(name)}</b>：{escape(plan)}<br><span class="standard">{escape(std)}</span></li>'
        for name, plan, std in o.plans
    )
    note = f"<p>{escape(o.note)}</p>" if o.note else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{o.language}"><head><meta charset="utf-8">'
        f"<title>{escape(o.title)} {escape(o.number)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{escape(o.title)}</h1><p class="no">{escape(o.number)}</p>'
        f"<p>{escape(o.body)}</p><ol>{items}</ol>{note}"
        f"<p>{escape(o.basis)}</p>"
        f"<h2>{escape(o.guidance_heading)}</h2><ol>{plans}</ol>"
        f"<p>{escape(o.closing)}</p>"
        f'<p class="sign">{escape(o.office)}<br>{escape(o.issued_on)}</p>'
        '<p class="noprint"><button onclick="window.print()">🖨</button></p>'
        "</body></html>\n"
    )


def order_pdf(case: HazardCase, unit_name: str, language: str | None = None) -> bytes:
    """The same order as an A4 PDF (reportlab, its built-in CID font STSong-Light, so no
    font file is needed). Typed text is escaped for reportlab's paragraph markup; characters
    the font lacks print as blanks, never break the document."""
    from services.hazards.order_pdf import render

    return render(order_text(case, unit_name, language))


def _with_case(actor: Actor, case_id: int, make):
    """`make(case, unit_name)` for one hazard case, read for an actor who reads cases."""
    require(actor, "hazards.read")
    with read_session() as session:
        case = session.get(HazardCase, case_id)
        if case is None:
            raise NotFound("error.not_found", what=f"hazard_cases {case_id}")
        return make(case, session.get(Location, case.location_id).name)


def order_page(actor: Actor, case_id: int, language: str | None = None) -> str:
    """The printable order of one issued case, for anyone who reads hazard cases."""
    return _with_case(actor, case_id, lambda case, unit_name: order_html(case, unit_name, language))


def order_pdf_file(actor: Actor, case_id: int, language: str | None = None) -> bytes:
    """The order of one issued case as PDF, for anyone who reads hazard cases."""
    return _with_case(actor, case_id, lambda case, unit_name: order_pdf(case, unit_name, language))
