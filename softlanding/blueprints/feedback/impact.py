"""The impact report for funders: a date range (optionally one category) of events, with small numbers hidden.

Raw counts are gathered here; softlanding/disclosure.py decides what may be shown. The page and
the CSV are built from the same shown values, so neither reveals more than the other.
"""

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict

from sqlalchemy import func, select

from softlanding.blueprints.analysis.review import top_themes
from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.feedback.models import RATING_LABELS, Survey, SurveyInvitation, SurveyResponse
from softlanding.blueprints.feedback.results import overall_counts
from softlanding.core import reference
from softlanding.core.converters import MAX_YEAR, MIN_YEAR, sane_year
from softlanding.core.db import utcnow
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from softlanding.lib import disclosure
from softlanding.lib.csvsafe import write_csv


class ThemeRow(TypedDict):
    """One theme of the report: its name, the shown count, and a quote only where enough people answered."""

    theme: str
    count: int | str
    quote: str | None
    event: str


@dataclass
class Report:
    """Everything the report shows, already made safe to show."""

    start: date
    end: date
    category: str
    events_held: int
    figures: list[tuple[str, int | str]]
    response_rate: float | None
    ratings: disclosure.Table
    rating_shares: dict[str, float | None]
    share_excellent: float | None
    themes: list[ThemeRow]  # the most coded themes, from the analysis codebook
    mwres: list[tuple[str, str, int]]  # (code, label, events)
    categories: list[tuple[str, int, object, object]] = field(default_factory=list)  # (label, events, bookings shown, attended shown)


def parse_range(start_text: str | None, end_text: str | None, today: date | None = None) -> tuple[date, date]:
    """(start, end) dates from text; defaults to the last 12 months; errors name the field."""
    today = today or utcnow().date()
    try:
        start = date.fromisoformat(start_text) if start_text else today - timedelta(days=365)
    except ValueError:
        raise ValidationError("Enter the start date as YYYY-MM-DD.", field="start") from None
    try:
        end = date.fromisoformat(end_text) if end_text else today
    except ValueError:
        raise ValidationError("Enter the end date as YYYY-MM-DD.", field="end") from None
    for value, name in ((start, "start"), (end, "end")):
        if not sane_year(value.year):
            raise ValidationError(f"Enter a date between {MIN_YEAR} and {MAX_YEAR}.", field=name)
    if end < start:
        raise ValidationError("The end date must be on or after the start date.", field="end")
    return start, end


def _events_stmt(start, end, category):
    stmt = select(Event.id).where(Event.status == "published", Event.starts_at >= _day(start),
                                  Event.starts_at < _day(end + timedelta(days=1)), Event.ends_at <= utcnow())
    if category:
        stmt = stmt.where(Event.category == category)
    return stmt


def _day(value):
    return datetime.combine(value, time(0), tzinfo=UTC)


def build_report(start: date, end: date, category: str = "") -> Report:
    """The impact report for events held from `start` to `end` (inclusive), optionally one category."""
    if category and category not in reference.labels("event_category"):
        raise ValidationError("Choose a category from the list.", field="category")
    event_ids = select(_events_stmt(start, end, category).subquery().c.id)
    events = db.session.execute(select(Event.id, Event.category, Event.mwres_indicators)
                                .where(Event.id.in_(event_ids))).all()
    booked = Booking.status == "booked"
    bookings, attended, unique = db.session.execute(
        select(func.count(Booking.id), func.count(Booking.id).filter(Booking.attended.is_(True)),
               func.count(func.distinct(Booking.user_id)).filter(Booking.attended.is_(True)))
        .where(Booking.event_id.in_(event_ids), booked)).one()
    survey_ids = select(Survey.id).where(Survey.event_id.in_(event_ids))
    invited = db.session.scalar(select(func.count(SurveyInvitation.id))
                                .where(SurveyInvitation.survey_id.in_(survey_ids))) or 0
    responses = db.session.scalar(select(func.count(SurveyResponse.id))
                                  .where(SurveyResponse.survey_id.in_(survey_ids))) or 0
    ratings: Counter[int] = Counter()
    for row in overall_counts(event_ids=event_ids):
        ratings[row[4]] += row[5]
    counts = OrderedDict((label, ratings.get(5 - i, 0)) for i, label in enumerate(RATING_LABELS))
    table = disclosure.table(counts)
    figures = [("Bookings", disclosure.count(bookings)), ("Attendances", disclosure.count(attended)),
               ("Unique attendees", disclosure.count(unique)), ("People asked for feedback", disclosure.count(invited)),
               ("Responses", disclosure.count(responses))]
    return Report(
        start=start, end=end, category=category, events_held=len(events), figures=figures,
        response_rate=disclosure.rate(responses, invited), ratings=table,
        rating_shares={label: disclosure.table_share(table, label, counts) for label in counts},
        share_excellent=disclosure.table_share(table, "Excellent", counts),
        themes=_themes(start, end, category), mwres=_mwres(events),
        categories=[] if category else _categories(event_ids),
    )


