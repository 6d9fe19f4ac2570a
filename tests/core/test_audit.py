"""The audit trail: who did what to which record, when and from where; an admin page with filters and CSV;
kept for the configured period; never free text."""

import csv
import io
from datetime import timedelta

import pytest

from softlanding.core import audit
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.models import AuditEntry
from tests.factories import PASSWORD, make_user
from tests.factories.events import make_event


def _entries():
    return db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_sign_ins_and_failed_sign_ins_are_recorded_without_what_was_typed(app, client):
    with app.app_context():
        user = make_user(email="amara@example.org")
        db.session.commit()
        user_id = user.id
    client.post("/account/login", data={"email": "amara@example.org", "password": "wrong guess entirely"},
                environ_base={"REMOTE_ADDR": "203.0.113.9"})
    client.post("/account/login", data={"email": "nobody@example.org", "password": "wrong guess entirely"})
    client.post("/account/login", data={"email": "amara@example.org", "password": PASSWORD})
    with app.app_context():
        rows = [(e.action, e.target_id, e.actor_id, e.ip) for e in _entries()]
        assert rows[0] == ("sign_in_failed", user_id, None, "203.0.113.9")
        assert rows[1][:2] == ("sign_in_failed", None)
        assert rows[2][:3] == ("sign_in", user_id, user_id)
        stored = " ".join(f"{e.detail} {e.target_type}" for e in _entries())
        assert "nobody@example.org" not in stored and "wrong guess" not in stored


def test_event_publish_and_analysis_export_are_recorded(app, login_as):
    organiser = login_as("organiser")
    with app.app_context():
        event = make_event(status="submitted", starts_in=timedelta(days=10))
        db.session.commit()
        event_id = event.id
    assert organiser.post(f"/events/{event_id}/publish").status_code == 302
    assert organiser.get("/analysis/exports/quotes.csv").status_code == 200
    with app.app_context():
        rows = [(e.action, e.target_type, e.target_id, e.actor_id) for e in _entries()]
    assert ("event_published", "event", event_id, organiser.user_id) in rows
    assert ("analysis_exported", "export", None, organiser.user_id) in rows


def test_admin_filters_by_person_action_and_date_and_downloads_csv(app, login_as):
    admin = login_as("admin")
    with app.app_context():
        someone = make_user()
        other = make_user()
        old = audit.record("suspended", "user", someone.id, actor_id=admin.user_id)
        old.at = utcnow() - timedelta(days=40)
        audit.record("reinstated", "user", someone.id, actor_id=admin.user_id)
        audit.record("role_granted", "user", other.id, "rep", actor_id=admin.user_id)
        db.session.commit()
        someone_id, other_id = someone.id, other.id
    page = admin.get(f"/admin/audit?person={someone_id}").get_data(as_text=True)
    assert "Suspended" in page and "Reinstated" in page and f"member {other_id}" not in page
    page = admin.get("/admin/audit?action=role_granted").get_data(as_text=True)
    assert f"member {other_id}" in page and "Reinstated</td>" not in page
    since = (utcnow() - timedelta(days=2)).date().isoformat()
    page = admin.get(f"/admin/audit?person={someone_id}&since={since}").get_data(as_text=True)
    assert "Reinstated" in page and "Suspended</td>" not in page
    download = admin.get(f"/admin/audit?person={someone_id}&format=csv")
    assert download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert [r["Action"] for r in rows] == [audit.ACTIONS["reinstated"], audit.ACTIONS["suspended"]]
    assert admin.get("/admin/audit?since=not-a-date&person=%00").status_code == 200


def test_entries_older_than_the_retention_period_are_removed_by_the_job(app, ctx):
    keep = app.config["AUDIT_RETENTION"]
    now = utcnow()
    fresh = audit.record("sign_in")
    stale = audit.record("sign_in")
    stale.at = now - keep - timedelta(minutes=1)
    fresh.at = now - keep + timedelta(minutes=1)
    db.session.flush()
    from softlanding.core.registry import get_registry

    assert get_registry().jobs["audit_retention"](now) == 1
    assert [e.id for e in _entries()] == [fresh.id]


def test_unknown_actions_are_refused(ctx):
    with pytest.raises(ValueError):
        audit.record("made_up")


def test_survey_open_and_close_batch_publish_reference_edits_and_outbox_retries_are_recorded(app, login_as):
    from softlanding.blueprints.mentoring import batch
    from tests.factories.feedback import make_survey
    from tests.factories.mentoring import make_mentor, make_seeker
    from tests.factories.notifications import queue_message

    organiser, admin = login_as("organiser"), login_as("admin")
    with app.app_context():
        survey = make_survey()
        make_mentor()
        make_seeker()
        draft = batch.run_batch(db.session.merge(make_user(role="organiser")))
        target = make_user()
        message = queue_message(target)
        message.status = "failed"
        db.session.commit()
        survey_id, batch_id, message_id = survey.id, draft.id, message.id
    organiser.post(f"/surveys/{survey_id}/open")
    organiser.post(f"/surveys/{survey_id}/close")
    organiser.post(f"/mentoring/organiser/batches/{batch_id}/publish")
    organiser.post("/admin/lists/region", data={"code": "isle_of_man", "label": "Isle of Man"})
    admin.post(f"/admin/outbox/{message_id}/retry")
    with app.app_context():
        done = {(e.action, e.target_id) for e in _entries()}
    for action, target_id in (("survey_opened", survey_id), ("survey_closed", survey_id),
                              ("batch_published", batch_id), ("outbox_retried", message_id)):
        assert (action, target_id) in done, action
    assert "reference_edited" in {a for a, _ in done}


def test_event_return_and_cancel_are_recorded(app, ctx):
    from softlanding.blueprints.events import lifecycle

    organiser = make_user(role="organiser")
    submitted = make_event(status="submitted", starts_in=timedelta(days=10))
    published = make_event(starts_in=timedelta(days=10))
    lifecycle.return_to_host(organiser, submitted, "Add the speaker")
    lifecycle.cancel(organiser, published, "Speaker unwell")
    rows = {(e.action, e.target_id) for e in _entries()}
    assert ("event_returned", submitted.id) in rows and ("event_cancelled", published.id) in rows
    assert "Speaker unwell" not in " ".join(e.detail for e in _entries())


def test_event_reschedule_through_the_page_is_recorded_with_actor_event_and_ip_but_not_the_reason(app, login_as):
    from datetime import UTC, datetime

    organiser = login_as("organiser")
    with app.app_context():
        event = make_event(starts_in=timedelta(days=10))
        db.session.commit()
        event_id = event.id
    start = (datetime.now(UTC) + timedelta(days=20)).replace(hour=18, minute=0, second=0, microsecond=0)
    reason = "The speaker is on call at Great Ormond Street that evening"
    form = {"timezone": "Europe/London", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "format": "online",
            "venue": "", "join_link": "https://meet.example.org/moved", "reason": reason}
    response = organiser.post(f"/events/{event_id}/reschedule", data=form,
                              environ_base={"REMOTE_ADDR": "198.51.100.23"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{event_id}")
    with app.app_context():
        [entry] = [e for e in _entries() if e.action == "event_rescheduled"]
        assert (entry.target_type, entry.target_id, entry.actor_id, entry.ip) == (
            "event", event_id, organiser.user_id, "198.51.100.23")
        stored = " ".join(f"{e.detail} {e.target_type}" for e in _entries())
        assert "on call" not in stored and "meet.example.org" not in stored
