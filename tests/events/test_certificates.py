"""Certificates of attendance and ePortfolio reflections: PDFs read back with a text extractor, the public
check at /certificates/<code>, and nothing for people not marked as attending."""

import io
import re
from datetime import UTC, datetime, timedelta

from pypdf import PdfReader

from softlanding.blueprints.events.models_desk import Certificate
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_user


def _pdf_text(data):
    assert data.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _attended_event(app, login_as, name="José Ñúñez-Okafor"):
    with app.app_context():
        host = make_user(role="rep", full_name="Dr Farah Siddiqui")
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
        event = make_event(host=host, title="ARCP: what panels look for", starts_at=start, hours=1.5)
        came = make_booking(event, make_user(full_name=name))
        missed = make_booking(event, make_user(full_name="Absent Person"))
        db.session.commit()
        ids = event.id, came.id, missed.id, came.user_id, missed.user_id
    event_id, came_id, missed_id, came_user, missed_user = ids
    login_as(host).post(f"/events/{event_id}/attendees", data={f"attended-{came_id}": "yes",
                                                               f"attended-{missed_id}": "no"})
    with app.app_context():
        from softlanding.blueprints.accounts.models import User
        return event_id, db.session.get(User, came_user), db.session.get(User, missed_user)


def test_an_attendee_downloads_a_certificate_anyone_can_check(app, login_as):
    event_id, came, missed = _attended_event(app, login_as)
    client = login_as(came)
    mine = client.get("/events/mine?when=past").get_data(as_text=True)
    assert f"/events/{event_id}/certificate.pdf" in mine
    assert f"/events/{event_id}/certificate.pdf" in client.get(f"/events/{event_id}").get_data(as_text=True)
    response = client.get(f"/events/{event_id}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    for expected in ("José Ñúñez-Okafor", "ARCP: what panels look for", "1.5 hours", "Dr Farah Siddiqui",
                     "Soft Landing", "Certificate of attendance"):
        assert expected in text, expected
    code = re.search(r"Verification code: ([0-9a-f]{32})", text).group(1)
    check = app.test_client().get(f"/certificates/{code}").get_data(as_text=True)
    assert "This is a valid certificate" in check and "José Ñúñez-Okafor" in check
    assert "ARCP: what panels look for" in check and "@" not in check.split("<main", 1)[-1].split("</main>")[0]
    assert app.test_client().get("/certificates/" + "0" * 32).status_code == 404
    assert app.test_client().get("/certificates/not-a-code").status_code == 404
    assert login_as(missed).get(f"/events/{event_id}/certificate.pdf").status_code == 404
    assert f"/events/{event_id}/certificate.pdf" not in login_as(missed).get("/events/mine?when=past").get_data(as_text=True)


def test_marking_absent_later_invalidates_the_certificate(app, login_as):
    event_id, came, _missed = _attended_event(app, login_as)
    with app.app_context():
        certificate = db.session.scalars(db.select(Certificate)).one()
        code, booking_id, host_id = certificate.code, certificate.booking_id, None
        from softlanding.blueprints.events.models import Event
        host_id = db.session.get(Event, event_id).host_id
        from softlanding.blueprints.accounts.models import User
        host = db.session.get(User, host_id)
    login_as(host).post(f"/events/{event_id}/attendees", data={f"attended-{booking_id}": "no"})
    assert "no longer valid" in app.test_client().get(f"/certificates/{code}").get_data(as_text=True)
    assert login_as(came).get(f"/events/{event_id}/certificate.pdf").status_code == 404


def test_a_reflection_under_the_eportfolio_headings_as_text_and_pdf(app, login_as):
    event_id, came, missed = _attended_event(app, login_as, name="عائشہ Khan")
    client = login_as(came)
    page = client.get(f"/events/{event_id}/reflection").get_data(as_text=True)
    assert "What did I learn?" in page and "How will I apply this learning in my practice?" in page
    long = client.post(f"/events/{event_id}/reflection", data={"learned": "x" * 5001, "apply": "kept"})
    assert "Keep this to 5000 characters." in long.get_data(as_text=True) or "5000" in long.get_data(as_text=True)
    assert "kept" in long.get_data(as_text=True)
    saved = client.post(f"/events/{event_id}/reflection",
                        data={"learned": "Panels look for reflection on\nlearning, not lists.",
                              "apply": "Write one reflective entry a month.", "evidence": "This certificate."})
    assert saved.status_code == 302
    text = client.get(f"/events/{event_id}/reflection.txt").get_data(as_text=True)
    assert "What did I learn?\nPanels look for reflection on\nlearning, not lists." in text
    assert "Event: ARCP: what panels look for" in text
    pdf = _pdf_text(client.get(f"/events/{event_id}/reflection.pdf").data)
    assert "Write one reflective entry a month." in pdf and "ARCP: what panels look for" in pdf
    for url in ("reflection", "reflection.txt", "reflection.pdf"):
        assert login_as(missed).get(f"/events/{event_id}/{url}").status_code == 403
