"""Core tables: the mail outbox, claims on scheduled work, and reference lists."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from softlanding.core.db import Model, UTCDateTime, utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")
UNSENT = text("status IN ('pending', 'sending')")


class OutboxMessage(Model):
    """An email waiting to be delivered, delivered, or given up on."""

    __tablename__ = "outbox_message"
    # The delivery claim walks the unsent messages in id order and stops at a batch (migration 0022).
    __table_args__ = (Index("ix_outbox_message_unsent", "id", postgresql_where=UNSENT, sqlite_where=UNSENT),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    sensitive: Mapped[bool] = mapped_column(default=False)  # bodies never shown (reset, verify)
    to_addr: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    subject: Mapped[str] = mapped_column(String(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # [{filename, mimetype, data_b64}]
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class JobClaim(Model):
    """A row per (job, key) done: the unique constraint lets only one runner claim each piece."""

    __tablename__ = "job_claim"
    __table_args__ = (UniqueConstraint("job", "key", name="uq_job_claim_job_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(120))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class RefOption(Model):
    """One option of a reference list, identified by (kind, code)."""

    __tablename__ = "ref_option"
    __table_args__ = (UniqueConstraint("kind", "code", name="uq_ref_option_kind_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))
    group: Mapped[str] = mapped_column(String(80), default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class AuditEntry(Model):
    """One line of the append-only audit trail: who did what to which record, when, from where.

    No free text, passwords or tokens: `detail` holds short codes (a role name, a count, a reason
    category), never what someone typed. Rows are only ever added, and removed by the retention job.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    # Kept when the actor is erased (SET NULL) so the trail still reads "a former member did X".
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True,
                                                 index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None] = mapped_column(nullable=True, index=True)
    detail: Mapped[str] = mapped_column(String(200), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
