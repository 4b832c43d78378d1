"""The printable one-time notice (一次性告知书) and receipt (受理回执): one HTML page each,
A4 with print styles, every value from a form or a checklist escaped. The applicant's
personal data is not printed (the paper is addressed to the venue)."""

from __future__ import annotations

from html import escape

from services.applications.queue import ApplicationRow
from services.applications.types import type_by_code
from services.i18n import current_language, t, written_date

_STYLE = """
@page { size: A4; margin: 20mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 12pt; line-height: 1.7;
       max-width: 170mm; margin: 0 auto; color: #000; }
h1 { text-align: center; font-size: 18pt; letter-spacing: 0.2em; }
.no { text-align: right; }
ol { padding-left: 1.5em; }
.sign { margin-top: 3em; text-align: right; }
@media print { .noprint { display: none; } }
"""


def _page(title: str, number: str, body: list[str], issued: str, language: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} {escape(number)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="no">{escape(number)}</p>'
        + "".join(body)
        + f'<p class="sign">{escape(t("applications.print.office", language))}<br>'
        f"{escape(issued)}</p>"
        '<p class="noprint"><button onclick="window.print()">🖨</button></p>'
        "</body></html>\n"
    )


def _type_name(row: ApplicationRow, language: str) -> str:
    return row.type_name_en if language == "en" else row.type_name_zh


def notice_html(row: ApplicationRow, language: str | None = None) -> str:
    """The one-time notice of `row` (which must have one)."""
    language = language or current_language()
    if not row.notice_items:
        raise ValueError(f"{row.application_no} has no one-time notice")
    body = t(
        "applications.notice.body",
        language,
        unit=row.unit_name,
        type=_type_name(row, language),
        no=row.application_no,
        accepted=written_date(row.accepted_at, language),
        due=written_date(row.supplement_due_at, language),
    )
    names = [item["name_en" if language == "en" else "name_zh"] for item in row.notice_items]
    items = "".join(f"<li>{escape(name)}</li>" for name in names)
    return _page(
        t("applications.notice.title", language),
        row.notice_no or "",
        [f"<p>{escape(body)}</p>", f"<ol>{items}</ol>"],
        written_date(row.accepted_at, language),
        language,
    )


def receipt_html(row: ApplicationRow, language: str | None = None) -> str:
    """The receipt: what was accepted, when, the documents received and the clock."""
    language = language or current_language()
    # What was handed in at intake (supplements are the notice's items), named as the
    # checklist names it: a line added to the checklist later is not on an older receipt.
    kind = type_by_code(row.type_code)
    notice = _notice_codes(row)
    handed_in = [
        document.name(language) if (document := kind.document(code)) else code
        for code in row.documents
        if code not in notice
    ]
    body = [
        "<p>"
        + escape(
            t(
                "applications.receipt.body",
                language,
                unit=row.unit_name,
                type=_type_name(row, language),
                accepted=written_date(row.accepted_at, language),
                no=row.application_no,
            )
        )
        + "</p>",
        f"<p>{escape(t('applications.receipt.handed_in', language))}</p>",
        "<ol>" + "".join(f"<li>{escape(name)}</li>" for name in handed_in) + "</ol>",
    ]
    if row.inspection_due_at is not None:
        due = written_date(row.inspection_due_at, language)
        body.append(f"<p>{escape(t('applications.receipt.clock', language, due=due))}</p>")
    method = t(f"applications.delivery.{row.delivery_method}", language)
    body.append(f"<p>{escape(t('applications.receipt.delivery', language, method=method))}</p>")
    return _page(
        t("applications.receipt.title", language),
        row.application_no,
        body,
        written_date(row.accepted_at, language),
        language,
    )


def _notice_codes(row: ApplicationRow) -> set[str]:
    return {item["code"] for item in row.notice_items}
