"""Access expectations for the events area."""

from datetime import timedelta

from softlanding.blueprints.events.models import EventResource
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event, make_slot, make_user

from . import Rule, expect


def setup(ctx):
    """Events in every state: someone else's, the rep's own, past, mock interviews with slots."""
    rep = ctx["users"]["rep"]
    other = make_user(role="rep")
    ctx["ev_pub"] = make_event(host=other).id
    ctx["ev_draft_other"] = make_event(host=other, status="draft").id
    ctx["ev_submitted"] = make_event(host=other, status="submitted").id
    ctx["ev_rep_draft"] = make_event(host=rep, status="draft").id
    ctx["ev_rep_pub"] = make_event(host=rep).id
    ctx["ev_rep_cancel"] = make_event(host=rep).id
    ctx["ev_cancelled"] = make_event(host=rep, status="cancelled").id
    past = make_event(host=rep, starts_in=timedelta(days=-2))
    make_booking(past)
    resource = EventResource(event_id=past.id, label="Slides", url="https://example.org/slides")
    db.session.add(resource)
    db.session.flush()
    ctx["ev_rep_past"], ctx["resource"] = past.id, resource.id
    mock = make_event(host=rep, category="mock_interview", interview_level="st3")
    ctx["ev_mock"] = mock.id
    ctx["slot_free"] = make_slot(mock, interviewer=other).id
    ctx["slot_delete"] = make_slot(mock, interviewer=other, starts_in=timedelta(days=8)).id
    ctx["slot_taken"] = make_slot(mock, interviewer=other, starts_in=timedelta(days=9), booked_by=make_user()).id


def _u(template):
    return lambda c: template.format(**c)


HOSTS = expect(anonymous="login", newcomer=403, rep=200, staff=200)
HOSTS_POST = expect(anonymous="login", newcomer=403, rep=302, staff=302)
ORGANISERS = expect(anonymous="login", newcomer=403, rep=403, staff=200)

RULES = {
    "events.index": Rule("/events/", expect(all=200)),
    "events.detail": Rule(_u("/events/{ev_pub}"), expect(all=200)),
    "events.my_events": Rule("/events/mine", expect(anonymous="login", members=200)),
    "events.manage": Rule("/events/manage", HOSTS),
    "events.new": Rule("/events/new", HOSTS),
    "events.edit": Rule(_u("/events/{ev_rep_draft}/edit"), HOSTS),
    "events.submit": Rule(_u("/events/{ev_rep_draft}/submit"),
                          expect(anonymous="login", newcomer=403, rep=302, staff=403), "POST"),
    "events.publish": Rule(_u("/events/{ev_submitted}/publish"),
                           expect(anonymous="login", newcomer=403, rep=403, staff=302), "POST"),
    "events.return_event": Rule(_u("/events/{ev_submitted}/return"), ORGANISERS),
    "events.reschedule": Rule(_u("/events/{ev_rep_pub}/reschedule"), HOSTS),
    "events.cancel": Rule(_u("/events/{ev_rep_cancel}/cancel"), HOSTS),
    "events.restore": Rule(_u("/events/{ev_cancelled}/restore"), ORGANISERS),
    "events.follow_up": Rule(_u("/events/{ev_rep_past}/follow-up"), HOSTS),
    "events.delete_resource": Rule(_u("/events/{ev_rep_past}/resources/{resource}/delete"), HOSTS_POST, "POST"),
    "events.book": Rule(_u("/events/{ev_pub}/book"), expect(anonymous="login", members=302), "POST"),
    "events.cancel_booking": Rule(_u("/events/{ev_pub}/cancel-booking"),
                                  expect(anonymous="login", members=302), "POST"),
    "events.confirm_cancel_booking": Rule(_u("/events/{ev_pub}/cancel-booking"),
                                          expect(anonymous="login", members=200)),
    "events.attendees": Rule(_u("/events/{ev_rep_pub}/attendees"), HOSTS),
    "events.export_csv": Rule(_u("/events/{ev_rep_pub}/attendees.csv"), HOSTS),
    "events.slots": Rule(_u("/events/{ev_mock}/slots"), HOSTS),
    "events.delete_slot": Rule(_u("/events/slots/{slot_delete}/delete"), HOSTS_POST, "POST"),
    "events.confirm_delete_slot": Rule(_u("/events/slots/{slot_delete}/delete"), HOSTS),
    "events.book_slot": Rule(_u("/events/slots/{slot_free}/book"), expect(anonymous="login", members=302), "POST"),
    "events.cancel_slot": Rule(_u("/events/slots/{slot_taken}/cancel"),
                               expect(anonymous="login", members=403), "POST"),
}
