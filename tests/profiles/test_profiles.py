"""Profiles: every field checked against its list, errors beside the field, visibility respected."""

import pytest

from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db
from tests.factories import make_user

VALID = {
    "display_name": "Amara",
    "career_stage": "st1_4",
    "region": "north_west",
    "pmq_country": "NG",
    "nhs_month": "02", "nhs_year": "2027",
    "mrcpch_fop": "passed", "mrcpch_tas": "booked", "mrcpch_akp": "not_yet", "mrcpch_clinical": "not_yet",
    "subspecialties": ["neonatal", "emergency"],
    "languages": ["en", "yo"],
    "timezone": "Africa/Lagos",
    "bio": "Neonatal SHO <b>from</b> Lagos.",
    "visibility": "limited",
}


def test_profile_saves_every_field(app, login_as):
    client = login_as("newcomer")
    response = client.post("/profile/edit", data=VALID)
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.get(User, client.user_id).profile
        assert profile.region == "north_west" and profile.pmq_country == "NG"
        assert profile.mrcpch == {"fop": "passed", "tas": "booked", "akp": "not_yet", "clinical": "not_yet"}
        assert profile.subspecialties == ["neonatal", "emergency"] and profile.languages == ["en", "yo"]
        assert profile.timezone == "Africa/Lagos" and profile.nhs_start_month == "2027-02"
    page = client.get("/profile/")
    assert b"Nigeria" in page.data and b"Yoruba" in page.data and b"Neonatal medicine" in page.data
    # The bio is plain text: shown escaped, never as HTML.
    assert b"&lt;b&gt;from&lt;/b&gt;" in page.data


@pytest.mark.parametrize("field, value, message", [
    ("career_stage", "registrar", b"Choose an option from the list"),
    ("region", "mars", b"Choose an option from the list"),
    ("pmq_country", "XX", b"Choose a country from the list"),
    ("nhs_month", "13", b"Choose the month and the year from the lists"),
    ("mrcpch_akp", "failed", b"Choose passed, booked or not yet"),
    ("subspecialties", ["astrology"], b"Choose sub-specialties from the list"),
    ("languages", ["klingon"], b"Choose languages from the list"),
    ("timezone", "Mars/Olympus", b"Choose a time zone from the list"),
    ("bio", "x" * 1001, b"1000 characters"),
    ("visibility", "everyone", b"Choose who can see your profile"),
    ("display_name", "", b"Enter the name other members should see"),
])
def test_bad_field_is_explained_beside_it_and_nothing_typed_is_lost(app, login_as, field, value, message):
    client = login_as("newcomer")
    data = {**VALID, field: value}
    response = client.post("/profile/edit", data=data)
    assert response.status_code == 200
    assert message in response.data
    html = response.data.decode()
    error_id = "nhs_start_month" if field == "nhs_month" else field  # one message for the month and year
    assert f'id="{error_id}-error"' in html  # the message sits beside the field it is about
    assert message.decode() in html.split(f'id="{error_id}-error"')[1].split("</p>")[0]
    if field != "bio":
        assert "Neonatal SHO &lt;b&gt;from&lt;/b&gt; Lagos." in html
    if field != "nhs_month":
        assert '<option selected value="02">' in html and '<option selected value="2027">' in html
    with app.app_context():
        assert db.session.get(User, client.user_id).profile.region == "london"  # unchanged


def test_visibility_governs_what_others_see(app, login_as):
    with app.app_context():
        open_ = make_user(full_name="Open Person", visibility="members", bio="Happy to chat.")
        limited = make_user(full_name="Limited Person", visibility="limited", bio="Private bio.")
        hidden = make_user(full_name="Hidden Person", visibility="organisers")
        ids = open_.id, limited.id, hidden.id
        db.session.commit()
    member = login_as("newcomer")
    assert b"Happy to chat." in member.get(f"/profile/{ids[0]}").data
    page = member.get(f"/profile/{ids[1]}")
    assert page.status_code == 200 and b"Limited" in page.data and b"Private bio." not in page.data
    assert b"Nigeria" not in page.data
    assert member.get(f"/profile/{ids[2]}").status_code == 403
    assert login_as("organiser").get(f"/profile/{ids[2]}").status_code == 200
    assert member.get("/profile/999999").status_code == 404


def test_people_edit_only_their_own_profile(app, login_as):
    with app.app_context():
        other = make_user(full_name="Other Person")
        other_id = other.id
        db.session.commit()
    client = login_as("newcomer")
    client.post("/profile/edit", data={**VALID, "user_id": other_id, "display_name": "Changed"})
    with app.app_context():
        assert db.session.get(User, other_id).profile.display_name == "Other"
        assert db.session.get(User, client.user_id).profile.display_name == "Changed"
