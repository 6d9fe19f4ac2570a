"""PDF documents for the RCPCH ePortfolio: a certificate of attendance and a structured reflection.

Pure: no Flask, no database; the caller passes the font folder. fpdf2 is pure Python, and the vendored
DejaVu Sans covers accented Latin, Greek, Cyrillic and the Arabic script, so names are printed as typed."""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf2 (with fontTools and, through them, numpy) loads only when a PDF is made
    from fpdf import FPDF

INK = (11, 85, 99)


@dataclass(frozen=True)
class CertificateText:
    """Everything a certificate shows (and the verification page shows the same)."""

    network: str
    attendee: str
    title: str
    date: str
    hours: str
    host: str
    code: str
    verify_url: str


@dataclass(frozen=True)
class ReflectionText:
    """A reflective note under the ePortfolio's headings."""

    network: str
    attendee: str
    title: str
    date: str
    hours: str
    sections: tuple[tuple[str, str], ...]  # (heading, text)


def _pdf(fonts: Path, title: str) -> "FPDF":
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Soft Landing")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(True)  # uharfbuzz: joined Arabic-script letters, right to left
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    return pdf


def _line(pdf: "FPDF", text: str, size: int, bold: bool = False, gap: float = 4) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def certificate_pdf(text: CertificateText, fonts: Path) -> bytes:
    """A one-page certificate of attendance."""
    pdf = _pdf(fonts, f"Certificate of attendance: {text.title}")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 190, 277)
    pdf.ln(30)
    pdf.set_text_color(*INK)
    _line(pdf, text.network, 16, bold=True, gap=12)
    _line(pdf, "Certificate of attendance", 26, bold=True, gap=16)
    pdf.set_text_color(0, 0, 0)
    _line(pdf, "This is to certify that", 12)
    _line(pdf, text.attendee, 22, bold=True, gap=8)
    _line(pdf, "attended", 12)
    _line(pdf, text.title, 18, bold=True, gap=8)
    _line(pdf, f"on {text.date}", 12)
    _line(pdf, f"Duration: {text.hours} hours", 12)
    _line(pdf, f"Hosted by {text.host}", 12, gap=30)
    pdf.set_text_color(80, 80, 80)
    _line(pdf, f"Verification code: {text.code}", 10, gap=2)
    _line(pdf, f"Check this certificate at {text.verify_url}", 9)
    return bytes(pdf.output())


def reflection_pdf(text: ReflectionText, fonts: Path) -> bytes:
    """A reflective note, ready to copy into (or attach to) the ePortfolio."""
    pdf = _pdf(fonts, f"Reflection: {text.title}")
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, "Reflective note", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, f"{text.attendee}\n{text.title}\n{text.date} · {text.hours} hours · {text.network}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for heading, body in text.sections:
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, body or "(not written yet)", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())
