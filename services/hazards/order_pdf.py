"""The correction order as an A4 PDF, drawn with reportlab's platypus from `OrderText`.

Chinese is set in STSong-Light, one of the CID fonts every PDF reader ships (Adobe's
Asian font packs), so the PDF embeds no font and needs no font file here; Latin text uses
the same font. Paragraph text is reportlab's mini-markup, so every value is escaped."""

from __future__ import annotations

from html import escape
from io import BytesIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK")
_TITLE = ParagraphStyle("title", parent=_BODY, fontSize=18, leading=28, alignment=TA_CENTER)
_RIGHT = ParagraphStyle("right", parent=_BODY, alignment=TA_RIGHT)
_HEADING = ParagraphStyle("heading", parent=_BODY, fontSize=13, spaceBefore=8)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=10.5, leading=16)


def _p(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    # Line breaks typed into a note stay line breaks; everything else is text, not markup.
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _numbered(paragraphs: list[list[Paragraph]]) -> ListFlowable:
    return ListFlowable(
        [ListItem(p, leftIndent=14) for p in paragraphs],
        bulletType="1",
        bulletFontName=FONT,
        leftIndent=14,
    )


def render(order) -> bytes:
    """The PDF bytes of one order (services.hazards.orders.OrderText)."""
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{order.title} {order.number}",
    )
    story = [_p(order.title, _TITLE), _p(order.number, _RIGHT), _p(order.body)]
    story.append(_numbered([[_p(item)] for item in order.items]))
    if order.note:
        story.append(_p(order.note))
    story += [_p(order.basis), _p(order.guidance_heading, _HEADING)]
    story.append(
        _numbered(
            [[_p(f"{name}：{plan}"), _p(standard, _SMALL)] for name, plan, standard in order.plans]
        )
    )
    story += [_p(order.closing), Spacer(1, 16 * mm), _p(order.office, _RIGHT)]
    story.append(_p(order.issued_on, _RIGHT))
    doc.build(story)
    return out.getvalue()
