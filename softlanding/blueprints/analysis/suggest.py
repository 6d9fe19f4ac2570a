"""Suggested themes over the workspace's texts: computed on demand, never applied without acceptance.

Suggestions are not stored: the same texts and k always give the same suggestions (fixed seed), so
a suggestion is identified by a signature of its top terms. Every rename, dismissal and acceptance is
written to the SuggestionDecision log; only an acceptance codes anything, and only the texts the
organiser saw (and left ticked) on the review page.
"""

from dataclasses import dataclass

from sqlalchemy import select

from softlanding.blueprints.analysis import codebook, selection
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.models import Coding, SuggestionDecision
from softlanding.blueprints.feedback.models import Answer
from softlanding.blueprints.mentoring.models import ClosingFeedback
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db
from softlanding.lib import topics as themes

REVIEW_LIMIT = 100  # the most typical texts shown on the review page, and so at most coded at once


@dataclass
class Shown:
    """A suggestion as the page shows it."""

    signature: str
    name: str
    top_terms: list
    count: int
    typical: list  # TextItems
    members: list  # (kind, id) in order of how typical they are
    status: str  # "" | "renamed" | "accepted"


def corpus(filters):
    """[(kind, id, text)] of the texts the filters select (all of them, not a page)."""
    if filters.source == "mentoring":
        stmt = selection.closing_statement(filters).with_only_columns(ClosingFeedback.id, ClosingFeedback.comment)
        return [("closing", i, t) for i, t in db.session.execute(stmt)]
    stmt = selection.answers_statement(filters, columns=[Answer.id, Answer.text_value])
    return [("answer", i, t) for i, t in db.session.execute(stmt)]


def _decisions():
    """{signature: latest decision row} from the log."""
    latest = {}
    for row in db.session.scalars(select(SuggestionDecision).order_by(SuggestionDecision.decided_at,
                                                                      SuggestionDecision.id)):
        latest[row.signature] = row
    return latest


def _k(k):
    try:
        k = int(k)
    except (TypeError, ValueError):
        raise ValidationError(f"Choose a number of themes from {themes.MIN_K} to {themes.MAX_K}.", field="k") from None
    if not themes.MIN_K <= k <= themes.MAX_K:
        raise ValidationError(f"Choose a number of themes from {themes.MIN_K} to {themes.MAX_K}.", field="k")
    return k


def run(filters, k):
    """(suggestions, number of texts they were drawn from) for the suggestions page."""
    texts = corpus(filters)
    return _suggest(texts, _k(k), include_dismissed=False), len(texts)


def suggestions(filters, k, include_dismissed=False):
    """The suggestions for these texts, with their typical texts; dismissed ones left out."""
    return _suggest(corpus(filters), _k(k), include_dismissed)


def _suggest(texts, k, include_dismissed):
    found = themes.suggest([t for _kind, _id, t in texts], k=k, typical_n=REVIEW_LIMIT)
    decisions = _decisions()
    shown = []
    typical_keys = set()
    for s in found:
        decision = decisions.get(s.signature)
        if decision is not None and decision.decision == "dismissed" and not include_dismissed:
            continue
        members = [texts[i][:2] for i in s.typical]
        typical_keys.update(members[:3])
        shown.append(Shown(signature=s.signature, top_terms=s.top_terms, count=len(s.members),
                           name=decision.name if decision is not None and decision.name else s.label,
                           typical=[], members=members,
                           status=decision.decision if decision is not None else ""))
    items = _load({key for key in typical_keys})
    for row in shown:
        row.typical = [items[key] for key in row.members[:3] if key in items]
    return shown


def _load(keys):
    """{(kind, id): TextItem} for a set of keys."""
    return analysis.load_items(keys)


def find(filters, k, signature):
    """One suggestion (dismissed ones included) by signature, or NotFound."""
    for s in suggestions(filters, k, include_dismissed=True):
        if s.signature == signature:
            return s
    raise NotFound("That suggestion is no longer there (the answers have changed). Run the suggestions again.")


def review(filters, k, signature):
    """(suggestion, [TextItem]) the texts an acceptance would code, most typical first."""
    s = find(filters, k, signature)
    items = _load(set(s.members))
    return s, [items[key] for key in s.members if key in items]


def _log(user, s, decision, k, name="", code=None, answer_count=0):
    row = SuggestionDecision(signature=s.signature, decision=decision, name=name, top_terms=s.top_terms,
                             k=k, answer_count=answer_count, code_id=code.id if code else None,
                             decided_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    return row


def rename(user, filters, k, signature, name):
    """Give a suggestion a better name (logged); it stays a suggestion until accepted."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationError("Give a name of 1 to 120 characters.", field="name")
    s = find(filters, _k(k), signature)
    return _log(user, s, "renamed", _k(k), name=name)


def dismiss(user, filters, k, signature):
    """Set a suggestion aside (logged); it is no longer shown."""
    s = find(filters, _k(k), signature)
    return _log(user, s, "dismissed", _k(k), name=s.name)


def accept(user, filters, k, signature, name, definition, colour, parent_id, keys):
    """Create a code from a suggestion and apply it to the chosen texts among those shown for review."""
    k = _k(k)
    s = find(filters, k, signature)
    allowed = set(s.members)
    chosen = [key for key in keys if key in allowed]
    if len(chosen) != len(keys):
        raise ValidationError("Some answers were not among those shown for this suggestion.", field="items")
    code = codebook.create_code(user, name, definition or f"Suggested theme: {', '.join(s.top_terms)}",
                                colour, parent_id, False)
    for kind, item_id in chosen:
        target = {"answer_id": item_id} if kind == "answer" else {"closing_feedback_id": item_id}
        db.session.add(Coding(code_id=code.id, created_by_id=user.id, **target))
    db.session.flush()
    _log(user, s, "accepted", k, name=code.name, code=code, answer_count=len(chosen))
    return code, len(chosen)


def decision_log(page=1, per_page=25):
    """The log of decisions on suggestions, newest first."""
    stmt = select(SuggestionDecision).order_by(SuggestionDecision.decided_at.desc(), SuggestionDecision.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)

