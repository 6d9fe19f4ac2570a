"""The impact report for funders: a period beside the previous period of the same length, in sections of
tables already made safe to show. The page, the CSV and the PDF are drawn from the same Report, so none
shows more (or less) than the others: counts of 1–7 people read "<8" (secondary suppression in tables
with totals), means and percentages from fewer than 8 people are withheld, quotes only as pinned.
"""

from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date

import pycountry

from softlanding.blueprints.feedback import outcomes, pins, report_cache, report_figures, report_period
from softlanding.blueprints.feedback.models import RATING_LABELS
from softlanding.blueprints.mentoring import stats as mentoring_stats
from softlanding.core import reference
from softlanding.core.db import utcnow
from softlanding.core.errors import ValidationError
from softlanding.lib import disclosure
from softlanding.lib.csvsafe import write_csv

NONE = "–"  # a mean or percentage withheld (too few people) or without data


@dataclass
class Table:
    """One table of a section: caption, column headings (the first labels the rows), shown rows."""

    caption: str
    columns: list[str]
    rows: list[list[object]]
    chart_column: int | None = None  # draw a bar chart of this column (counts), labelled by the first


@dataclass
class Quote:
    """A pinned quote: the theme, the words, where from (only an event or survey of at least 8 people)."""

    theme: str
    text: str
    source: str


@dataclass
class Section:
    """A section of the report, kept together on paper."""

    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Report:
    """The whole report, safe to show."""

    start: date
    end: date
    prev_start: date
    prev_end: date
    category: str
    produced_on: date
    produced_by: str
    sections: list[Section]
    theme_links: list[tuple[int, str]] = field(default_factory=list)  # (theme id, name): where to pin quotes

    @property
    def period(self) -> str:
        """The period in words."""
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def previous(self) -> str:
        """The previous period in words."""
        return f"{self.prev_start:%-d %B %Y} to {self.prev_end:%-d %B %Y}"


def _count(n: int) -> object:
    return disclosure.count(n)


def _mean(total: float, n: int, digits: int = 2) -> object:
    return round(total / n, digits) if n >= disclosure.THRESHOLD else NONE


def _pct(part: int, whole: int) -> object:
    value = disclosure.share(part, whole) if whole >= disclosure.THRESHOLD else None
    return NONE if value is None else f"{value}%"


def _rating_mean(counter: Counter[int]) -> object:
    return _mean(sum(v * c for v, c in counter.items()), sum(counter.values()))


def _share_excellent(counter: Counter[int]) -> object:
    return _pct(counter.get(5, 0), sum(counter.values()))


def _breakdown(caption: str, label_kind: str | None, this: Counter[str], prev: Counter[str],
               names: dict[str, str] | None = None, heading: str = "Group") -> Table:
    names = names or (reference.labels(label_kind) if label_kind else {})
    keys = list(OrderedDict.fromkeys([k for k in names if this.get(k) or prev.get(k)]
                                     + sorted(k for k in set(this) | set(prev) if k not in names)))
    a = disclosure.table(OrderedDict((k, this.get(k, 0)) for k in keys))
    b = disclosure.table(OrderedDict((k, prev.get(k, 0)) for k in keys))
    rows: list[list[object]] = [[names.get(k) or (k or "Not given"), a.shown(k), b.shown(k)] for k in keys]
    rows.append(["Total", a.total, b.total])
    return Table(caption, [heading, "This period", "Previous period"], rows, chart_column=1)


def build_report(start: date, end: date, category: str = "", produced_by: str = "") -> Report:
    """The impact report for events held from `start` to `end` (inclusive), beside the previous period."""
    if category and category not in reference.labels("event_category"):
        raise ValidationError("Choose a category from the list.", field="category")
    # The kept report is shared by every organiser: a copy names who produced this one, and when.
    kept = report_cache.kept(report_cache.REPORT, start, end, category, lambda: _compute(start, end, category))
    return replace(kept, produced_on=utcnow().date(), produced_by=produced_by)


def _compute(start: date, end: date, category: str) -> Report:
    prev_start, prev_end = report_period.previous_period(start, end)

    def kept(kind: str, compute):
        return report_cache.kept(kind, start, end, category, compute)

    periods = ((start, end), (prev_start, prev_end))
    attended = kept("report_attendance", lambda: [report_figures.attendance(a, b, category) for a, b in periods])
    answered = kept("report_answers", lambda: [report_figures.answers(a, b, category) for a, b in periods])
    now, was = (report_figures.combine(*pair) for pair in zip(attended, answered, strict=True))
    sections = [_reach(now, was), _events(now, was), _confidence(now, was)]
    if not category:
        sections.append(_mentoring(*kept("report_mentoring", lambda: (mentoring_stats.summary(start, end),
                                                                      mentoring_stats.summary(prev_start, prev_end)))))
    sections.append(_outcomes(kept("report_outcomes", lambda: outcomes.outcome_figures(start, end, category))))
    themes, links = kept("report_themes", lambda: _themes(start, end, category))
    sections.append(themes)
    return Report(start, end, prev_start, prev_end, category, utcnow().date(), "", sections, links)


