"""Reads never write: every GET route, as every role, over prepared data, leaves every table as it was.

The data and the URLs are the access matrix's (tests/access/rules): its setup makes events in every
state, bookings, slots, mentorships, surveys with answers, coded free text and notifications, and
its rules say how to build each endpoint's URL from the ids it made.
"""

import hashlib

import pytest
from flask import g
from sqlalchemy import Integer, func, select

from softlanding.blueprints.feedback.models import SurveyTemplate
from softlanding.blueprints.mentoring.models import MatchingSettings
from softlanding.core.extensions import db
from tests.access.rules import ROLES
from tests.access.test_access import _rule_modules, all_rules
from tests.conftest import login
from tests.factories import make_user

STATIC_FILE = "/static/css/site.css"


def snapshot():
    """{table: (row count, max of each integer primary key, digest of every row)} for every table."""
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name == "audit_entry":
            continue  # report downloads (GETs) are recorded in the audit trail, on a connection of their own
        count = db.session.scalar(select(func.count()).select_from(table))
        keys = [c for c in table.primary_key.columns if isinstance(c.type, Integer)]
        max_ids = tuple(db.session.scalar(select(func.max(c))) for c in keys)
        # The digest catches updates too ("marked read", "last seen"), which counts and ids miss.
        rows = sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        state[table.name] = (count, max_ids, hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def get_urls(app, ctx):
    """One URL per GET rule of the app, built from the access rules; fails on a rule it cannot build."""
    access = all_rules()
    adapter = app.url_map.bind("localhost")
    urls, unbuildable = {}, []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        if rule.endpoint == "static":
            url = STATIC_FILE
        elif rule.endpoint in access:
            # The access rule may be for the POST of the same URL; the GET of that URL is what we want.
            made = access[rule.endpoint].url
            url = made(ctx) if callable(made) else made
        else:
            unbuildable.append(f"{rule.rule} ({rule.endpoint}): no URL to visit")
            continue
        matched, _ = adapter.match(url.split("?")[0], method="GET", return_rule=True)
        if matched is not rule:
            unbuildable.append(f"{rule.rule} ({rule.endpoint}): {url} is served by {matched.rule}")
            continue
        urls[rule.rule] = url
    assert not unbuildable, "GET rules the crawl cannot visit:\n" + "\n".join(unbuildable)
    return urls


def _drop_default_rows():
    """A database that never ran seed-reference's defaults: reading must not make them."""
    db.session.execute(MatchingSettings.__table__.delete())
    db.session.execute(SurveyTemplate.__table__.delete().where(SurveyTemplate.is_default.is_(True)))


@pytest.mark.parametrize("defaults", ["seeded", "missing"])
@pytest.mark.parametrize("role", ROLES)
def test_every_get_route_leaves_the_database_unchanged(app, role, defaults):
    with app.app_context():
        if defaults == "missing":
            _drop_default_rows()
        ctx = {"users": {r: make_user(role=r) for r in ROLES if r != "anonymous"}}
        for module in _rule_modules():
            if hasattr(module, "setup"):
                module.setup(ctx)
        if defaults == "missing":
            _drop_default_rows()  # the feedback setup makes the default template for its own URLs
        user_ids = {r: u.id for r, u in ctx["users"].items()}
        db.session.commit()
        urls = get_urls(app, ctx)
        before = snapshot()
        db.session.rollback()

        statuses = {}
        for url in sorted(urls.values()):
            client = app.test_client()
            if role != "anonymous":
                user = db.session.get(type(ctx["users"][role]), user_ids[role])
                login(client, user)
            g.pop("_login_user", None)  # requests share this app context (see test_access)
            response = client.get(url)
            statuses[url] = response.status_code
            assert response.status_code != 500, f"500 from GET {url} as {role}"
            db.session.rollback()

        after = snapshot()
        changed = sorted(name for name in before if before[name] != after[name])
        assert not changed, f"GET requests as {role} changed tables {changed}: " + "; ".join(
            f"{name} {before[name][:2]} -> {after[name][:2]}" for name in changed)
        # The crawl saw real pages, not only redirects and refusals.
        assert sum(1 for status in statuses.values() if status == 200) >= (1 if role == "anonymous" else 20)
