"""Thematic analysis: the codebook (codes grouped under themes), codings, memos, suggestion decisions.

A coding or a memo points at exactly one text: a survey answer, a mentoring closing comment, a
mentoring check-in comment or a transcript turn (nullable foreign keys and a check constraint). We chose this over mirroring closing comments into a
system survey: a mirror would need keeping in step with the source and would show up in the surveys
area's own lists; two keys keep each text where it lives.
"""

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:  # names for the relationship annotations only; the mapper resolves the strings
    from softlanding.blueprints.accounts.models import User

# Exactly one text: a survey answer, a mentoring closing comment, a check-in comment or a transcript turn.
ONE_TARGET = ("(CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END) + "
              "(CASE WHEN closing_feedback_id IS NULL THEN 0 ELSE 1 END) + "
              "(CASE WHEN turn_id IS NULL THEN 0 ELSE 1 END) + "
              "(CASE WHEN checkin_id IS NULL THEN 0 ELSE 1 END) = 1")
DECISIONS = ("accepted", "renamed", "dismissed")


def new_guid() -> str:
    """A fresh REFI-QDA GUID (a random UUID in its canonical text form)."""
    return str(uuid.uuid4())


class Project(Model):
    """The one analysis project: its stable GUID, the project memo and the reflexive-TA setting.

    The GUID is also the secret namespace from which the GUIDs of exported sources, cases, users and
    selections are derived (UUID 5), so they stay the same from export to export without revealing ids.
    """

    __tablename__ = "analysis_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    memo: Mapped[str] = mapped_column(Text, default="")
    reflexive: Mapped[bool] = mapped_column(default=False)  # reflexive TA: no inter-rater statistics shown
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class Code(Model):
    """A code (or a theme: a parent code that groups codes and is not applied to text itself)."""

    __tablename__ = "analysis_code"
    __table_args__ = (Index("ix_analysis_code_guid", "guid", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept through exchange. Nullable only in the schema: SQLite cannot make an added column NOT NULL
    # without rebuilding the table, and rebuilding it would cascade-delete every coding and memo.
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    definition: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#0b5563")  # one of the accessible palette
    is_theme: Mapped[bool] = mapped_column(default=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_code.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    parent: Mapped["Code | None"] = relationship("Code", remote_side=[id], lazy="joined", join_depth=1)


class Transcript(Model):
    """A focus group or interview transcript, as uploaded (the file is kept, within a size limit)."""

    __tablename__ = "analysis_transcript"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), nullable=True,
                                                 index=True)
    held_on: Mapped[date] = mapped_column(Date)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)  # the file as uploaded
    pseudonyms: Mapped[dict] = mapped_column(JSON, default=dict)  # speaker label -> pseudonym shown and exported
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    def speaker_name(self, speaker: str) -> str:
        """The pseudonym of a speaker label, or the label when none is set."""
        return (self.pseudonyms or {}).get(speaker) or speaker


