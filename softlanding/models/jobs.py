"""Claims on one-off pieces of scheduled work (a weekly digest for one person, for one week)."""

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class JobClaim(db.Model):
    """A row per (job, key) done: the unique constraint lets only one runner claim each piece."""

    __tablename__ = "job_claim"
    __table_args__ = (UniqueConstraint("job", "key", name="uq_job_claim_job_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(120))
    claimed_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
