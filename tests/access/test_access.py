"""The access matrix: every endpoint has an expected outcome for every role, and gets it."""

import importlib
import pkgutil

import pytest
from flask import g

from softlanding.core.extensions import db
from tests.access import rules as access_rules
from tests.access.rules import ROLES
from tests.conftest import login
from tests.factories import make_user


def _rule_modules():
    return [importlib.import_module(f"{access_rules.__name__}.{m.name}")
            for m in pkgutil.iter_modules(access_rules.__path__)]


def all_rules():
    """{endpoint: Rule} from every area's module."""
    rules = {}
    for module in _rule_modules():
        for endpoint, rule in module.RULES.items():
            assert endpoint not in rules, f"{endpoint} has rules in two modules"
            rules[endpoint] = rule
    return rules


def test_every_endpoint_has_an_expectation_for_every_role(app):
    rules = all_rules()
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    missing = sorted(endpoints - set(rules))
    assert not missing, f"endpoints with no access expectations: {missing}"
    stale = sorted(set(rules) - endpoints)
    assert not stale, f"expectations for endpoints that do not exist: {stale}"
    incomplete = sorted(e for e, r in rules.items() if any(r.status_for(role) is None for role in ROLES))
    assert not incomplete, f"endpoints missing a role's expectation: {incomplete}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_is_expected(app, role):
    rules = all_rules()
    with app.app_context():
        ctx = {"users": {r: make_user(role=r) for r in ROLES if r != "anonymous"}}
        for module in _rule_modules():
            if hasattr(module, "setup"):
                module.setup(ctx)
        user_ids = {r: u.id for r, u in ctx["users"].items()}
        db.session.commit()
        # Pages first; state-changing posts after, so a post cannot hide a page from later checks.
        ordered = sorted(rules.items(), key=lambda item: (item[1].method != "GET", item[0]))
        failures = []
        for endpoint, rule in ordered:
            client = app.test_client()
            if role != "anonymous":
                user = db.session.get(type(ctx["users"][role]), user_ids[role])
                db.session.refresh(user)
                login(client, user)
            url = rule.url(ctx) if callable(rule.url) else rule.url
            data = rule.data(ctx) if callable(rule.data) else rule.data
            # Requests reuse this test's app context (and so `g`): forget the previous request's user,
            # or everything after auth.logout would run signed out.
            g.pop("_login_user", None)
            response = client.open(url, method=rule.method, data=data or {})
            expected = rule.status_for(role)
            if expected == "login":
                ok = response.status_code == 302 and "/account/login" in response.headers.get("Location", "")
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(f"{rule.method} {url} ({endpoint}) as {role}: expected {expected}, "
                                f"got {response.status_code} {response.headers.get('Location', '')}")
            assert response.status_code != 500, f"500 from {url} as {role}"
            db.session.rollback()
        assert not failures, "\n".join(failures)