class Turn(Model):
    """One speaker turn of a transcript: a codable passage."""

    __tablename__ = "analysis_turn"
    __table_args__ = (Index("ix_analysis_turn_transcript_position", "transcript_id", "position", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("analysis_transcript.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    speaker: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    start_ms: Mapped[int | None] = mapped_column(nullable=True)

    transcript: Mapped["Transcript"] = relationship("Transcript", lazy="joined")


class Coding(Model):
    """One code applied to a whole text (offsets null) or to a span [start, end) of it."""

    __tablename__ = "analysis_coding"
    __table_args__ = (
        CheckConstraint(ONE_TARGET, name="one_target"),
        CheckConstraint("(start_offset IS NULL AND end_offset IS NULL) OR "
                        "(start_offset >= 0 AND end_offset > start_offset)", name="span"),
        Index("ix_analysis_coding_code_id_answer_id", "code_id", "answer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"),
                                                  nullable=True, index=True)
    closing_feedback_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("mentoring_closing_feedback.id", ondelete="CASCADE"), nullable=True, index=True
    )
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_turn.id", ondelete="CASCADE"),
                                                nullable=True, index=True)
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_checkin.id", ondelete="CASCADE"),
                                                   nullable=True, index=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("analysis_code.id", ondelete="CASCADE"), index=True)
    # A blind second coding belongs to its sample and stays out of the workspace, exports and report.
    sample_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_sample.id", ondelete="CASCADE"),
                                                  nullable=True, index=True)
    start_offset: Mapped[int | None] = mapped_column(nullable=True)
    end_offset: Mapped[int | None] = mapped_column(nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    code: Mapped["Code"] = relationship("Code", lazy="joined")
    created_by: Mapped["User | None"] = relationship("User", lazy="joined")

    @property
    def is_whole(self) -> bool:
        """True when the coding covers the whole text."""
        return self.start_offset is None

    @property
    def target_key(self) -> tuple[str, int | None]:
        """(kind, id) of the text coded: ("answer", id), ("closing", id), ("checkin", id) or ("turn", id)."""
        if self.answer_id is not None:
            return ("answer", self.answer_id)
        if self.closing_feedback_id is not None:
            return ("closing", self.closing_feedback_id)
        if self.checkin_id is not None:
            return ("checkin", self.checkin_id)
        return ("turn", self.turn_id)


# The team's codings: a blind second coder's codings (in a sample) stay out of every count and export.
MAIN = Coding.sample_id.is_(None)


class Memo(Model):
    """A researcher's note on a code or a text (an answer, a closing or check-in comment, a transcript turn)."""

    __tablename__ = "analysis_memo"
    __table_args__ = (
        CheckConstraint("(CASE WHEN code_id IS NULL THEN 0 ELSE 1 END) + "
                        "(CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END) + "
                        "(CASE WHEN closing_feedback_id IS NULL THEN 0 ELSE 1 END) + "
                        "(CASE WHEN turn_id IS NULL THEN 0 ELSE 1 END) + "
                        "(CASE WHEN checkin_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_code.id", ondelete="CASCADE"),
                                                nullable=True, index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"),
                                                  nullable=True, index=True)
    closing_feedback_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("mentoring_closing_feedback.id", ondelete="CASCADE"), nullable=True, index=True
    )
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_turn.id", ondelete="CASCADE"),
                                                nullable=True, index=True)
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_checkin.id", ondelete="CASCADE"),
                                                   nullable=True, index=True)
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # kept, with its history

    created_by: Mapped["User | None"] = relationship("User", lazy="joined")


class MemoRevision(Model):
    """An earlier wording of a memo, kept when it is edited or deleted."""

    __tablename__ = "analysis_memo_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("analysis_memo.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(10))  # "edited" | "deleted"
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    changed_by: Mapped["User | None"] = relationship("User", lazy="joined")


class Sample(Model):
    """A blind sample of one question's answers drawn for a second coder."""

    __tablename__ = "analysis_sample"

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(String(500))  # the question's prompt, as the workspace filters by it
    percent: Mapped[int] = mapped_column(default=20)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    coder: Mapped["User | None"] = relationship("User", foreign_keys=[coder_id], lazy="joined")


class SampleItem(Model):
    """An answer in a blind sample."""

    __tablename__ = "analysis_sample_item"

    sample_id: Mapped[int] = mapped_column(ForeignKey("analysis_sample.id", ondelete="CASCADE"), primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


class Resolution(Model):
    """How the two coders settled a disagreement (one answer, one code) in a sample, with their note."""

    __tablename__ = "analysis_resolution"
    __table_args__ = (Index("ix_analysis_resolution_sample_answer_code", "sample_id", "answer_id", "code_id",
                            unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("analysis_sample.id", ondelete="CASCADE"))
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("analysis_code.id", ondelete="CASCADE"))
    applies: Mapped[bool] = mapped_column()  # the agreed answer: does the code apply?
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    resolved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class SuggestionDecision(Model):
    """The log of what an organiser did with a suggested theme: accepted, renamed or dismissed."""

    __tablename__ = "analysis_suggestion_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature: Mapped[str] = mapped_column(String(64), index=True)  # identifies the suggestion by its terms
    decision: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120), default="")  # the name given (renamed / accepted)
    top_terms: Mapped[list] = mapped_column(JSON, default=list)
    k: Mapped[int] = mapped_column(default=5)
    answer_count: Mapped[int] = mapped_column(default=0)  # answers coded on acceptance
    scope: Mapped[dict] = mapped_column(JSON, default=dict)  # the filters the suggestions ran over
    code_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_code.id", ondelete="SET NULL"), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    decided_by: Mapped["User | None"] = relationship("User", lazy="joined")
    code: Mapped["Code | None"] = relationship("Code", lazy="joined")