def _reach(now: report_figures.Figures, was: report_figures.Figures) -> Section:
    key = Table("People reached", ["Figure", "This period", "Previous period"], [
        ["People who attended at least one event", _count(now.reached), _count(was.reached)],
        ["New (first event in this period)", _count(now.new), _count(was.new)],
        ["Returning", _count(now.reached - now.new), _count(was.reached - was.new)],
    ])
    countries = {c: _country(c) for c in set(now.by_country) | set(was.by_country) if c}
    return Section("reach", "Reach", "Distinct people who attended the period's events, as their profiles describe them.", [
        key,
        _breakdown("People reached by career stage", "career_stage", now.by_stage, was.by_stage,
                   heading="Career stage"),
        _breakdown("People reached by region", "region", now.by_region, was.by_region, heading="Region"),
        _breakdown("People reached by country of primary medical qualification", None, now.by_country,
                   was.by_country, names=dict(sorted(countries.items(), key=lambda kv: kv[1])),
                   heading="Country of qualification"),
    ])


def _country(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)  # the ISO list the profiles use
    return found.name if found else code


def _events(now: report_figures.Figures, was: report_figures.Figures) -> Section:
    key = Table("Events and feedback", ["Figure", "This period", "Previous period"], [
        ["Events held", now.events, was.events],
        ["Attendances", _count(now.attendances), _count(was.attendances)],
        ["People asked for feedback", _count(now.invited), _count(was.invited)],
        ["Responses", _count(now.responses), _count(was.responses)],
        ["Response rate", _pct(now.responses, now.invited) if now.invited >= 8 else NONE,
         _pct(was.responses, was.invited) if was.invited >= 8 else NONE],
        ["Mean overall rating (5 = Excellent)", _rating_mean(now.ratings), _rating_mean(was.ratings)],
        ["Rated Excellent", _share_excellent(now.ratings), _share_excellent(was.ratings)],
    ])
    counts = OrderedDict((label, now.ratings.get(5 - i, 0)) for i, label in enumerate(RATING_LABELS))
    tab = disclosure.table(counts)
    ratings = Table("Overall rating: number of responses", ["Rating", "Responses", "Share"],
                    [[label, shown, NONE if (s := disclosure.table_share(tab, label, counts)) is None else f"{s}%"]
                     for label, shown in tab.cells] + [["Total", tab.total, ""]], chart_column=1)
    labels = reference.labels("event_category")
    seen = set(now.cat_events) | set(was.cat_events)
    cats = [c for c in labels if c in seen] + sorted(c for c in seen if c not in labels)
    att = disclosure.table(OrderedDict((c, now.cat_attendances.get(c, 0)) for c in cats))
    att_was = disclosure.table(OrderedDict((c, was.cat_attendances.get(c, 0)) for c in cats))
    by_cat = Table("Events by category",
                   ["Category", "Events", "Attendances", "Mean rating", "Excellent", "Events (previous)",
                    "Attendances (previous)", "Mean rating (previous)"], [
        [labels.get(c, c), now.cat_events.get(c, 0), att.shown(c), _rating_mean(now.cat_ratings.get(c, Counter())),
         _share_excellent(now.cat_ratings.get(c, Counter())), was.cat_events.get(c, 0), att_was.shown(c),
         _rating_mean(was.cat_ratings.get(c, Counter()))] for c in cats])
    mwres = reference.labels("mwres_indicator")
    tagged = set(now.mwres_events) | set(was.mwres_events)
    codes = [c for c in mwres if c in tagged] + sorted(c for c in tagged if c not in mwres)
    by_mwres = Table("Events by MWRES indicator",
                     ["Indicator", "Events", "Attendances", "Events (previous)", "Attendances (previous)"], [
        [mwres.get(c, c), now.mwres_events.get(c, 0), _count(now.mwres_attendances.get(c, 0)),
         was.mwres_events.get(c, 0), _count(was.mwres_attendances.get(c, 0))] for c in codes])
    return Section("events", "Events", "Events held in the period, their attendances and overall ratings.",
                   [key, ratings, by_cat, by_mwres])


def _confidence_row(label: str, c: report_figures.Confidence) -> list[object]:
    return [label, _count(c.pairs), _mean(c.before, c.pairs), _mean(c.after, c.pairs), _pct(c.improved, c.pairs)]


def _confidence(now: report_figures.Figures, was: report_figures.Figures) -> Section:
    cols = ["Period or category", "People (paired)", "Mean before", "Mean after", "Improved"]
    labels = reference.labels("event_category")
    rows = [_confidence_row("This period", now.confidence), _confidence_row("Previous period", was.confidence)]
    per = [_confidence_row(labels.get(c, c), now.cat_confidence[c]) for c in labels if c in now.cat_confidence]
    return Section("confidence", "Confidence before and after",
                   "Confidence on the event's topic (1 to 5), before and after, paired for each person who gave both.",
                   [Table("Change in confidence", cols, rows), Table("Change in confidence by category", cols, per)])


