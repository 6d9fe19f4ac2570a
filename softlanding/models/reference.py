"""Reference lists (career stages, regions, sub-specialties ...) kept as data organisers extend."""

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RefOption(db.Model):
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
