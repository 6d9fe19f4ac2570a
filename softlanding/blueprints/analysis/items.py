"""How each kind of text shows in the workspace: a TextItem built from its row, never naming who wrote it.

Kinds: "answer" (a survey Answer), "closing" (a mentoring closing comment), "checkin" (a mentoring
check-in comment) and "turn" (a focus-group or interview transcript turn). Mentoring comments show only
the writer's side (and, for a check-in, its stage); survey answers show career stage and region only
when the survey was not anonymous.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from softlanding.blueprints.analysis import refs
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import RATING_LABELS
from softlanding.blueprints.mentoring.checkins import STAGES
from softlanding.core.extensions import db


@dataclass
class TextItem:
    """One codable text as the workspace shows it."""

    kind: str
    id: int
    text: str
    date: datetime | None
    event_title: str = ""
    event_id: int | None = None
    category: str = ""
    question: str = ""
    rating: int | None = None
    rating_label: str = ""
    career_stage: str | None = None
    region: str | None = None
    anonymous: bool = False
    codings: list = field(default_factory=list)
    memo_count: int = 0
    order_key: str = ""  # anonymous answers: their response's stored random key, its place within the day

    hidden: bool = False  # its team codings are kept from a second coder while they code it blind

    @cached_property  # a card uses it once per code checkbox: worked out once (about 60 µs)
    def ref(self):
        """The opaque reference that stands for this text in every URL, anchor and form (never its id)."""
        return refs.encode(self.kind, self.id)

    @cached_property  # used several times per code checkbox of a card
    def anchor(self):
        """The page anchor, from the opaque reference: no id (and so no order of answering) shows."""
        return f"text-{self.ref}"

    def segments(self):
        """The text cut at span boundaries: [(piece, codes on that piece)], for highlighting in their colours."""
        spans = [c for c in self.codings if c.start_offset is not None]
        cuts = sorted({0, len(self.text)} | {c.start_offset for c in spans} | {c.end_offset for c in spans})
        pieces = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            codes = [c.code for c in spans if c.start_offset <= a and b <= c.end_offset]
            pieces.append((self.text[a:b], list({c.id: c for c in codes}.values())))
        return pieces


@dataclass(frozen=True, slots=True)
class CodeView:
    """The fields of a code a card shows (a plain row: the workspace page builds no ORM objects for it)."""

    id: int
    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class CodingView:
    """One coding as a workspace card shows it: its code and, for a span, the offsets."""

    id: int
    code_id: int
    code: CodeView
    start_offset: int | None
    end_offset: int | None


def rating_label(value):
    """'Excellent' for 5 ... 'Very poor' for 1; '' when there is no rating."""
    return RATING_LABELS[5 - value] if value in range(1, 6) else ""


def answer_item(answer, rating=None):
    """A TextItem for a survey answer (identity never included)."""
    response, survey = answer.response, answer.response.survey
    event = survey.event
    return TextItem(
        kind="answer", id=answer.id, text=answer.text_value or "", date=response.submitted_on,
        event_title=event.title if event else survey.title, event_id=event.id if event else None,
        category=event.category if event else "", question=answer.question.prompt,
        rating=rating, rating_label=rating_label(rating), anonymous=survey.anonymous,
        career_stage=None if survey.anonymous else response.career_stage,
        region=None if survey.anonymous else response.region,
        order_key=(response.order_key or "") if survey.anonymous else "")


def answer_row_item(row):
    """A TextItem for a survey answer from the columns of ANSWER_COLUMNS (identity never included)."""
    anonymous = bool(row.anonymous)
    return TextItem(
        kind="answer", id=row.id, text=row.text_value or "", date=row.submitted_on,
        event_title=row.event_title if row.event_id is not None else row.survey_title, event_id=row.event_id,
        category=row.category if row.event_id is not None else "", question=row.prompt,
        rating=row.rating, rating_label=rating_label(row.rating), anonymous=anonymous,
        career_stage=None if anonymous else row.career_stage, region=None if anonymous else row.region,
        order_key=(row.order_key or "") if anonymous else "", memo_count=row.memo_count or 0)


def closing_item(row):
    """A TextItem for a mentoring closing comment (who wrote it is not shown; only their side)."""
    side = "mentor" if row.author_side == "mentor" else "mentee"
    return TextItem(kind="closing", id=row.id, text=row.comment or "", date=row.created_at,
                    event_title="Mentoring relationship", category="mentoring",
                    question=f"Closing comment ({side})", rating=row.rating,
                    rating_label=f"{row.rating} of 5" if row.rating else "")


def checkin_item(row):
    """A TextItem for a mentoring check-in comment: only the writer's side and the stage show, never who."""
    side = "mentor" if row.side == "mentor" else "mentee"
    stage = STAGES.get(row.stage, "Check-in").lower()
    return TextItem(kind="checkin", id=row.id, text=row.comment or "", date=row.created_at,
                    event_title="Mentoring relationship", category="mentoring",
                    question=f"Check-in, {stage} ({side})", rating=row.usefulness,
                    rating_label=f"{row.usefulness} of 5 useful" if row.usefulness else "")


def turn_item(turn):
    """A TextItem for a transcript turn: its speaker shown only by pseudonym (or label), never a name we hold."""
    transcript = turn.transcript
    event = db.session.get(Event, transcript.event_id) if transcript.event_id else None
    return TextItem(kind="turn", id=turn.id, text=turn.text,
                    date=datetime.combine(transcript.held_on, datetime.min.time(), tzinfo=UTC),
                    event_title=event.title if event else transcript.title, event_id=transcript.event_id,
                    category=event.category if event else "",
                    question=f"{transcript.title}: {transcript.speaker_name(turn.speaker)}")
