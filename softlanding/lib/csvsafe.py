"""CSV that spreadsheets cannot turn into formulas (CSV/formula injection, OWASP)."""

import csv
import io
from collections.abc import Iterable

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: object) -> str | int | float:
    """The cell as text, with a leading apostrophe when a spreadsheet would read it as a formula.

    Plain numbers (ints, floats) stay as they are, so negative numbers still sort as numbers.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_csv(rows: Iterable[Iterable[object]], header: Iterable[object] | None = None) -> str:
    """Rows (iterables of cells) as CSV text with every cell made safe; CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header is not None:
        writer.writerow([safe_cell(c) for c in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buffer.getvalue()
