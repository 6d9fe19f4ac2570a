"""The impact report as a PDF to hand over (fpdf2, pure Python): a cover with the network's name, period,
date produced and by whom; page numbers; each section kept together where it fits on a page; bar
charts drawn as vector rectangles. The text is the Report's shown values, nothing more.
"""

from pathlib import Path

from fpdf import FPDF

from softlanding.blueprints.feedback.impact import NONE, Report, Section, Table
from softlanding.core import reference
from softlanding.lib import disclosure
from softlanding.lib.charts import Bar, bar_layout

FONTS = Path(__file__).resolve().parents[3] / "static" / "fonts"
INK, TEAL, MUTED = (33, 33, 33), (11, 85, 99), (90, 90, 90)


class _PDF(FPDF):
    network = ""

    def footer(self):
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.network} · Impact report · Page {self.page_no()} of {{nb}}", align="C")


def _safe(pdf: FPDF, text: object) -> str:
    # The font has no emoji: characters it cannot draw are left out rather than shown as boxes.
    cmap = getattr(pdf.current_font, "cmap", None)
    value = str(text)
    if not cmap:
        return value
    return "".join(ch for ch in value if ord(ch) in cmap or ch in "\n\t ")


def report_pdf(report: Report, network: str) -> bytes:
    """The report as PDF bytes."""
    pdf = _PDF(format="A4")
    pdf.network = network
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{network}: impact report, {report.period}")
    pdf.set_author(report.produced_by or network)
    pdf.set_creator(network)
    pdf.set_auto_page_break(True, margin=18)
    pdf.alias_nb_pages()
    _cover(pdf, report, network)
    for section in report.sections:
        _section(pdf, section)
    return bytes(pdf.output())


def _cover(pdf: FPDF, report: Report, network: str) -> None:
    pdf.add_page()
    pdf.set_text_color(*TEAL)
    pdf.set_font("DejaVu", "B", 26)
    pdf.ln(50)
    pdf.multi_cell(0, 12, _safe(pdf, network), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 20)
    pdf.multi_cell(0, 10, "Impact report", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "", 13)
    category = reference.label("event_category", report.category) if report.category else "All events and mentoring"
    for line in (f"Period: {report.period}", f"Compared with: {report.previous}", f"Covers: {category}",
                 f"Produced on {report.produced_on:%-d %B %Y}" + (f" by {report.produced_by}" if report.produced_by else "")):
        pdf.multi_cell(0, 8, _safe(pdf, line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 5, f"To protect people, any count of 1 to {disclosure.THRESHOLD - 1} people is shown as "
                   f"“{disclosure.SMALL}”; “{disclosure.WITHHELD}” marks a number withheld so that a small number "
                   f"cannot be worked out from a total; “{NONE}” marks a mean or share not shown because too few "
                   "people gave it. Quotes come only from groups of at least "
                   f"{disclosure.THRESHOLD} people.", new_x="LMARGIN", new_y="NEXT")


def _section(pdf: FPDF, section: Section) -> None:
    if pdf.page_no() == 1:
        pdf.add_page()
    # Kept together: drawn once to measure; a section that fits a page but not the rest of this one starts a new page.
    height = _measure(pdf, section)
    room = pdf.h - pdf.b_margin - pdf.get_y()
    usable = pdf.h - pdf.b_margin - pdf.t_margin
    if height > room and height <= usable:
        pdf.add_page()
    _draw(pdf, section)


def _measure(pdf: FPDF, section: Section) -> float:
    with pdf.offset_rendering() as dummy:  # a recorder: drawn, measured, then rewound
        start = dummy.get_y()
        _draw(dummy, section)  # type: ignore[arg-type]  # the recorder stands in for the FPDF
        height = dummy.get_y() - start + (dummy.page - pdf.page) * pdf.eph
    return height


def _draw(pdf: FPDF, section: Section) -> None:
    pdf.set_text_color(*TEAL)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 9, _safe(pdf, section.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, _safe(pdf, section.intro), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for table in section.tables:
        _table(pdf, table)
    if section.quotes:
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 7, "In their words", new_x="LMARGIN", new_y="NEXT")
        for quote in section.quotes:
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 5, _safe(pdf, f"“{quote.text}”"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 8)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(0, 5, _safe(pdf, f"{quote.theme} · {quote.source}"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(*INK)
            pdf.ln(1)
    pdf.ln(4)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, _safe(pdf, table.caption), new_x="LMARGIN", new_y="NEXT")
    if not table.rows:
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 5, "Nothing to show for this period.", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        return
    pdf.set_font("DejaVu", "", 8)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    first = 0.4 if len(table.columns) > 3 else 0.5
    widths = [width * first] + [width * (1 - first) / (len(table.columns) - 1)] * (len(table.columns) - 1)
    with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (len(widths) - 1),
                   line_height=4.5, first_row_as_headings=True) as grid:
        head = grid.row()
        for column in table.columns:
            head.cell(_safe(pdf, column))
        for values in table.rows:
            row = grid.row()
            for value in values:
                row.cell(_safe(pdf, "" if value is None else value))
    if table.chart_column is not None:
        _chart(pdf, table)
    pdf.ln(3)


def _chart(pdf: FPDF, table: Table) -> None:
    col = table.chart_column or 1
    bars = [Bar(str(r[0]), float(v) if isinstance(v := r[col], int) else 0.0, str(r[col]))
            for r in table.rows if r[0] != "Total"]
    if not any(b.value for b in bars):
        return
    width = pdf.w - pdf.l_margin - pdf.r_margin
    top = pdf.get_y() + 2
    pdf.set_font("DejaVu", "", 7)
    for box in bar_layout(bars, width, bar_h=4.0, gap=1.5, label_w=60.0, value_w=14.0):
        y = top + box.y
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(58, 4, _safe(pdf, box.label)[:40], align="R")
        pdf.set_fill_color(*TEAL)
        if box.w > 0:
            pdf.rect(pdf.l_margin + box.x, y, box.w, box.h, style="F")  # a vector rectangle, not an image
        pdf.set_xy(pdf.l_margin + box.x + box.w + 1, y)
        pdf.cell(14, 4, _safe(pdf, box.shown))
    pdf.set_y(top + len(bars) * 5.5 + 2)
