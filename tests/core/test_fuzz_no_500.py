"""No input gives a 500: every route's path ids, query arguments and form fields, fed hostile values.

Signed in as an admin (who passes every organiser check) over the access matrix's prepared data, so
every form is reachable. First a sweep: each hostile value in every path id, in every query argument
a view reads and in every form field one at a time (the others keep the rule's working values).
Then hypothesis mixes them (seeded: derandomize=True keeps CI stable).
"""

import re
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db
from tests.access.rules import ROLES
from tests.access.test_access import _rule_modules, all_rules
from tests.conftest import login
from tests.factories import make_user

# Every query argument any view reads (grep request.args and the parse_filters functions).
QUERY_ARGS = ("page", "q", "status", "event_id", "event", "category", "start", "end", "from", "to", "month",
              "when", "format", "k", "next", "rating", "source", "code", "question", "career_stage",
              "region", "table", "mentors", "country", "specialty", "language")
HUGE_INTS = ("0", "-1", "2147483648", "9223372036854775808", "1" + "0" * 40)
HOSTILE = (*HUGE_INTS, "a\x00b", "\x00", "line\r\nLocation: //evil", "x\x1b[0m\x07\x08\x7f\ufffe",
           "x" * 10_000, "9999-12-31", "0001-01-01", "9999-12-31T23:59", "2024-02-30", "0000-00-00",
           "NaN", "1e309", "/\r\n/evil.example")
# One value of each kind, for each form field in turn (the sweep's bulk: kept short for its time).
FIELD_HOSTILE = ("-1", "2147483648", "1" + "0" * 40, "a\x00b", "x\x1b\x07\x7f\ufffe", "/\r\n/evil.example",
                 "x" * 10_000, "9999-12-31", "9999-12-31T23:59", "0001-01-01")
NAME = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"')
SKIP_FIELDS = {"csrf_token"}
# Signing out or deleting one's own account would leave the rest of the run anonymous.
SKIP_ENDPOINTS = {"accounts.logout", "profiles.delete_account"}


def _prepare(app):
    """(admin id, [(endpoint, method, url, data)]) over the access matrix's data."""
    with app.app_context():
        ctx = {"users": {r: make_user(role=r) for r in ROLES if r != "anonymous"}}
        for module in _rule_modules():
            if hasattr(module, "setup"):
                module.setup(ctx)
        db.session.commit()
        calls = []
        for endpoint, rule in sorted(all_rules().items()):
            if endpoint in SKIP_ENDPOINTS:
                continue
            url = rule.url(ctx) if callable(rule.url) else rule.url
            data = rule.data(ctx) if callable(rule.data) else rule.data
            calls.append((endpoint, rule.method, url, dict(data or {})))
        return ctx["users"]["admin"].id, calls


def _form_fields(client, calls):
    """{url: field names}: the POST rule's own data plus every field its page's forms show."""
    fields = {}
    for _, method, url, data in calls:
        if method != "POST":
            continue
        page = client.get(url.split("?")[0])
        names = set(NAME.findall(page.get_data(as_text=True))) if page.status_code == 200 else set()
        fields[url] = sorted((names | set(data)) - SKIP_FIELDS)
    return fields


def _mutate_path(url, value):
    """`url` with every number in its path replaced by `value` (ids in paths)."""
    path, _, query = url.partition("?")
    hostile = re.sub(r"(?<=/)\d+(?=/|$|\.)", lambda _: value, path)
    return hostile + ("?" + query if query else "")


class Fuzzer:
    """Sends requests as the admin and remembers every 5xx."""

    def __init__(self, app, admin_id):
        self.app, self.admin_id = app, admin_id
        self.client, self.failures, self.sent = app.test_client(), [], 0

    def sign_in(self):
        """Sign the admin in again: a view may have cleared the session or rotated its token."""
        with self.app.app_context():
            login(self.client, db.session.get(User, self.admin_id))
            db.session.remove()

    def send(self, method, url, data=None):
        """One request as the admin."""
        self.sign_in()
        response = self.client.open(url, method=method, data=data or {})
        self.sent += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} from {method} {url!r} "
                                 f"{ {k: v[:40] for k, v in (data or {}).items()} }")
        return response


def test_no_input_reaches_a_500(app):
    admin_id, calls = _prepare(app)
    fuzz = Fuzzer(app, admin_id)
    fuzz.sign_in()
    fields = _form_fields(fuzz.client, calls)

    # The sweep: each hostile value everywhere, one place at a time.
    for _, method, url, data in calls:
        if re.search(r"/\d+(/|$|\.)", url.split("?")[0]):
            for value in HUGE_INTS:
                fuzz.send(method, _mutate_path(url, value), data)
        if method == "GET":
            for value in HOSTILE:
                fuzz.send("GET", url.split("?")[0] + "?" + urlencode({a: value for a in QUERY_ARGS}))
        for name in fields.get(url, ()):
            for value in FIELD_HOSTILE:
                fuzz.send(method, url, {**data, name: value})
    assert not fuzz.failures, "\n".join(fuzz.failures[:40])

    # Then mixtures: several fields and arguments hostile at once, with values hypothesis invents.
    hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(max_codepoint=0xA0), max_size=30),
                             st.integers(min_value=-(2**70), max_value=2**70).map(str))

    @settings(max_examples=100, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(calls), st.data())
    def mixture(call, draw):
        _, method, url, data = call
        names = fields.get(url, ())
        posted = {**data, **{name: draw.draw(hostile_text) for name in draw.draw(st.sets(st.sampled_from(names)))
                             }} if names else data
        query = {a: draw.draw(hostile_text) for a in draw.draw(st.sets(st.sampled_from(QUERY_ARGS), max_size=4))}
        fuzz.send(method, url.split("?")[0] + "?" + urlencode(query), posted)

    mixture()
    assert not fuzz.failures, "\n".join(fuzz.failures[:40])
    assert fuzz.sent > 1000  # the sweep really visited every route and field
