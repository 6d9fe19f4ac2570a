"""A pair's message thread: only its two members read it; new messages are told in bursts.

The other side gets one in-app notice and one email per burst: after the first unread message,
nothing more is sent until they mark the thread read (or reply). The email never carries the text
and is marked sensitive, so the admin outbox never shows it. A member may report a concern to the
organisers; a message is quoted only if the reporter chooses it.
"""

from datetime import datetime

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.accounts.users import organisers
from softlanding.blueprints.mentoring.models import ACTIVE, Mentorship
from softlanding.blueprints.mentoring.models_pair import PairConcern, PairMessage, ThreadState
from softlanding.blueprints.mentoring.space import get_space
from softlanding.blueprints.notifications.notify import Kind, notify
from softlanding.core.db import utcnow
from softlanding.core.errors import Conflict, ValidationError
from softlanding.core.extensions import db

KINDS = (
    Kind("mentoring_message", "New messages from your mentor or mentee", "Mentoring"),
    Kind("mentoring_concern", "A member reports a concern about a mentoring pair", "Organising", optional=False,
         roles=("organiser",)),
)
MESSAGE_MAX = 4000
CONCERN_MAX = 4000
PER_PAGE = 30


def _state(pair_id: int, user_id: int) -> ThreadState:
    state = db.session.scalar(select(ThreadState).where(ThreadState.mentorship_id == pair_id,
                                                        ThreadState.user_id == user_id))
    if state is None:
        state = ThreadState(mentorship_id=pair_id, user_id=user_id)
        db.session.add(state)
    return state


def thread(user: User, mentorship_id: int, page: int = 1) -> tuple[Mentorship, Pagination]:
    """The pair (for one of its members) and its messages, newest first, paged."""
    pair = get_space(user, mentorship_id)
    stmt = (select(PairMessage).where(PairMessage.mentorship_id == pair.id)
            .options(selectinload(PairMessage.author))
            .order_by(PairMessage.created_at.desc(), PairMessage.id.desc()))
    return pair, db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)


def last_read(user: User, mentorship_id: int) -> datetime | None:
    """When the member last marked this thread read (None: never)."""
    return db.session.scalar(select(ThreadState.last_read_at).where(
        ThreadState.mentorship_id == mentorship_id, ThreadState.user_id == user.id))


def unread_counts(user: User, mentorship_ids: list[int]) -> dict[int, int]:
    """{pair id: messages from the other side since the member last read}, one query."""
    if not mentorship_ids:
        return {}
    state = (select(ThreadState.mentorship_id, ThreadState.last_read_at)
             .where(ThreadState.user_id == user.id).subquery())
    stmt = (select(PairMessage.mentorship_id, func.count())
            .outerjoin(state, state.c.mentorship_id == PairMessage.mentorship_id)
            .where(PairMessage.mentorship_id.in_(mentorship_ids),
                   (PairMessage.author_id != user.id) | PairMessage.author_id.is_(None),
                   state.c.last_read_at.is_(None) | (PairMessage.created_at > state.c.last_read_at))
            .group_by(PairMessage.mentorship_id))
    return dict(db.session.execute(stmt).tuples().all())


def mark_read(user: User, mentorship_id: int, now: datetime | None = None) -> None:
    """The member has read the thread up to now (the next message starts a new burst)."""
    pair = get_space(user, mentorship_id)
    _state(pair.id, user.id).last_read_at = now or utcnow()
    db.session.flush()


