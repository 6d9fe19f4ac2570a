"""Reading Zoom and Microsoft Teams participant reports (CSV) into minutes attended per person.

Pure: no Flask, no database. Zoom's "Participants" export is UTF-8 CSV with a "User Email" (or "Email")
column and "Duration (Minutes)" (or "Total duration (minutes)"), one row per join, so people who
rejoined appear more than once. Teams' attendance report is UTF-16, tab-separated, in sections; its
participant table has "Name", "Email" and "In-Meeting Duration" ("1h 2m 3s"). Both are read here:
the header row is the first one with an email column and a duration column."""

import csv
import io
import re
from dataclasses import dataclass, field

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
_HMS = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$")
_CLOCK = re.compile(r"^(\d+):(\d\d)(?::(\d\d))?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ReportError(ValueError):
    """The file is not a participant report this reader understands (message for the user)."""


@dataclass
class Participant:
    """One person in the report: email (lower case, may be empty), name, total minutes over all joins."""

    email: str
    name: str
    minutes: float = 0.0
    rows: list[int] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The report's text: UTF-16 (Teams) when it starts with a UTF-16 mark, else UTF-8 (with or without BOM)."""
    if len(data) > MAX_BYTES:
        raise ReportError("The file is larger than 2 MB; export the participant list only.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ReportError("The file is not text; upload the CSV export from Zoom or Teams.") from error


def minutes_of(value: str) -> float | None:
    """Minutes from "47", "47.5", "1h 2m 3s", "1:02:03" or "62:03"; None if unreadable."""
    text = value.strip().lower()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    if (clock := _CLOCK.match(text)) is not None:
        a, b, c = clock.group(1), clock.group(2), clock.group(3)
        return int(a) * 60 + int(b) + int(c) / 60 if c is not None else int(a) + int(b) / 60
    hms = _HMS.match(text.replace(" ", ""))
    if hms is not None and any(hms.groups()):
        h, m, s = (int(g) if g else 0 for g in hms.groups())
        return h * 60 + m + s / 60
    return None


def _column(header: list[str], *needles: str, avoid: str = "") -> int | None:
    for index, name in enumerate(header):
        folded = name.strip().lower()
        if any(n in folded for n in needles) and not (avoid and avoid in folded):
            return index
    return None


def parse_report(text: str) -> list[Participant]:
    """Participants of a Zoom or Teams report, one per email (minutes summed), rows without an email kept apart."""
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))[:MAX_ROWS]
    start, header, email_col, minutes_col = -1, [], None, None
    for index, row in enumerate(rows):
        email_col = _column(row, "email")
        minutes_col = _column(row, "duration", "minutes", "time in meeting")
        if email_col is not None and minutes_col is not None:
            start, header = index, row
            break
    if email_col is None or minutes_col is None:
        raise ReportError("No column of email addresses and minutes was found. Upload the participants "
                          "report from Zoom (with emails) or the attendance report from Teams.")
    name_col = _column(header, "name", avoid="email")
    people: dict[str, Participant] = {}
    loose: list[Participant] = []
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        if len(row) <= max(email_col, minutes_col) or not any(cell.strip() for cell in row):
            continue
        if _column(row, "email") == email_col and _column(row, "duration", "minutes") is not None:
            break  # Teams: the next section's header
        minutes = minutes_of(row[minutes_col])
        if minutes is None:
            continue
        email = row[email_col].strip().lower()
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        if not _EMAIL.match(email):
            loose.append(Participant("", name, minutes, [number]))
            continue
        person = people.setdefault(email, Participant(email, name))
        person.minutes += minutes
        person.rows.append(number)
    if not people and not loose:
        raise ReportError("The report has no participant rows.")
    return list(people.values()) + loose
