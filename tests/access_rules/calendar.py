"""Access expectations for calendar files and feeds."""

from softlanding.services import calendar

from ..calendar_factories import make_event
from ..factories import make_user
from . import Rule, expect


def setup(ctx):
    """A published event, a draft hosted by someone else, and a person with a feed address."""
    ctx["cal_event_id"] = make_event(title="Access published").id
    ctx["cal_draft_id"] = make_event(title="Access draft", status="draft").id
    ctx["cal_token"] = calendar.reset_feed_token(make_user())


RULES = {
    "calendar.event_ics": Rule(lambda c: f"/events/{c['cal_event_id']}.ics", expect(all=200)),
    # A draft's file: only its hosts and organisers (admins count as organisers); others never learn it exists.
    "calendar.public_feed": Rule("/events/feed.ics", expect(all=200)),
    "calendar.personal_feed": Rule(lambda c: f"/calendar/{c['cal_token']}.ics", expect(all=200)),
    "calendar.reset_token": Rule("/calendar/reset", expect(anonymous="login", members=302), "POST"),
}

# Extra rows checked by tests/test_calendar_personal.py::test_draft_ics_access_by_role (one endpoint
# can hold only one rule here): a draft's .ics is 404 for anonymous, newcomer and other reps, 200 staff.
DRAFT_EXPECT = expect(anonymous=404, newcomer=404, rep=404, staff=200)
