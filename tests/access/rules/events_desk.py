"""Access expectations for the events desk: the table and CSV, copies and series, messages, promotion
and removal, bulk and imported attendance, certificates, reflections and the public certificate check."""

from datetime import timedelta

from softlanding.blueprints.events.certificates import issue_for_event
from softlanding.blueprints.events.models_desk import Certificate
from softlanding.core.extensions import db
from tests.factories import make_booking, make_event

from . import Rule, expect


def setup(ctx):
    """A rep's future event with someone waiting, and a past one the newcomer attended (with a certificate)."""
    rep, newcomer = ctx["users"]["rep"], ctx["users"]["newcomer"]
    future = make_event(host=rep, capacity=1)
    make_booking(future)
    ctx["desk_future"] = future.id
    ctx["desk_waiting"] = make_booking(future, status="waitlisted").id
    past = make_event(host=rep, starts_in=timedelta(days=-3))
    make_booking(past, newcomer, attended=True)
    make_booking(past)
    issue_for_event(past)
    ctx["desk_past"] = past.id
    ctx["desk_code"] = db.session.scalar(db.select(Certificate.code))


def _u(template):
    return lambda c: template.format(**c)


HOSTS = expect(anonymous="login", newcomer=403, rep=200, staff=200)
HOSTS_POST = expect(anonymous="login", newcomer=403, rep=302, staff=302)
ORGANISERS = expect(anonymous="login", newcomer=403, rep=403, staff=200)
ATTENDEE = expect(anonymous="login", newcomer=200, rep=403, staff=403)

RULES = {
    "events.desk": Rule("/events/desk", ORGANISERS),
    "events.desk_csv": Rule("/events/desk.csv", ORGANISERS),
    "events.copy_event": Rule(_u("/events/{desk_future}/copy"), HOSTS_POST, "POST"),
    "events.series": Rule(_u("/events/{desk_future}/series"), HOSTS),
    "events.message": Rule(_u("/events/{desk_future}/message"), HOSTS),
    "events.promote": Rule(_u("/events/{desk_future}/attendees/{desk_waiting}/promote"), HOSTS_POST, "POST"),
    "events.remove_booking": Rule(_u("/events/{desk_future}/attendees/{desk_waiting}/remove"), HOSTS),
    "events.attend_all": Rule(_u("/events/{desk_past}/attendance/all"), HOSTS_POST, "POST"),
    "events.import_attendance": Rule(_u("/events/{desk_past}/attendance/import"), HOSTS),
    "events.certificate": Rule(_u("/events/{desk_past}/certificate.pdf"),
                               expect(anonymous="login", newcomer=200, rep=404, staff=404)),
    "events.reflection": Rule(_u("/events/{desk_past}/reflection"), ATTENDEE),
    "events.reflection_text": Rule(_u("/events/{desk_past}/reflection.txt"), ATTENDEE),
    "events.reflection_pdf": Rule(_u("/events/{desk_past}/reflection.pdf"), ATTENDEE),
    "events.verify_certificate": Rule(_u("/certificates/{desk_code}"), expect(all=200)),
}