def post_message(user: User, mentorship_id: int, body: str | None, now: datetime | None = None) -> PairMessage:
    """Add a message to an active pair's thread and tell the other side once per burst."""
    now = now or utcnow()
    pair = get_space(user, mentorship_id)
    if pair.status != ACTIVE:
        raise Conflict("This mentoring has ended; its messages are kept but no new ones can be sent.")
    body = (body or "").strip()
    if not body:
        raise ValidationError("Write a message first.", field="body")
    if len(body) > MESSAGE_MAX:
        raise ValidationError(f"Keep a message to {MESSAGE_MAX} characters; you can send another.", field="body")
    message = PairMessage(mentorship_id=pair.id, author_id=user.id, body=body, created_at=now)
    db.session.add(message)
    _state(pair.id, user.id).last_read_at = now  # replying means you have read the thread
    other = pair.mentee if pair.mentor_id == user.id else pair.mentor
    theirs = _state(pair.id, other.id)
    db.session.flush()
    emailed_since_read = theirs.last_emailed_at is not None and (
        theirs.last_read_at is None or theirs.last_emailed_at > theirs.last_read_at)
    if not emailed_since_read:
        theirs.last_emailed_at = now
        queued = notify(other, "mentoring_message", f"New message from {user.display_name} in your mentoring space",
                        "mentoring_message", endpoint="mentoring.messages", values={"mentorship_id": pair.id},
                        mentorship=pair, sender=user)
        if queued is not None:
            queued.sensitive = True  # never shown in the admin outbox (it carries no text anyway)
    db.session.flush()
    return message


def report_concern(user: User, mentorship_id: int, note: str | None, quote_message_id: int | None = None,
                   now: datetime | None = None) -> PairConcern:
    """Send the organisers a safeguarding note the member writes; quote one message only if chosen."""
    pair = get_space(user, mentorship_id)
    note = (note or "").strip()
    if not note:
        raise ValidationError("Say what worries you, in your own words.", field="note")
    if len(note) > CONCERN_MAX:
        raise ValidationError(f"Keep the note to {CONCERN_MAX} characters.", field="note")
    quoted = None
    if quote_message_id:
        quoted = db.session.get(PairMessage, quote_message_id)
        if quoted is None or quoted.mentorship_id != pair.id:
            raise ValidationError("Choose a message from this thread, or none.", field="quote")
    concern = PairConcern(mentorship_id=pair.id, reporter_id=user.id, note=note,
                          quoted_message_id=quoted.id if quoted else None,
                          quoted_text=quoted.body if quoted else "", created_at=now or utcnow())
    db.session.add(concern)
    db.session.flush()
    for organiser in organisers():
        if organiser.id in (pair.mentor_id, pair.mentee_id):
            continue  # a concern about a pair is never sent to someone in it
        notify(organiser, "mentoring_concern", "A mentoring concern has been reported", "mentoring_concern",
               endpoint="mentoring.concerns", concern=concern,
               mentorship=pair, reporter=user, quoted=quoted)
    return concern


def messages_for_export(user: User) -> list[dict]:
    """Every message in the member's pairs, for their data download (both sides of their own threads)."""
    stmt = (select(PairMessage).join(Mentorship, Mentorship.id == PairMessage.mentorship_id)
            .where((Mentorship.mentor_id == user.id) | (Mentorship.mentee_id == user.id))
            .options(selectinload(PairMessage.author), selectinload(PairMessage.mentorship))
            .order_by(PairMessage.mentorship_id, PairMessage.created_at, PairMessage.id))
    out = []
    for m in db.session.scalars(stmt):
        pair = m.mentorship
        other = pair.mentee_id if pair.mentor_id == user.id else pair.mentor_id
        out.append({"mentorship_id": pair.id, "my_side": pair.side_of(user.id), "other_user_id": other,
                    "from_me": m.author_id == user.id, "sent_at": m.created_at.isoformat(), "text": m.body})
    return out


def concerns_for_export(user: User) -> list[dict]:
    """Concerns the member reported, for their data download."""
    rows = db.session.scalars(select(PairConcern).where(PairConcern.reporter_id == user.id)
                              .order_by(PairConcern.created_at))
    return [{"mentorship_id": c.mentorship_id, "reported_at": c.created_at.isoformat(), "note": c.note,
             "quoted": c.quoted_text} for c in rows]


def recent_concerns(limit: int = 50) -> list[PairConcern]:
    """The latest concerns for organisers, with reporter and pair loaded."""
    stmt = (select(PairConcern).options(selectinload(PairConcern.reporter),
                                        selectinload(PairConcern.mentorship).selectinload(Mentorship.mentor),
                                        selectinload(PairConcern.mentorship).selectinload(Mentorship.mentee))
            .order_by(PairConcern.created_at.desc(), PairConcern.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))
