"""CSV that spreadsheets open correctly: a UTF-8 byte-order mark (Excel otherwise reads "José" as
"JosÃ©"), one local date-time format, and no cell a spreadsheet would turn into a formula (OWASP)."""

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

BOM = "\ufeff"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"  # every date-time cell; the header names the zone
DATE_FORMAT = "%Y-%m-%d"

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


def local_datetime(value: datetime | None, tz: str) -> str:
    """A UTC timestamp as local time in the CSV format ("" for None)."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(tz)).strftime(DATETIME_FORMAT)


def local_date(value: datetime | None, tz: str) -> str:
    """The local calendar date of a UTC timestamp ("" for None)."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(tz)).strftime(DATE_FORMAT)


def write_csv(rows: Iterable[Iterable[object]], header: Iterable[object] | None = None) -> str:
    """Rows (iterables of cells) as CSV text starting with a UTF-8 byte-order mark, every cell made safe,
    CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header is not None:
        writer.writerow([safe_cell(c) for c in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buffer.getvalue()
