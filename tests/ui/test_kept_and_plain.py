"""Typed text survives an expired page or session; the 429 page keeps the email; plain words for members."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from softlanding import create_app
from softlanding.core.extensions import db
from tests.conftest import login, make_config
from tests.factories import make_event, make_user
from tests.factories.accounts import PASSWORD

TEXT = "Line one of my bio\nسطر ثانٍ — اردو بھی 😀"


@pytest.fixture
def csrf_app(database_url, mail_dir, app):
    return create_app(make_config(database_url, mail_dir, WTF_CSRF_ENABLED=True))


def test_a_stale_token_keeps_the_text_and_the_form_gets_it_back(csrf_app):
    with csrf_app.app_context():
        user = make_user(email="kept@example.org")
        db.session.commit()
        client = login(csrf_app.test_client(), user)
    client.get("/profile/edit")
    response = client.post("/profile/edit", data={"csrf_token": "stale", "display_name": "Amara",
                                                 "bio": TEXT, "password": "never kept"},
                           headers={"Referer": "http://localhost/profile/edit"})
    assert response.status_code == 400
    assert b"What you typed is kept" in response.data and b'href="/profile/edit"' in response.data
    page = client.get("/profile/edit").data.decode()
    assert "put back in the form" in page
    assert TEXT.replace("\n", "\n") in page.replace("\r\n", "\n")
    assert "never kept" not in page
    # Once only: the next visit shows the saved profile again.
    assert "سطر ثانٍ" not in client.get("/profile/edit").data.decode()


def test_signed_out_mid_form_the_text_comes_back_after_signing_in(app, client):
    with app.app_context():
        make_user(email="late@example.org")
        db.session.commit()
    response = client.post("/profile/edit", data={"display_name": "Amara", "bio": TEXT},
                           headers={"Referer": "http://localhost/profile/edit"})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert "next=%2Fprofile%2Fedit" in response.headers["Location"]
    assert b"what you typed will be back" in client.get(response.headers["Location"]).data
    signed_in = client.post("/account/login", data={"email": "late@example.org", "password": PASSWORD,
                                                     "next": "/profile/edit"})
    assert signed_in.headers["Location"].endswith("/profile/edit")
    page = client.get("/profile/edit").data.decode()
    assert "سطر ثانٍ — اردو بھی 😀" in page and 'value="Amara"' in page


def test_the_429_page_keeps_the_email_and_offers_a_reset(client):
    for i in range(6):
        response = client.post("/account/login", data={"email": "rushed@example.org", "password": f"wrong {i}"},
                               environ_base={"REMOTE_ADDR": "10.9.0.1"})
    assert response.status_code == 429
    html = response.data.decode()
    assert "rushed@example.org" in html
    assert 'action="/account/forgot"' in html and 'name="email" value="rushed@example.org"' in html
    back = re.search(r'href="(/account/login\?email=[^"]+)"', html).group(1).replace("&amp;", "&")
    assert 'value="rushed@example.org"' in client.get(back).data.decode()


def test_members_see_no_funder_tags_organisers_do(app, login_as):
    with app.app_context():
        event = make_event(mwres=["4a"], capacity=None)
        db.session.commit()
        event_id = event.id
    member = login_as("newcomer").get(f"/events/{event_id}").data.decode()
    assert "MWRES" not in member and "No place limit" in member
    assert "MWRES indicators" in login_as("organiser").get(f"/events/{event_id}").data.decode()
    assert "Open to all" not in login_as("newcomer").get("/events/").data.decode()
    assert "No place limit" in login_as("newcomer").get("/events/").data.decode()


def test_an_event_ending_after_midnight_says_next_day(app, login_as):
    start = datetime(2027, 1, 14, 22, 0, tzinfo=UTC)  # 22:00 GMT, ends 01:30 GMT next day
    with app.app_context():
        late = make_event(starts_at=start, hours=3.5)
        short = make_event(starts_at=start - timedelta(hours=4), hours=1)
        db.session.commit()
        ids = late.id, short.id
    client = login_as("newcomer")
    assert "01:30 GMT (next day)" in client.get(f"/events/{ids[0]}").data.decode()
    assert "(next day)" not in client.get(f"/events/{ids[1]}").data.decode()


def test_calendar_addresses_carry_a_copy_hook(login_as):
    page = login_as("newcomer").get("/events/").data.decode()
    assert re.search(r'class="feed-address"[^>]*data-copy', page)