def _themes(start: date, end: date, category: str) -> list[ThemeRow]:
    themes: list[ThemeRow] = []
    for item in top_themes(start, end, category=category or None, limit=5):
        quote = item.get("quote_answer_text") if disclosure.quote_allowed(item.get("count")) else None
        themes.append({"theme": item.get("theme", ""), "count": disclosure.count(item.get("count", 0)),
                       "quote": quote, "event": item.get("quote_event_title", "") if quote else ""})
    return themes


def _mwres(events):
    labels = reference.labels("mwres_indicator")
    per = Counter(code for e in events for code in set(e.mwres_indicators or []))
    order = list(labels)
    return [(code, labels.get(code, code), n)
            for code, n in sorted(per.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))]


def _categories(event_ids):
    """Per category: events, bookings, attendances; people counts suppressed down each column."""
    rows = db.session.execute(
        select(Event.category, func.count(func.distinct(Event.id)),
               func.count(Booking.id).filter(Booking.status == "booked"),
               func.count(Booking.id).filter(Booking.status == "booked", Booking.attended.is_(True)))
        .select_from(Event).outerjoin(Booking, Booking.event_id == Event.id)
        .where(Event.id.in_(event_ids)).group_by(Event.category).order_by(Event.category)).all()
    labels = reference.labels("event_category")
    booked = disclosure.table(OrderedDict((r[0], r[2]) for r in rows))
    attended = disclosure.table(OrderedDict((r[0], r[3]) for r in rows))
    return [(labels.get(r[0], r[0]), r[1], booked.shown(r[0]), attended.shown(r[0])) for r in rows]


def report_csv(report: Report) -> str:
    """The report as CSV text: one row per figure (section, item, value, percent)."""
    rows: list[tuple[object, ...]] = [("Report", "Period", f"{report.start.isoformat()} to {report.end.isoformat()}", ""),
            ("Report", "Category", reference.label("event_category", report.category) if report.category else "All", ""),
            ("Report", "Small numbers", f"Counts of 1 to {disclosure.THRESHOLD - 1} people are shown as "
             f"{disclosure.SMALL}; {disclosure.WITHHELD} is withheld so totals do not reveal them", ""),
            ("Activity", "Events held", report.events_held, "")]
    rows += [("Activity", label, value, "") for label, value in report.figures]
    rows.append(("Feedback", "Response rate (%)", "" if report.response_rate is None else report.response_rate, ""))
    for label, shown in report.ratings.cells:
        share = report.rating_shares.get(label)
        rows.append(("Overall rating", label, shown, "" if share is None else share))
    rows.append(("Overall rating", "Total", report.ratings.total, ""))
    for label, events, booked, attended in report.categories:
        rows += [("Events by category", label, events, ""), ("Bookings by category", label, booked, ""),
                 ("Attendances by category", label, attended, "")]
    for _code, label, n in report.mwres:
        rows.append(("MWRES indicator", label, n, ""))
    for theme in report.themes:
        rows.append(("Theme", theme["theme"], theme["count"], ""))
        if theme["quote"]:
            rows.append(("Theme quote", theme["theme"], theme["quote"], ""))
    return write_csv(rows, header=("section", "item", "value", "percent"))
