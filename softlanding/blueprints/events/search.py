"""Searching events: every word typed must match the title, description, venue, category, exam component
or a host's name.

On PostgreSQL the title, venue and description are matched with full-text search (the 'simple'
configuration, no stemming, so Urdu, Arabic and drug names are matched as typed; each word as a prefix),
which the GIN index ix_event_search_fts serves. SQLite matches the same fields with LIKE. Categories and exam
components are matched on their labels (the codes are internal), hosts on full and display names.
"""

import re
from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import ColumnElement, and_, func, or_, select, true

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


def _shown_names(only: set[int] | None = None) -> dict[int, str]:
    """{user id: the name members see} (the profile's display name when set, else the full name) of every
    host and co-host, or of the users in `only`."""
    shown = func.coalesce(func.nullif(Profile.display_name, ""), User.full_name)
    stmt = select(User.id, shown).outerjoin(Profile, Profile.user_id == User.id)
    if only is None:
        hosting = select(Event.host_id).union(select(EventHost.user_id)).subquery()
        stmt = stmt.join(hosting, hosting.c[0] == User.id)
    else:
        stmt = stmt.where(User.id.in_(sorted(only)))
    return {user_id: name for user_id, name in db.session.execute(stmt).tuples()}


def host_names(user_ids: Collection[int]) -> dict[int, str]:
    """{user id: the name members see} for these hosts, from the hosts' list kept under its change stamp
    (the listing's cards then need no join to the account and profile tables). A host the kept list does not
    know yet (an event made on another instance within the stamp's second) is read from the database."""
    names: dict[int, str] = stamps.get_cache().value(HOSTS_KIND, "shown", _shown_names)
    missing = set(user_ids) - names.keys()
    return {**names, **_shown_names(missing)} if missing else names


# One word of a search, resolved: the word, and the hosts, categories and exam components whose names or
# labels contain it. Plain data, so the listing can key its prepared statement on it.
Term = tuple[str, tuple[int, ...], tuple[str, ...], tuple[str, ...]]


def search_terms(query: str, filters: Mapping[str, str] | None = None) -> tuple[Term, ...]:
    """Each word of `query` with what it matches besides text; a word that a category or exam filter
    already implies (ARCP with the category ARCP chosen) is left out: every row the filter lets through
    matches it, so testing it would only cost a full-text match per row."""
    filters = filters or {}
    terms = []
    for word in query.split()[:MAX_WORDS] or [query]:
        categories = tuple(_label_codes("event_category", word))
        components = tuple(_label_codes("mrcpch_component", word))
        if filters.get("category") in categories or filters.get("exam") in components:
            continue
        terms.append((word, _host_ids(word), categories, components))
    return tuple(terms)


def _host_ids(word: str) -> tuple[int, ...]:
    """Ids of hosts and co-hosts whose full or display name contains the word."""
    folded = word.lower()
    return tuple(user_id for user_id, names in stamps.get_cache().value(HOSTS_KIND, "all", _load_hosts)
                 if folded in names)


def terms_clause(terms: Sequence[Term], postgresql: bool) -> ColumnElement[bool] | None:
    """SQL true for events matching every term (None when there is none left to test)."""
    clauses = []
    for word, hosts, categories, components in terms:
        # The cheap tests first: PostgreSQL evaluates OR's arms in order and stops at the first true one,
        # so an event matched by its category never has its text parsed for the full-text match.
        options: list[ColumnElement[bool]] = []
        if categories:
            options.append(Event.category.in_(categories))
        if components:
            options.append(Event.exam_component.in_(components))
        if hosts:
            options.append(or_(Event.host_id.in_(hosts),
                               Event.id.in_(select(EventHost.event_id).where(EventHost.user_id.in_(hosts)))))
        options.append(_text_match(word, postgresql))
        clauses.append(or_(*options))
    return and_(*clauses) if clauses else None


def search_clause(query: str) -> ColumnElement[bool]:
    """SQL true for events matching every word of `query` in any searched field."""
    clause = terms_clause(search_terms(query), _is_postgresql())
    return clause if clause is not None else true()
