"""Themes for the report split by question polarity, and the quotes organisers pin per theme.

A quote may be pinned only from an answer whose group (the survey's respondents) has at least the
disclosure threshold, and the report shows it only while that still holds: a quote is never
attributed to a group smaller than the threshold.
"""

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.analysis import report_themes
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import Answer, QuotePin, SurveyResponse
from softlanding.core.errors import Conflict, NotFound
from softlanding.core.extensions import db
from softlanding.lib import disclosure

# Which questions say what helped and which what could be better (by question code).
POLARITY = {"went_well": "helped", "changed_practice": "helped", "improve": "better"}


class ThemeTotal(NamedTuple):
    """A theme's count of coded answers on one side (helped / could be better)."""

    theme_id: int
    theme: str
    answers: int


class PinnedQuote(NamedTuple):
    """A pinned quote as shown: theme, words, source."""

    theme_id: int
    theme: str
    text: str
    source: str
    answer_id: int


class Candidate(NamedTuple):
    """A coded answer an organiser may (or may not) pin, and why not. `token` names it in the page:
    an opaque HMAC, since an answer id would give away the order of answering."""

    answer_id: int
    token: str
    text: str
    source: str
    allowed: bool
    pinned: bool


def themes_by_polarity(start: date, end: date, category: str = "") -> dict[str, list[ThemeTotal]]:
    """{"helped": [...], "better": [...]}: themes by how many answers of each side were coded with them."""
    totals: dict[str, dict[int, list]] = {}
    for row in report_themes.theme_counts(start, end, category or None):
        side = POLARITY.get(row.question_code)
        if side is None:
            continue
        entry = totals.setdefault(side, {}).setdefault(row.theme_id, [row.theme, 0])
        entry[1] += row.answers
    return {side: sorted((ThemeTotal(tid, name, n) for tid, (name, n) in themes.items()),
                         key=lambda t: (-t.answers, t.theme)) for side, themes in totals.items()}


def group_sizes(survey_ids: Iterable[int]) -> dict[int, int]:
    """{survey_id: responses}, in one query."""
    ids = list(set(survey_ids))
    if not ids:
        return {}
    return {sid: n for sid, n in db.session.execute(select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
                                                    .where(SurveyResponse.survey_id.in_(ids))
                                                    .group_by(SurveyResponse.survey_id))}


def candidates(theme_id: int, start: date, end: date) -> tuple[str, list[Candidate]]:
    """(theme name, coded answers of the theme in the period) with whether each may be pinned."""
    name = report_themes.theme_name(theme_id)
    if name is None:
        raise NotFound("No such theme.")
    answers = report_themes.theme_answers(theme_id, start, end)
    sizes = group_sizes(a.survey_id for a in answers)
    pinned = set(db.session.scalars(select(QuotePin.answer_id).where(QuotePin.theme_id == theme_id)))
    return name, [Candidate(a.answer_id, anonymity.anchor_token(a.answer_id), a.extract, a.source,
                            disclosure.quote_allowed(sizes.get(a.survey_id, 0)), a.answer_id in pinned)
                  for a in answers]


def resolve(theme_id: int, token: str, start: date, end: date) -> int:
    """The answer id behind a candidate's opaque token (NotFound if it is not one of the theme's answers)."""
    _name, items = candidates(theme_id, start, end)
    for item in items:
        if item.token == token:
            return item.answer_id
    raise NotFound("That answer is not among this theme's answers for the period.")


def pin(user: User, theme_id: int, answer_id: int) -> QuotePin:
    """Pin an answer as a quote for a theme; refused for an answer from a group below the threshold."""
    if report_themes.theme_name(theme_id) is None or db.session.get(Answer, answer_id) is None:
        raise NotFound("No such theme or answer.")
    found = report_themes.answer_extract(theme_id, [answer_id]).get(answer_id)
    if found is None:
        raise Conflict("That answer is not coded with this theme.")
    if not disclosure.quote_allowed(group_sizes([found.survey_id]).get(found.survey_id, 0)):
        raise Conflict(f"That answer comes from a survey with fewer than {disclosure.THRESHOLD} responses: "
                       "a quote from it could point to the person.")
    existing = db.session.scalar(select(QuotePin).where(QuotePin.theme_id == theme_id, QuotePin.answer_id == answer_id))
    if existing is not None:
        return existing
    row = QuotePin(theme_id=theme_id, answer_id=answer_id, pinned_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    return row


def unpin(theme_id: int, answer_id: int) -> None:
    """Remove a pinned quote (nothing happens if it was not pinned)."""
    row = db.session.scalar(select(QuotePin).where(QuotePin.theme_id == theme_id, QuotePin.answer_id == answer_id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def pinned_quotes(start: date, end: date, category: str = "",
                  polarity: dict[str, list[ThemeTotal]] | None = None) -> list[PinnedQuote]:
    """The pinned quotes of the report's themes, from answers in the period, each from a large enough group
    (`polarity`: the themes_by_polarity the caller already has, so they are not counted twice)."""
    if polarity is None:
        polarity = themes_by_polarity(start, end, category)
    shown = {t.theme_id: t.theme for side in polarity.values() for t in side}
    pins = db.session.execute(select(QuotePin.theme_id, QuotePin.answer_id)
                              .where(QuotePin.theme_id.in_(list(shown))).order_by(QuotePin.id)).all()
    by_theme: dict[int, list[int]] = {}
    for theme_id, answer_id in pins:
        by_theme.setdefault(theme_id, []).append(answer_id)
    found = []
    in_period = {a.answer_id for tid in by_theme for a in report_themes.theme_answers(tid, start, end)}
    for theme_id, answer_ids in by_theme.items():
        extracts = report_themes.answer_extract(theme_id, [a for a in answer_ids if a in in_period])
        sizes = group_sizes(e.survey_id for e in extracts.values())
        for answer_id in answer_ids:
            e = extracts.get(answer_id)
            if e is not None and disclosure.quote_allowed(sizes.get(e.survey_id, 0)):
                found.append(PinnedQuote(theme_id, shown[theme_id], e.extract, e.source, answer_id))
    return found
