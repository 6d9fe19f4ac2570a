"""Every GET page each role can open (from the access matrix, with its rows), in a real browser:
no horizontal overflow at 360 and 390 px, no axe violations at 1280 and 390 px, and no page over
150 KB of HTML. One browser, one page per role; the rows come from each area's access setup() plus a
few hard cases (a long Urdu title with emoji, an unbroken URL)."""

import importlib
import pkgutil
import time

import pytest
from flask import g

from softlanding.core.extensions import db
from tests.access import rules as access_rules
from tests.access.rules import MEMBERS
from tests.conftest import login
from tests.factories import make_event, make_user
from tests.factories.accounts import PASSWORD

MAX_HTML_BYTES = 150 * 1024
WIDTHS_OVERFLOW = (360, 390)
WIDTHS_AXE = (1280, 390)
ROLES = ("anonymous", *MEMBERS)


def _modules():
    return [importlib.import_module(f"{access_rules.__name__}.{m.name}")
            for m in pkgutil.iter_modules(access_rules.__path__)]


@pytest.fixture
def crawl(app):
    """(urls per role, emails per role) after every area's setup, each URL answering 200 with HTML."""
    modules = _modules()
    rules = {endpoint: rule for module in modules for endpoint, rule in module.RULES.items()}
    with app.app_context():
        ctx = {"users": {r: make_user(role=r, email=f"crawl-{r}@example.org") for r in MEMBERS}}
        for module in modules:
            if hasattr(module, "setup"):
                module.setup(ctx)
        make_event(title="ورکشاپ: ARCP کی تیاری 🌙 — a very long title to see how the cards wrap on a narrow phone",
                   venue="https://example.org/" + "a-very-long-unbroken-address-" * 4)
        emails = {r: u.email for r, u in ctx["users"].items()}
        ids = {r: u.id for r, u in ctx["users"].items()}
        db.session.commit()
        urls, weights, funder_terms = {}, {}, []
        for role in ROLES:
            client = app.test_client()
            if role != "anonymous":
                login(client, db.session.get(type(ctx["users"][role]), ids[role]))
            found = []
            for _endpoint, rule in sorted(rules.items()):
                if rule.method != "GET" or rule.status_for(role) != 200:
                    continue
                url = rule.url(ctx) if callable(rule.url) else rule.url
                g.pop("_login_user", None)  # the app context is shared: no user carried between requests
                response = client.get(url)
                if response.status_code == 200 and response.mimetype == "text/html":
                    found.append(url)
                    weights[(role, url)] = len(response.data)
                    if b"MWRES" in response.data:
                        funder_terms.append((role, url))
            urls[role] = found
    return urls, emails, weights, funder_terms


def _sign_in(page, email):
    page.goto("/account/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def _resize(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _axe(page, axe):
    results = axe.run(page)
    return [f"{v['id']} ({v.get('impact')}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


def test_no_page_is_too_heavy_and_members_see_no_funder_terms(crawl):
    urls, _, weights, funder_terms = crawl
    heavy = {f"{role} {url}": size for (role, url), size in weights.items() if size > MAX_HTML_BYTES}
    assert sum(len(u) for u in urls.values()) > 60  # the crawl found the pages, not an empty list
    assert heavy == {}
    # Funder indicators (MWRES) are for the organisers' pages and the reps' event form only.
    assert [(role, url) for role, url in funder_terms if role in ("anonymous", "newcomer")] == []
    assert any(role == "organiser" for role, _ in funder_terms)  # the check can see them where they are


def test_every_page_fits_a_phone_and_passes_axe(crawl, browser, live_server):
    from axe_playwright_python.sync_playwright import Axe

    urls, emails, _, _ = crawl
    axe = Axe()
    problems, visited, started = [], 0, time.monotonic()
    for role in ROLES:
        context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 800})
        context.set_default_timeout(15000)
        page = context.new_page()
        if role != "anonymous":
            _sign_in(page, emails[role])
        for url in urls[role]:
            page.set_viewport_size({"width": 360, "height": 800})
            page.goto(url)
            visited += 1
            for width in WIDTHS_OVERFLOW:
                _resize(page, width)
                extra = _overflow(page)
                if extra > 0:
                    problems.append(f"{role} {url}: {extra} px wider than a {width} px screen")
            for width in WIDTHS_AXE:
                _resize(page, width)
                problems.extend(f"{role} {url} at {width} px: {v}" for v in _axe(page, axe))
        context.close()
    print(f"crawl: {visited} pages in {time.monotonic() - started:.0f} s")
    assert visited > 60
    assert not problems, "\n".join(problems)
