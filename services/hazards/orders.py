"""The printable correction order (责令限期改正通知书): one A4 HTML page with the items
found, the legal basis, the deadline and the guidance (整改指导) for each item, numbered
per detachment and year. Every value that came from a form is escaped."""

from __future__ import annotations

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


def order_html(case: HazardCase, unit_name: str, language: str | None = None) -> str:
    """The order of an issued case, ready to print."""
    language = language or current_language()
    if case.order_seq is None:
        raise ValueError(f"{case.case_no} has no order yet")
    number = order_no(case)
    title = t("hazards.order.title", language)
    body = t(
        "hazards.order.body",
        language,
        unit=unit_name,
        inspected=written_date(case.inspected_at, language),
        deadline=written_date(case.deadline, language),
    )
    items = "".join(f"<li>{escape(type_name(code, language))}</li>" for code in case.findings)
    plans = "".join(
        '<li><b>{}</b>：{}<br><span class="standard">{}</span></li>'.format(
            escape(type_name(p["hazard_type"], language)),
            escape(p["plan"]),
            escape(t("hazards.order.standard", language, standard=p.get("standard", ""))),
        )
        for p in case.guidance
    )
    note = f"<p>{escape(case.note)}</p>" if case.note else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} {escape(number)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="no">{escape(number)}</p>'
        f"<p>{escape(body)}</p><ol>{items}</ol>{note}"
        f"<p>{escape(t('hazards.order.basis', language, basis=case.legal_basis))}</p>"
        f"<h2>{escape(t('hazards.order.guidance', language))}</h2><ol>{plans}</ol>"
        f"<p>{escape(t('hazards.order.closing', language))}</p>"
        f'<p class="sign">{escape(t("applications.print.office", language))}<br>'
        f"{escape(written_date(case.order_issued_at, language))}</p>"
        '<p class="noprint"><button onclick="window.print()">🖨</button></p>'
        "</body></html>\n"
    )


def order_page(actor: Actor, case_id: int, language: str | None = None) -> str:
    """The printable order of one issued case, for anyone who reads hazard cases."""
    require(actor, "hazards.read")
    with read_session() as session:
        case = session.get(HazardCase, case_id)
        if case is None:
            raise NotFound("error.not_found", what=f"hazard_cases {case_id}")
        unit = session.get(Location, case.location_id)
        return order_html(case, unit.name, language)
