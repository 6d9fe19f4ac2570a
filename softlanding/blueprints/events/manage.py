"""The "Events I run" page's lists: the events a person hosts or co-hosts, and those waiting for review.

Plain rows of the columns the page shows, from statements built once with every value bound (the page's
limit and offset too): an ORM select with its eager loads of host, profile and roles cost more to build,
key and load than to run, and the page reads five columns of each event.
"""

from typing import Any, NamedTuple

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Integer, bindparam, func, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.access import hosted_clause
from softlanding.blueprints.events.models import Event
from softlanding.core.extensions import db

REVIEW_LIMIT = 100  # the review list has no pager: the first hundred, soonest first


class HostedRow(NamedTuple):
    """One event I host, as the page lists it."""

    id: int
    title: str
    starts_at: Any
    status: str
    review_comment: str


class ReviewRow(NamedTuple):
    """One event waiting for review, with the name members see for its host."""

    id: int
    title: str
    starts_at: Any
    host_name: str


_USER = bindparam("user_id", type_=Integer)
_HOSTED = (select(Event.id, Event.title, Event.starts_at, Event.status, Event.review_comment)
           .where(hosted_clause(_USER)).order_by(Event.starts_at.desc(), Event.id.desc())
           .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer)))
_HOSTED_COUNT = select(func.count(Event.id)).where(hosted_clause(_USER))


def _review_statement():
    profile = User.profile.property.mapper.class_
    # The profile's display name when set, else the full name: the rule of User.display_name, in SQL.
    shown = func.coalesce(func.nullif(profile.display_name, ""), User.full_name)
    return (select(Event.id, Event.title, Event.starts_at, shown)
            .join(User, User.id == Event.host_id).outerjoin(profile, profile.user_id == User.id)
            .where(Event.status == "submitted").order_by(Event.starts_at, Event.id).limit(REVIEW_LIMIT))


_REVIEW = _review_statement()


class HostedPagination(Pagination):
    """A page of the events one person hosts; a first page with room to spare is its own count."""

    def _query_items(self) -> list[Any]:
        params = {"user_id": self._query_args["user_id"], "limit": self.per_page, "offset": self._query_offset}
        return [HostedRow._make(row) for row in db.session.execute(_HOSTED, params)]

    def _query_count(self) -> int:
        if self.page == 1 and len(self.items) < self.per_page:
            return len(self.items)
        return db.session.scalar(_HOSTED_COUNT, {"user_id": self._query_args["user_id"]}) or 0


def hosted(user: User, page: int = 1, per_page: int = 20) -> HostedPagination:
    """Events this person hosts or co-hosts (any status), latest first, a page at a time."""
    return HostedPagination(page=page, per_page=per_page, error_out=False, user_id=user.id)


def waiting_review() -> list[ReviewRow]:
    """Events submitted for review, soonest first (the first REVIEW_LIMIT), with their hosts' names."""
    return [ReviewRow._make(row) for row in db.session.execute(_REVIEW)]
