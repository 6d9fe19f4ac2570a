"""User accounts and their roles."""

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softlanding.core.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:  # names for the relationship annotations only; the mapper resolves the strings
    from softlanding.blueprints.profiles.models import Profile

ROLES = ("newcomer", "rep", "organiser", "admin")
GRANTABLE_ROLES = ("rep", "organiser", "admin")


def new_session_token() -> str:
    """A fresh random token; changing it ends every session of the user."""
    return secrets.token_urlsafe(16)


class User(UserMixin, Model):
    """A member's account: sign-in identity; the person's details live in Profile."""

    __tablename__ = "user"
    __mapper_args__ = {"eager_defaults": False}  # server defaults are read when used, not RETURNed at insert

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Suspension (by an admin, with a reason) and erasure (the personal data is gone; the row stays so
    # events, counts and reports keep their shape); the inactivity warning of the retention job.
    # Server defaults, so an INSERT that does not set them leaves them out (code written against the
    # columns before these, such as a data migration's test, keeps working).
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, server_default=text("NULL"))
    suspended_reason: Mapped[str] = mapped_column(String(500), server_default="")
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, server_default=text("NULL"))
    inactivity_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                                  server_default=text("NULL"))

    role_rows: Mapped[list["UserRole"]] = relationship(
        "UserRole", cascade="all, delete-orphan", lazy="selectin", back_populates="user",
        foreign_keys="UserRole.user_id",
    )
    profile: Mapped["Profile | None"] = relationship(
        "Profile", uselist=False, back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        """Flask-Login id: includes the session token so rotating it logs out everywhere, and the key of
        this sign-in (set by accounts.sessions.start) so signing out of one browser ends that one."""
        login_key = getattr(self, "login_key", None)
        return f"{self.id}:{self.session_token}" + (f":{login_key}" if login_key else "")

    @property
    def is_active(self) -> bool:
        """Deactivated, suspended and erased accounts cannot sign in."""
        return self.is_active_account and self.suspended_at is None and self.erased_at is None

    @property
    def is_suspended(self) -> bool:
        """Suspended by an admin."""
        return self.suspended_at is not None

    @property
    def roles(self) -> set[str]:
        """Every account is a newcomer; other roles are granted by an admin."""
        return {"newcomer"} | {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        """True if the user holds any of the given roles."""
        return bool(self.roles & set(roles))

    @property
    def is_rep(self) -> bool:
        """Volunteer rep."""
        return self.has_role("rep")

    @property
    def is_organiser(self) -> bool:
        """Organiser or admin (admins can do everything organisers can)."""
        return self.has_role("organiser", "admin")

    @property
    def is_admin(self) -> bool:
        """Administrator."""
        return self.has_role("admin")

    @property
    def is_verified(self) -> bool:
        """Has confirmed their email address."""
        return self.email_verified_at is not None

    @property
    def display_name(self) -> str:
        """The name to show other members."""
        if self.profile is not None and self.profile.display_name:
            return self.profile.display_name
        return self.full_name

    @property
    def timezone(self) -> str:
        """The time zone the user sees times in."""
        if self.profile is not None and self.profile.timezone:
            return self.profile.timezone
        return "Europe/London"

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class UserRole(Model):
    """A role granted to a user by an admin."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role", name="uq_user_role_user_id_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), nullable=True
    )

    user: Mapped["User"] = relationship("User", foreign_keys=[user_id], back_populates="role_rows")


class LoginSession(Model):
    """One sign-in in one browser: its key is in the session and remember cookies; signing out ends it,
    so a copied or replayed cookie of that sign-in is refused afterwards."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DataExport(Model):
    """A member's "download my data" file: asked for, made by a job, downloadable until it expires."""

    __tablename__ = "data_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
