"""Access expectations for calendar files and feeds."""

from softlanding.blueprints.calendar import feeds as calendar
from tests.factories import make_event, make_user

from . import Rule, expect


def setup(ctx):
    """A published event and a person with a feed address."""
    ctx["cal_event_id"] = make_event(title="Access published").id
    ctx["cal_token"] = calendar.reset_feed_token(make_user())


RULES = {
    # A draft's file (404 for everyone but its hosts and organisers) is checked role by role in
    # tests/calendar/test_feeds.py::test_drafts_download_only_for_hosts_and_organisers.
    "calendar.event_ics": Rule(lambda c: f"/events/{c['cal_event_id']}.ics", expect(all=200)),
    "calendar.public_feed": Rule("/events/feed.ics", expect(all=200)),
    "calendar.personal_feed": Rule(lambda c: f"/calendar/{c['cal_token']}.ics", expect(all=200)),
    "calendar.reset_token": Rule("/calendar/reset", expect(anonymous="login", members=302), "POST"),
}

