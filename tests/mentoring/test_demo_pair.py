"""The demo shows the hard cases of life after the match."""

from zoneinfo import ZoneInfo

from softlanding.blueprints.mentoring import checkins
from softlanding.blueprints.mentoring.models_pair import PairMessage, PlannedMeeting
from softlanding.core.db import utcnow
from softlanding.core.demo import seed
from softlanding.core.extensions import db


def test_demo_has_multilingual_threads_a_meeting_across_the_clock_change_and_a_problem_checkin(app):
    with app.app_context():
        seed("demo password for tests")
        bodies = list(db.session.scalars(db.select(PairMessage.body)))
        assert any("\n" in b for b in bodies) and any("السلام" in b for b in bodies)
        assert any("شکریہ" in b for b in bodies) and any("🙏" in b for b in bodies)
        starts = [m.starts_at.astimezone(ZoneInfo("Europe/London")) for m in db.session.scalars(
            db.select(PlannedMeeting))]
        spring = next(s for s in starts if s.month == 3)
        assert spring.utcoffset().total_seconds() == 3600 and (spring.hour, spring.minute) == (18, 30)  # BST
        assert any(s.hour == 23 for s in starts)  # runs past midnight
        assert len(checkins.problem_reports()) == 1
        assert checkins.checkin_summary(utcnow().replace(year=2000), utcnow())["month_1"]["responses"] == 3
