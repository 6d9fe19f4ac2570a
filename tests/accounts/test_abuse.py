"""Accounts that are hard to abuse: unconfirmed accounts see nobody, profiles are read at a person's pace,
passwords are estimated with zxcvbn, names refuse invisible and direction-changing characters."""

import pytest

from softlanding.blueprints.accounts import passwords
from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.profiles.models import Profile
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from tests.factories import make_user
from tests.profiles.test_profiles import VALID


def test_an_unconfirmed_account_sees_no_profile_directory_or_mentor_list(app, login_as):
    with app.app_context():
        other = make_user(visibility="members")
        db.session.commit()
        other_id = other.id
    unconfirmed = login_as("newcomer", verified=False)
    for url in (f"/profile/{other_id}", "/mentoring/directory", "/mentoring/mentors"):
        page = unconfirmed.get(url)
        assert page.status_code == 403, url
        assert b"Confirm your email address first" in page.data
        assert b"Send the confirmation email again" in page.data
    assert unconfirmed.get("/profile/").status_code == 200  # their own profile stays open
    confirmed = login_as("newcomer")
    assert confirmed.get(f"/profile/{other_id}").status_code == 200


def test_profiles_cannot_be_walked_by_id_faster_than_a_person_reads(app, login_as):
    with app.app_context():
        ids = [make_user().id for _ in range(3)]
        db.session.commit()
    walker = login_as("newcomer")
    limit = int(app.config["RATELIMIT_PROFILE_VIEWS"].split(" per ")[0])
    statuses = [walker.get(f"/profile/{ids[n % 3]}").status_code for n in range(limit + 1)]
    assert statuses[:limit] == [200] * limit
    assert statuses[-1] == 429
    # Another member reading at the same moment is not held back by the walker.
    assert login_as("newcomer").get(f"/profile/{ids[0]}").status_code == 200


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "123456789012", "paediatrician", "Amara Okafor1",
                                      "amaraokafor2026", "softlanding2026", "Paediatrics2026!"])
def test_guessable_passwords_are_refused_with_why_and_how(ctx, password):
    with pytest.raises(ValidationError) as caught:
        passwords.check_policy(password, email="amara.okafor@example.org", name="Amara Okafor")
    message = caught.value.message
    assert caught.value.field == "password"
    assert "easy to guess" in message or "at least" in message or "commonly used" in message
    if "easy to guess" in message:
        assert "unrelated words" in message


def test_a_strong_phrase_passes(ctx):
    passwords.check_policy("mangoes ripen slowly in lagos", email="amara@example.org", name="Amara Okafor")


def test_registration_shows_the_password_reason_beside_the_field(client):
    page = client.post("/account/register", data={"full_name": "Amara Okafor", "email": "a@example.org",
                                                  "password": "Amara Okafor1"})
    assert page.status_code == 200
    assert b"too easy to guess" in page.data and b'value="Amara Okafor"' in page.data


HOSTILE_NAMES = ["Amara\r\nBcc: everyone@example.org", "Dr\u202eamaraO", "Am\u200bara", "Amara\u2066x",
                 "Ama\u200dra", "\ufeffAmara"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_refuse_control_bidi_and_zero_width_characters_beside_the_field(app, client, login_as, name):
    page = client.post("/account/register", data={"full_name": name, "email": "n@example.org",
                                                  "password": "mangoes ripen slowly in lagos"})
    assert page.status_code == 200
    assert b"invisible" in page.data or b"control characters" in page.data
    member = login_as("newcomer")
    edit = member.post("/profile/edit", data={**VALID, "display_name": name})
    assert edit.status_code == 200
    assert b'id="display_name-error"' in edit.data
    assert b"invisible" in edit.data or b"control characters" in edit.data
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "n@example.org")) == 0
        assert name not in db.session.scalars(db.select(Profile.display_name)).all()


def test_arabic_and_urdu_names_with_joiners_are_kept(app, login_as):
    member = login_as("newcomer")
    for name in ("\u0645\u06cc\u200c\u0631\u0632\u0627", "عائشة"):
        edit = member.post("/profile/edit", data={**VALID, "display_name": name})
        assert edit.status_code == 302, name
    with app.app_context():
        assert db.session.get(User, member.user_id).profile.display_name == "عائشة"


def test_registration_explains_default_visibility_and_links_the_privacy_notice(client):
    page = client.get("/account/register").data
    assert b"all signed-in members" in page and b'href="/privacy"' in page


def test_event_titles_refuse_direction_changing_characters_and_keep_what_was_typed(app, login_as):
    from softlanding.blueprints.events.models import Event
    from tests.events.test_lifecycle import _form

    rep = login_as("rep")
    page = rep.post("/events/new", data=_form(title="ARCP \u202eniamod\u202c clinic", description="<p>Kept</p>"))
    assert page.status_code == 200 and b'id="title-error"' in page.data and b"Kept" in page.data
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Event.id))) == 0
