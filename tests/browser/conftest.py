"""Browser journeys: a live server on a free port, Playwright driving Debian's Chromium, axe checks.

The tests skip, saying why, only when /usr/bin/chromium is missing and CI is not set; under CI a
missing browser fails the run.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from softlanding import create_app
from tests.conftest import make_config
from tests.factories import read_mail

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Flags Chromium needs here: root, no network, no GPU (see the project's CI notes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser/ as `browser`, so `-m "not browser"` leaves out exactly these."""
    # This hook sees the whole session's items, so match on this folder, not on "browser" anywhere in
    # the path (a checkout under /tmp/browser-fix/ would otherwise mark the whole suite).
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(database_url, mail_dir, app):
    """The app as a real user meets it: CSRF on, same database and mail folder as the tests."""
    return create_app(make_config(database_url, mail_dir, WTF_CSRF_ENABLED=True))


@pytest.fixture(scope="session")
def live_server(live_app):
    """Serve live_app on 127.0.0.1 at a free port in a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    port = server.server_port
    live_app.config["BASE_URL"] = f"http://127.0.0.1:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium under Playwright."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {CHROMIUM} is missing: install Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium); browser journeys need it.")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page; BASE is the live server."""
    context = browser.new_context(base_url=live_server, bypass_csp=False, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page with a phone-sized viewport."""
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


_AXE = None


def check_a11y(page, name):
    """Run axe-core on the page; fail on serious or critical violations; save a screenshot."""
    global _AXE
    from axe_playwright_python.sync_playwright import Axe

    _AXE = _AXE or Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^a-z0-9_-]+', '_', name.lower())}.png"), full_page=True)
    results = _AXE.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )
    assert not bad, f"axe found serious/critical violations on {name} ({page.url}):\n{details}"


def latest_link(mail_dir, pattern):
    """The first URL matching `pattern` in the newest delivered message that has one."""
    for message in reversed(read_mail(mail_dir)):
        match = re.search(pattern, message.get_body(("plain",)).get_content())
        if match:
            return match.group(0)
    raise AssertionError(f"no delivered message has a link matching {pattern}")


def sign_in(page, email, password=None, *, check=True):
    """Sign in through the form; with `check`, wait until the page is a signed-in page."""
    from tests.factories import PASSWORD

    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password if password is not None else PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if check:
        expect_signed_in(page)


def expect_signed_in(page):
    """The page is a signed-in page: its "Sign out" button exists (on a phone it sits behind "Menu")."""
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Sign out", include_hidden=True).first).to_be_attached()


def sign_out(page):
    """Press "Sign out", opening the phone menu first where the header folds behind it."""
    if page.get_by_role("button", name="Sign out").count() == 0:  # hidden buttons are not counted
        page.locator("details.nav-small > summary").click()
    page.get_by_role("button", name="Sign out").first.click()
