"""The members a mailing goes to, as its templates see them, loaded for the whole mailing in one query."""

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db


class Recipient:
    """One member of a mailing: what notify_many and the email templates read (id, email, full_name,
    display_name, timezone), from one query for every member; any other attribute is read from the
    member's account, loaded on first use, so a template that reads more still gets it right."""

    __slots__ = ("id", "email", "full_name", "display_name", "timezone", "_user")

    def __init__(self, user_id: int, email: str, full_name: str, display_name: str, timezone: str):
        self.id, self.email, self.full_name = user_id, email, full_name
        self.display_name, self.timezone = display_name, timezone
        self._user: User | None = None

    def __getattr__(self, name: str) -> Any:
        """Anything else from the member's account (one query, the first time)."""
        if name.startswith("__"):
            raise AttributeError(name)
        if self._user is None:
            self._user = db.session.get(User, self.id)
        return getattr(self._user, name)


def load_recipients(ids: Sequence[int]) -> list[Recipient]:
    """Recipients for `ids`, in that order (ids with no account are left out), from one query.

    display_name and timezone come from the User properties themselves, applied to the loaded
    columns, so they follow whatever rule the account model has (loading whole accounts and profiles
    through the ORM cost more than rendering the emails)."""
    profile = User.profile.property.mapper.class_
    rows = db.session.execute(
        select(User.id, User.email, User.full_name, profile.id, profile.display_name, profile.timezone)
        .outerjoin(profile, User.profile).where(User.id.in_(ids))
    ).tuples()
    by_id = {}
    for user_id, email, full_name, profile_id, display_name, timezone in rows:
        shown = SimpleNamespace(display_name=display_name, timezone=timezone) if profile_id is not None else None
        loaded = SimpleNamespace(full_name=full_name, profile=shown)
        by_id[user_id] = Recipient(user_id, email, full_name, User.display_name.fget(loaded),  # type: ignore[attr-defined]
                                   User.timezone.fget(loaded))  # type: ignore[attr-defined]
    return [by_id[i] for i in ids if i in by_id]
