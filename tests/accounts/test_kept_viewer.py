"""The signed-in viewer kept between page views (accounts/sessions.py): a page view sends no statement
for it, and every change that signs a member out or changes what the header shows reaches the next view."""

import re

from sqlalchemy import text

from softlanding.blueprints.accounts import sessions
from softlanding.core import stamps
from softlanding.core.extensions import db
from tests.factories import PASSWORD, make_user, read_mail

NEW = "mangoes ripen slowly in lagos"
VIEWER_TABLES = ("user_role", "login_session", "FROM profile")


def _signed_in(app, email, role="newcomer", **profile):
    with app.app_context():
        make_user(role=role, email=email, **profile)
        db.session.commit()
    browser = app.test_client()
    answer = browser.post("/account/login", data={"email": email, "password": PASSWORD})
    assert answer.status_code == 302 and "/account/login" not in answer.headers["Location"]
    return browser


def _viewer_statements(counter):
    return [s for s in counter.statements if any(t in s for t in VIEWER_TABLES)]


def test_a_second_page_view_sends_no_statement_for_the_viewer(app, count_queries):
    browser = _signed_in(app, "kept@example.org", display_name="Dr Ayesha Siddiqui")
    first = browser.get("/events/")
    with count_queries(warm=True) as counter:
        again = browser.get("/events/")
    assert again.status_code == 200 and b"Sign out" in again.data
    assert _viewer_statements(counter) == []
    assert again.data.count(b"Sign out") == first.data.count(b"Sign out")


def test_a_post_reads_the_viewer_from_the_database(app, count_queries):
    browser = _signed_in(app, "poster@example.org")
    browser.get("/events/")
    with count_queries(warm=True) as counter:
        browser.post("/account/logout-everywhere")
    assert len(_viewer_statements(counter)) >= 1


def test_a_password_reset_elsewhere_signs_out_a_browser_whose_viewer_was_kept(app, mail_dir):
    phone = _signed_in(app, "reset@example.org")
    assert phone.get("/profile/").status_code == 200  # kept now
    other = app.test_client()
    other.post("/account/forgot", data={"email": "reset@example.org"})
    mail = read_mail(mail_dir)[-1].get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+(/account/reset/\S+)", mail).group(1)
    assert other.post(link, data={"password": NEW}).status_code == 302
    page = phone.get("/profile/")
    assert page.status_code == 302 and "/account/login" in page.headers["Location"]


def test_a_role_granted_shows_on_the_members_next_page_view(app, login_as):
    member = _signed_in(app, "soon-rep@example.org")
    assert b"My mentees" not in member.get("/events/").data  # kept now, without the rep's link
    admin = login_as("admin")
    with app.app_context():
        member_id = db.session.scalar(text("SELECT id FROM \"user\" WHERE email = 'soon-rep@example.org'"))
    confirm = admin.get(f"/admin/users/{member_id}/roles/rep?grant=1")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', confirm.data)
    form = {"grant": "1", **({"csrf_token": token.group(1).decode()} if token else {})}
    assert admin.post(f"/admin/users/{member_id}/roles/rep", data=form).status_code == 302
    assert b"My mentees" in member.get("/events/").data


def test_another_workers_sign_out_reaches_this_worker_within_the_stamps_time(app):
    """A sign-out served by another worker is a commit there: here, the row changes without this process's
    session (raw SQL) and the stamp moves in the store the workers share, as that worker's commit moves it."""
    browser = _signed_in(app, "two-workers@example.org")
    copied = {c.key: c.value for c in browser._cookies.values()}
    assert browser.get("/profile/").status_code == 200  # kept in this worker
    with app.app_context():
        cache = stamps.get_cache()
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE login_session SET ended_at = CURRENT_TIMESTAMP"))
        other_worker = stamps.SharedCache(cache.store, stamp_seconds=0)
        other_worker.bump({sessions.VIEWER_KIND})
        cache.stamps.clear()  # this worker's copy of the stamp has aged past STAMP_SECONDS
    replay = app.test_client()
    for name, value in copied.items():
        replay.set_cookie(name, value)
    page = replay.get("/profile/")
    assert page.status_code == 302 and "/account/login" in page.headers["Location"]


def test_what_a_request_does_to_its_viewer_never_reaches_the_kept_copy(app):
    browser = _signed_in(app, "lists@example.org", languages=["ur", "ar"])
    assert browser.get("/profile/").status_code == 200
    with app.app_context():
        cache = stamps.get_cache()
        kept = next(v for _, _, v in cache.values[sessions.VIEWER_KIND].values() if v is not None)
        with app.test_request_context("/profile/"):
            mine = sessions._in_this_session(kept)
            mine.profile.languages.append("en")
            mine.full_name = "Changed in one request"
            assert mine is not kept and mine in db.session
            db.session.rollback()
        assert kept.profile.languages == ["ur", "ar"] and kept.full_name != "Changed in one request"


def test_someone_elses_sign_in_keeps_every_kept_viewer(app, count_queries):
    """A sign-in is a new row with a key of its own, which no kept viewer holds: it renews none of them."""
    with app.app_context():
        make_user(email="second@example.org")  # a new account renews the viewers; a sign-in must not
        db.session.commit()
    browser = _signed_in(app, "first@example.org")
    browser.get("/events/")
    second = app.test_client().post("/account/login", data={"email": "second@example.org", "password": PASSWORD})
    assert second.status_code == 302 and "/account/login" not in second.headers["Location"]
    with count_queries(warm=True) as counter:
        assert browser.get("/events/").status_code == 200
    assert _viewer_statements(counter) == []
