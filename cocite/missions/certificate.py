"""The volunteer's certificate of hours, as a PDF (fpdf2, pure Python).

The standard PDF fonts (Helvetica) cover Latin-1: French letters are there; the few characters
they lack (œ, typographic quotes and dashes, the inclusive « · » is there) are replaced by their
nearest Latin-1 spelling, so any name or title prints.
"""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .queries import Certificate
from .wording import hours_text

_REPLACEMENTS = {
    "œ": "oe",
    "Œ": "OE",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "…": "...",
    "\u202f": " ",
    "\u2009": " ",
    "€": "EUR",
}


def latin1(text: str) -> str:
    for char, replacement in _REPLACEMENTS.items():
        text = text.replace(char, replacement)
    return text.encode("latin-1", "replace").decode("latin-1")


def render(certificate: Certificate, *, issued: datetime.date) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(_("Attestation de bénévolat")))
    pdf.set_author(latin1(certificate.commune or "Cocité"))
    pdf.set_creator("Cocité")
    pdf.add_page()
    width = pdf.epw

    def line(text: str, *, size: int = 11, style: str = "", height: float = 7) -> None:
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(width, height, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    if certificate.commune:
        line(certificate.commune, size=13, style="B")
    line(_("Attestation de bénévolat"), size=18, style="B", height=12)
    pdf.ln(4)
    total = hours_text(certificate.total)
    line(
        _(
            "%(commune)s atteste que %(person)s a effectué %(hours)s heures de bénévolat "
            "au titre des missions ci-dessous, présences et heures confirmées par leurs organisateurs."
        )
        % {"commune": certificate.commune or _("La commune"), "person": certificate.person, "hours": total}
    )
    pdf.ln(4)
    columns = (0.18, 0.44, 0.26, 0.12)
    headers = (_("Date"), _("Mission"), _("Organisée par"), _("Heures"))
    pdf.set_font("helvetica", "B", 10)
    for share, header in zip(columns, headers, strict=True):
        pdf.cell(width * share, 8, latin1(header), border=1)
    pdf.ln(8)
    pdf.set_font("helvetica", "", 10)
    for row in certificate.lines:
        cells = (
            formats.date_format(row.day, "SHORT_DATE_FORMAT"),
            row.mission[:60],
            row.organiser[:34],
            hours_text(row.hours),
        )
        for share, cell in zip(columns, cells, strict=True):
            pdf.cell(width * share, 7, latin1(cell), border=1)
        pdf.ln(7)
    pdf.set_font("helvetica", "B", 10)
    pdf.cell(width * sum(columns[:3]), 8, latin1(_("Total")), border=1)
    pdf.cell(width * columns[3], 8, latin1(total), border=1)
    pdf.ln(14)
    line(_("Fait le %(date)s.") % {"date": formats.date_format(issued, "DATE_FORMAT")})
    line(_("Pour %(commune)s") % {"commune": certificate.commune or _("la commune")}, style="B")
    pdf.ln(6)
    line(_("Document établi par la plateforme de participation Cocité."), size=8)
    return bytes(pdf.output())
