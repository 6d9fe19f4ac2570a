"""Searching events: every word typed must match the title, description, venue, category, exam component
or a host's name.

On PostgreSQL the title, venue and description are matched with full-text search (the 'simple'
configuration, no stemming, so Urdu, Arabic and drug names are matched as typed; each word as a prefix),
which the GIN index ix_event_search_fts serves. SQLite matches the same fields with LIKE. Categories and exam
components are matched on their labels (the codes are internal), hosts on full and display names.
"""

import re

from sqlalchemy import ColumnElement, and_, func, or_, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.events.models import Event, EventHost
from softlanding.blueprints.events.models_desk import search_document
from softlanding.blueprints.profiles.models import Profile
from softlanding.core import reference, stamps
from softlanding.core.extensions import db

MAX_WORDS = 6
_WORD = re.compile(r"^\w+$")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _label_codes(kind: str, word: str) -> list[str]:
    """Codes of a reference list whose label contains the word (case-insensitive)."""
    folded = word.casefold()
    return [code for code, label in reference.labels(kind).items() if folded in label.casefold()]


def _text_match(word: str, postgresql: bool) -> ColumnElement[bool]:
    """The word in the title, venue or description."""
    if postgresql and _WORD.match(word):
        return search_document().op("@@")(func.to_tsquery("simple", word.lower() + ":*"))
    like = f"%{_like_escape(word.lower())}%"
    return or_(func.lower(Event.title).like(like, escape="\\"), func.lower(Event.venue).like(like, escape="\\"),
               func.lower(Event.description_html).like(like, escape="\\"))


# Who hosts or co-hosts any event, with their names as searched: kept under a change stamp of the tables
# it reads, so a search matches names in this list (about a thousand at network scale) instead of running a
# LIKE over every account twice per query, and a word that names no host adds no condition at all.
HOSTS_KIND = "event_host_names"
HOSTS_TABLES = {"event", "event_host", "user", "profile"}


def _load_hosts() -> list[tuple[int, str]]:
    hosting = select(Event.host_id).union(select(EventHost.user_id)).subquery()
    stmt = (select(User.id, User.full_name, Profile.display_name).join(hosting, hosting.c[0] == User.id)
            .outerjoin(Profile, Profile.user_id == User.id))
    return [(user_id, f"{(full or '').lower()}\n{(display or '').lower()}") for user_id, full, display in
            db.session.execute(stmt)]


def _host_match(word: str) -> ColumnElement[bool] | None:
    """The word in the full or display name of the host or a co-host (None when no host's name has it)."""
    folded = word.lower()
    ids = [user_id for user_id, names in stamps.get_cache().value(HOSTS_KIND, "all", _load_hosts)
           if folded in names]
    if not ids:
        return None
    return or_(Event.host_id.in_(ids), Event.id.in_(select(EventHost.event_id).where(EventHost.user_id.in_(ids))))


def search_clause(query: str) -> ColumnElement[bool]:
    """SQL true for events matching every word of `query` in any searched field."""
    words = query.split()[:MAX_WORDS] or [query]
    postgresql = _is_postgresql()
    clauses = []
    for word in words:
        options = [_text_match(word, postgresql)]
        if (hosts := _host_match(word)) is not None:
            options.append(hosts)
        if categories := _label_codes("event_category", word):
            options.append(Event.category.in_(categories))
        if components := _label_codes("mrcpch_component", word):
            options.append(Event.exam_component.in_(components))
        clauses.append(or_(*options))
    return and_(*clauses)