def _mentoring(now: mentoring_stats.MentoringSummary, was: mentoring_stats.MentoringSummary) -> Section:
    def fig(value: object, n: int) -> object:
        return NONE if value is None or n < disclosure.THRESHOLD else value

    def rows(s: mentoring_stats.MentoringSummary) -> list[object]:
        c = s["checkins"]
        return [_count(s["pairs_made"]), fig(s["median_wait_days"], s["pairs_made"]),
                fig(s["meetings_per_pair"], s["pairs_made"]), _count(s["closing_n"]),
                fig(s["closing_mean"], s["closing_n"]), _count(c["n"]), fig(c["usefulness_mean"], c["n"]),
                fig(c["confidence_mean"], c["n"])]

    labels = ["Pairs made", "Median wait to a match (days)", "Meetings per pair", "Closing ratings given",
              "Mean closing rating (1 to 5)", "Check-ins", "Mean check-in usefulness (1 to 5)",
              "Mean check-in confidence (1 to 5)"]
    a, b = rows(now), rows(was)
    return Section("mentoring", "Mentoring", "Mentoring relationships that started in the period.", [
        Table("Mentoring", ["Figure", "This period", "Previous period"], [[label, a[i], b[i]] for i, label in enumerate(labels)])])


def _outcomes(figures: outcomes.OutcomeFigures) -> Section:
    national = outcomes.national_figures()

    def nat(code: str) -> object:
        found = national.get(code)
        return f"{found.value:g}%" if found and found.value is not None else "Not entered"

    exams = Table("MRCPCH results", ["Exam", "Results known", "Passed", "Pass rate", "Passed first time",
                                     "National pass rate"],
                  [[r["label"], _count(r["results"]), _count(r["passed"]), _pct(r["passed"], r["results"]),
                    _count(r["first_attempt_passed"]), nat(f"pass_{r['component']}")] for r in figures["exams"]])
    asked, offers = figures["interview_answers"], figures["interview_offers"]
    interviews = Table("Interview offers after mock interviews", ["Group", "Outcomes known", "Offered a post", "Share offered",
                                                                  "National share offered"],
                       [["Mock interview attendees", _count(asked), _count(offers), _pct(offers, asked),
                         nat("interview_offer")]])
    counts = OrderedDict((label, figures["arcp"].get(label, 0)) for label in outcomes.ARCP_OUTCOMES)
    tab = disclosure.table(counts)
    total = sum(counts.values())
    arcp = Table("ARCP outcomes", ["Outcome", "People"], [[k, v] for k, v in tab.cells] + [["Total", tab.total]],
                 chart_column=1)
    arcp_share = Table("ARCP Outcome 1", ["Group", "Share with Outcome 1", "National share"],
                       [["Members answering", _pct(counts[outcomes.ARCP_OUTCOMES[0]], total)
                         if outcomes.ARCP_OUTCOMES[0] not in tab.hidden else NONE, nat("arcp_outcome1")]])
    return Section("outcomes", "Outcomes", "Results members recorded in their profiles and gave in follow-up surveys, "
                   "with the national figure where one has been entered.", [exams, interviews, arcp, arcp_share])


def _themes(start: date, end: date, category: str) -> tuple[Section, list[tuple[int, str]]]:
    polarity = pins.themes_by_polarity(start, end, category)
    links = list(OrderedDict.fromkeys((t.theme_id, t.theme) for side in polarity.values() for t in side))
    tables = []
    for key, caption in (("helped", "What helped"), ("better", "What could be better")):
        rows = polarity.get(key, [])
        tables.append(Table(caption, ["Theme", "Answers"], [[t.theme, _count(t.answers)] for t in rows]))
    quotes = [Quote(q.theme, q.text, q.source) for q in pins.pinned_quotes(start, end, category, polarity)]
    return Section("themes", "Themes from what people wrote",
                   "Answers coded into themes, counted apart for what helped and for what could be better. "
                   "Quotes are chosen by the organisers, only from groups of at least 8 people.", tables, quotes), links


def report_csv(report: Report) -> str:
    """The report as CSV: one row per shown cell (section, table, row, column, value)."""
    rows: list[tuple[object, ...]] = [
        ("Report", "Period", "", "", report.period), ("Report", "Previous period", "", "", report.previous),
        ("Report", "Category", "", "", reference.label("event_category", report.category) if report.category else "All"),
        ("Report", "Produced", "", "", f"{report.produced_on.isoformat()} by {report.produced_by}".strip()),
        ("Report", "Small numbers", "", "", f"Counts of 1 to {disclosure.THRESHOLD - 1} people are shown as "
         f"{disclosure.SMALL}; {disclosure.WITHHELD} is withheld so totals do not reveal them; {NONE}: not shown")]
    for section in report.sections:
        for table in section.tables:
            for row in table.rows:
                for column, value in zip(table.columns[1:], row[1:], strict=False):
                    rows.append((section.title, table.caption, row[0], column, value))
        for quote in section.quotes:
            rows.append((section.title, "Quote", quote.theme, quote.source, quote.text))
    return write_csv(rows, header=("section", "table", "row", "column", "value"))
