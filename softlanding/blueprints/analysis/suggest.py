"""Suggested themes over the workspace's texts: computed on demand, never applied without acceptance.

Suggestions are not stored: the same texts and k always give the same suggestions (fixed seed), so
a suggestion is identified by a signature of its top terms. Every rename, dismissal and acceptance is
written to the SuggestionDecision log (who, when, how many, over which filters); only an acceptance
codes anything, and only the texts the organiser saw (and left ticked) on the review page. The review
lists members strongest first with their share; only strong matches start ticked. An accepted
suggestion is not offered again.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import select

from softlanding.blueprints.analysis import codebook, selection
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.models import Coding, SuggestionDecision, Turn
from softlanding.blueprints.feedback.models import Answer
from softlanding.blueprints.mentoring.models import ClosingFeedback
from softlanding.blueprints.mentoring.models_pair import PairCheckin
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db
from softlanding.lib import topics as themes

REVIEW_LIMIT = 200  # the strongest members shown on the review page, and so at most coded at once
HIDDEN = ("dismissed", "accepted")  # decisions that take a suggestion off the list


@dataclass
class Shown:
    """A suggestion as the page shows it."""

    signature: str
    name: str
    top_terms: list
    count: int
    typical: list  # TextItems
    members: list  # (kind, id) strongest first, at most REVIEW_LIMIT
    status: str  # "" | "renamed" | "accepted" | "dismissed"
    shares: dict = field(default_factory=dict)  # (kind, id) -> share of the text's weight on this theme
    strong: int = 0  # how many members (of all, not only those listed) are strong matches

    def is_strong(self, key) -> bool:
        """True when this member is a strong match (pre-ticked)."""
        return self.shares.get(key, 0.0) >= themes.STRONG_SHARE


def scope(filters):
    """The filters as plain JSON data, for the decision log."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(filters).items()
            if v not in (None, "", False)}


def corpus(filters):
    """[(kind, id, text)] of the texts the filters select (all of them, not a page)."""
    if filters.source == "mentoring":
        stmt = selection.closing_statement(filters).with_only_columns(ClosingFeedback.id, ClosingFeedback.comment)
        return [("closing", i, t) for i, t in db.session.execute(stmt)]
    if filters.source == "checkins":
        stmt = selection.checkin_statement(filters).with_only_columns(PairCheckin.id, PairCheckin.comment)
        return [("checkin", i, t) for i, t in db.session.execute(stmt)]
    if filters.source == "transcripts":
        stmt = selection.turn_statement(filters).with_only_columns(Turn.id, Turn.text)
        return [("turn", i, t) for i, t in db.session.execute(stmt)]
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
    """(suggestions, number of texts they were drawn from, number hidden as accepted or dismissed)."""
    texts = corpus(filters)
    every = _suggest(texts, _k(k), include_dismissed=True)
    shown = [s for s in every if s.status not in HIDDEN]
    return shown, len(texts), len(every) - len(shown)


def suggestions(filters, k, include_dismissed=False):
    """The suggestions for these texts, with their typical texts; dismissed ones left out."""
    return _suggest(corpus(filters), _k(k), include_dismissed)


def _suggest(texts, k, include_dismissed):
    found = themes.suggest([t for _kind, _id, t in texts], k=k, typical_n=3)
    decisions = _decisions()
    shown = []
    typical_keys = set()
    for s in found:
        decision = decisions.get(s.signature)
        if decision is not None and decision.decision in HIDDEN and not include_dismissed:
            continue
        members = [texts[i][:2] for i in s.members[:REVIEW_LIMIT]]
        typical_keys.update(members[:3])
        name = decision.name if decision is not None and decision.name else s.label
        shown.append(Shown(signature=s.signature, top_terms=s.top_terms, count=len(s.members), name=name,
                           typical=[], members=members, status=decision.decision if decision is not None else "",
                           shares=dict(zip(members, s.shares, strict=False)), strong=s.strong))
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


def _log(user, s, decision, k, filters, name="", code=None, answer_count=0):
    row = SuggestionDecision(signature=s.signature, decision=decision, name=name, top_terms=s.top_terms,
                             k=k, answer_count=answer_count, code_id=code.id if code else None,
                             decided_by_id=user.id, scope=scope(filters))
    db.session.add(row)
    db.session.flush()
    return row


def rename(user, filters, k, signature, name):
    """Give a suggestion a better name (logged); it stays a suggestion until accepted."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationError("Give a name of 1 to 120 characters.", field="name")
    s = find(filters, _k(k), signature)
    return _log(user, s, "renamed", _k(k), filters, name=name)


def dismiss(user, filters, k, signature):
    """Set a suggestion aside (logged); it is no longer shown."""
    s = find(filters, _k(k), signature)
    return _log(user, s, "dismissed", _k(k), filters, name=s.name)


def check_choice(s, keys):
    """The chosen texts, each once, in the suggestion's order; refused if any was not shown for review."""
    if s.status == "accepted":
        raise ValidationError("This suggestion has already been accepted; its code is in the codebook.")
    allowed = set(s.members)
    if any(key not in allowed for key in keys):
        raise ValidationError("Some answers were not among those shown for this suggestion.", field="items")
    chosen = set(keys)
    return [key for key in s.members if key in chosen]


def accept(user, filters, k, signature, name, definition, colour, parent_id, keys):
    """Create a code from a suggestion and apply it to the chosen texts among those shown for review."""
    k = _k(k)
    s = find(filters, k, signature)
    chosen = check_choice(s, keys)
    code = codebook.create_code(user, name, definition or f"Suggested theme: {', '.join(s.top_terms)}",
                                colour, parent_id, False)
    for kind, item_id in chosen:
        target = {analysis.TARGET_COLUMN[kind]: item_id}
        db.session.add(Coding(code_id=code.id, created_by_id=user.id, **target))
    db.session.flush()
    _log(user, s, "accepted", k, filters, name=code.name, code=code, answer_count=len(chosen))
    return code, len(chosen)


def decision_log(page=1, per_page=25):
    """The log of decisions on suggestions, newest first."""
    stmt = select(SuggestionDecision).order_by(SuggestionDecision.decided_at.desc(), SuggestionDecision.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)

