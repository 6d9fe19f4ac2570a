"""The privacy notice: at /privacy, linked from every page's footer, naming the configured controller."""

from softlanding import create_app
from tests.conftest import make_config


def test_privacy_notice_names_controller_contact_purposes_audiences_retention_and_rights(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, PRIVACY_CONTROLLER="IMG Paeds Network CIC",
                                 PRIVACY_CONTACT="dpo@imgpaeds.example"))
    page = app.test_client().get("/privacy")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for needle in ("IMG Paeds Network CIC", "mailto:dpo@imgpaeds.example", "Mentoring", "Feedback surveys",
                   "Event hosts", "Organisers", "Your mentor or mentees", "How long we keep it", "3.0 years",
                   "Erasure", "Access and portability", "Information Commissioner"):
        assert needle in text, needle


def test_every_page_links_the_privacy_notice(client):
    for url in ("/", "/account/login"):
        assert b'href="/privacy"' in client.get(url).data
