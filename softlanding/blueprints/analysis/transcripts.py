"""Focus groups and interviews as sources: upload a transcript (.txt, .docx, Zoom / Teams .vtt) with its
event and date; its speaker turns become codable passages; speakers can be given pseudonyms, which is
all the workspace, exports and suggestions ever show of them. The file is kept in the database, up to
MAX_BYTES."""

from datetime import date

from sqlalchemy import func, select

from softlanding.blueprints.analysis.models import Transcript, Turn
from softlanding.blueprints.events.models import Event
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db
from softlanding.lib import transcripts as parser
from softlanding.lib.sanitize import clean_text, free_text

MAX_BYTES = 1024 * 1024  # 1 MB: a two-hour focus group transcript is about 150 kB


def upload(user, title, event_id, held_on, filename, data):
    """Store a transcript and its turns; every problem with the fields or the file is reported at once."""
    errors = []
    title = clean_text(title or "", multiline=False)[:200]
    if not title:
        errors.append(("title", "Give the transcript a title, e.g. “Focus group, ST3 interviews”."))
    event = db.session.get(Event, event_id) if isinstance(event_id, int) else None
    if event_id and event is None:
        errors.append(("event_id", "Choose an event from the list."))
    if not isinstance(held_on, date):
        errors.append(("held_on", "Give the date the group met, e.g. 2026-03-14."))
    turns = []
    if not data:
        errors.append(("file", "Choose the transcript file (.txt, .docx or .vtt)."))
    elif len(data) > MAX_BYTES:
        errors.append(("file", "The file is larger than 1 MB; split the transcript into parts."))
    else:
        try:
            turns = parser.parse(filename, data)
        except parser.TranscriptError as error:
            errors.append(("file", str(error)))
    if errors:
        raise ValidationError(errors[0][1], field=errors[0][0])
    transcript = Transcript(title=title, event_id=event.id if event else None, held_on=held_on,
                            filename=clean_text(filename or "transcript", multiline=False)[:200], content=data,
                            pseudonyms={}, created_by_id=user.id)
    db.session.add(transcript)
    db.session.flush()
    db.session.add_all([Turn(transcript_id=transcript.id, position=i, speaker=clean_text(t.speaker, False)[:80]
                             or "Unknown speaker", text=free_text(t.text).strip(), start_ms=t.start_ms)
                        for i, t in enumerate(turns)])
    db.session.flush()
    return transcript, len(turns)


def event_choices(limit=300):
    """[(id, title, starts_at)] of the latest events, newest first, to file a transcript under."""
    return db.session.execute(select(Event.id, Event.title, Event.starts_at).order_by(Event.starts_at.desc())
                              .limit(limit)).all()


def get_transcript(transcript_id):
    """A transcript, or NotFound."""
    row = db.session.get(Transcript, transcript_id) if isinstance(transcript_id, int) else None
    if row is None:
        raise NotFound("That transcript does not exist.")
    return row


def all_transcripts():
    """[(transcript, number of turns)], newest meeting first."""
    counts = dict(db.session.execute(select(Turn.transcript_id, func.count()).group_by(Turn.transcript_id))
                  .tuples().all())
    return [(t, counts.get(t.id, 0)) for t in db.session.scalars(
        select(Transcript).order_by(Transcript.held_on.desc(), Transcript.id.desc()))]


def turns_of(transcript):
    """The transcript's turns in order."""
    return list(db.session.scalars(select(Turn).where(Turn.transcript_id == transcript.id).order_by(Turn.position)))


def speakers(transcript):
    """The speaker labels of a transcript, in order of first turn."""
    seen: dict[str, None] = {}
    for label in db.session.scalars(select(Turn.speaker).where(Turn.transcript_id == transcript.id)
                                    .order_by(Turn.position)):
        seen.setdefault(label, None)
    return list(seen)


def set_pseudonyms(transcript, mapping):
    """Give speakers pseudonyms ({label: pseudonym}; blank keeps the label)."""
    labels = set(speakers(transcript))
    clean = {}
    for label, pseudonym in mapping.items():
        if label not in labels:
            continue
        pseudonym = clean_text(pseudonym or "", multiline=False)[:80]
        if pseudonym:
            clean[label] = pseudonym
    transcript.pseudonyms = clean
    db.session.flush()
    return transcript
