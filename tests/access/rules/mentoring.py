"""Access expectations for mentoring: newcomers, mentors, the pair's space, organiser pages."""

from datetime import date, timedelta

from softlanding.blueprints.mentoring.models import (
    MatchBatch,
    MatchBatchPair,
    MenteePreference,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.models_pair import PlannedMeeting
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from tests.factories import make_user

from . import Rule, expect


def setup(ctx):
    """The rep mentors the newcomer (active pair); another newcomer asks the rep; a draft batch."""
    rep, newcomer = ctx["users"]["rep"], ctx["users"]["newcomer"]
    other_mentor = make_user(role="rep")
    other_newcomer = make_user()
    now = utcnow()
    for user in (rep, other_mentor):
        db.session.add(MentorProfile(user_id=user.id, capacity=3, help_topics=["arcp_portfolio"],
                                     meeting_modes=["video"]))
    for user in (newcomer, other_newcomer):
        db.session.add(MenteePreference(user_id=user.id, help_topics=["arcp_portfolio"]))
    pair = Mentorship(mentor_id=rep.id, mentee_id=newcomer.id, status="active", started_at=now)
    asked = Mentorship(mentor_id=rep.id, mentee_id=other_newcomer.id, status="requested",
                       expires_at=now + timedelta(days=14))
    mine = Mentorship(mentor_id=other_mentor.id, mentee_id=newcomer.id, status="requested",
                      expires_at=now + timedelta(days=14))
    batch = MatchBatch(status="draft", waiting_count=1, place_count=3)
    batch.pairs.append(MatchBatchPair(mentor_id=other_mentor.id, mentee_id=other_newcomer.id, score=0.7))
    batch.pairs.append(MatchBatchPair(mentor_id=rep.id, mentee_id=other_newcomer.id, score=0.6, removed=True))
    db.session.add_all([pair, asked, mine, batch])
    db.session.flush()
    plan = PlannedMeeting(mentorship_id=pair.id, proposed_by_id=rep.id, starts_at=now + timedelta(days=3),
                          minutes=45, mode="video", uid="access-test@example.org")
    db.session.add(plan)
    db.session.flush()
    ctx["mentoring_plan"] = plan.id
    ctx.update(mentoring_pair=pair.id, mentoring_asked=asked.id, mentoring_mine=mine.id,
               mentoring_batch=batch.id, mentoring_batch_pair=batch.pairs[0].id,
               mentoring_removed_pair=batch.pairs[1].id,
               mentoring_other_mentor=other_mentor.id)


MEMBERS_OK = expect(anonymous="login", members=200)
MENTORS_OK = expect(anonymous="login", newcomer=403, rep=200, staff=200)
STAFF_OK = expect(anonymous="login", newcomer=403, rep=403, staff=200)
STAFF_302 = expect(anonymous="login", newcomer=403, rep=403, staff=302)
PAIR_ONLY = expect(anonymous="login", newcomer=200, rep=200, staff=403)
PAIR_POST = expect(anonymous="login", newcomer=302, rep=302, staff=403)


def _pair(path):
    return lambda c: f"/mentoring/pairs/{c['mentoring_pair']}{path}"


RULES = {
    "mentoring.index": Rule("/mentoring/", MEMBERS_OK),
    "mentoring.preferences": Rule("/mentoring/preferences", MEMBERS_OK),
    "mentoring.browse": Rule("/mentoring/mentors?region=nowhere&page=x", MEMBERS_OK),
    "mentoring.directory": Rule("/mentoring/directory?region=london", MEMBERS_OK),
    "mentoring.send_request": Rule(lambda c: f"/mentoring/mentors/{c['mentoring_other_mentor']}/request", MEMBERS_OK),
    "mentoring.withdraw": Rule(lambda c: f"/mentoring/requests/{c['mentoring_mine']}/withdraw",
                               expect(anonymous="login", newcomer=302, rep=404, staff=404), "POST"),
    "mentoring.accept": Rule(lambda c: f"/mentoring/requests/{c['mentoring_asked']}/accept",
                             expect(anonymous="login", newcomer=404, rep=302, staff=404), "POST"),
    "mentoring.decline": Rule(lambda c: f"/mentoring/requests/{c['mentoring_asked']}/decline",
                              expect(anonymous="login", newcomer=404, rep=200, staff=404)),
    "mentoring.mentor_home": Rule("/mentoring/mentor", MENTORS_OK),
    "mentoring.offer": Rule("/mentoring/mentor/offer", MENTORS_OK),
    "mentoring.space": Rule(_pair(""), PAIR_ONLY),
    "mentoring.save_goals": Rule(_pair("/goals"), PAIR_POST, "POST", {"goals": "Pass FOP"}),
    "mentoring.next_meeting": Rule(_pair("/next"), PAIR_POST, "POST", {"next_meeting_on": ""}),
    "mentoring.log_meeting": Rule(_pair("/meetings"), PAIR_POST, "POST",
                                  lambda c: {"met_on": date.today().isoformat(), "mode": "video", "notes": "x"}),
    "mentoring.toggle_tick": Rule(_pair("/induction/welcome_pastoral"), PAIR_POST, "POST"),
    "mentoring.close": Rule(_pair("/close"), PAIR_ONLY),
    "mentoring.feedback": Rule(_pair("/feedback"), PAIR_ONLY),
    "mentoring.plan_meeting": Rule(_pair("/plan"), expect(anonymous="login", newcomer=200, rep=200, staff=403),
                                   "POST", {"on": "", "at": "", "mode": "video"}),
    "mentoring.another_time": Rule(lambda c: f"/mentoring/pairs/{c['mentoring_pair']}/plan/{c['mentoring_plan']}/another",
                                   PAIR_ONLY),
    "mentoring.accept_meeting": Rule(
        lambda c: f"/mentoring/pairs/{c['mentoring_pair']}/plan/{c['mentoring_plan']}/accept",
        expect(anonymous="login", newcomer=302, rep=403, staff=403), "POST"),  # the proposer cannot accept
    "mentoring.cancel_meeting": Rule(
        lambda c: f"/mentoring/pairs/{c['mentoring_pair']}/plan/{c['mentoring_plan']}/cancel", PAIR_POST, "POST"),
    "mentoring.quiet_mentors": Rule("/mentoring/organiser/mentors?page=0", STAFF_OK),
    "mentoring.nudge_mentor": Rule(lambda c: f"/mentoring/organiser/mentors/{c['mentoring_other_mentor']}/nudge",
                                   STAFF_302, "POST"),
    "mentoring.reassign": Rule(lambda c: f"/mentoring/organiser/requests/{c['mentoring_mine']}/reassign", STAFF_302,
                               "POST", {"mentor": "nobody"}),
    "mentoring.checkin": Rule(_pair("/checkin/month_1"), PAIR_ONLY),
    "mentoring.checkin_problems": Rule("/mentoring/organiser/checkins", STAFF_OK),
    "mentoring.messages": Rule(_pair("/messages?page=zz"), PAIR_ONLY),
    "mentoring.send_message": Rule(_pair("/messages"), PAIR_POST, "POST", {"body": "Hello"}),
    "mentoring.mark_read": Rule(_pair("/messages/read"), PAIR_POST, "POST"),
    "mentoring.concern": Rule(_pair("/concern"), PAIR_ONLY),
    "mentoring.contact": Rule("/mentoring/contact", MEMBERS_OK),
    "mentoring.concerns": Rule("/mentoring/organiser/concerns", STAFF_OK),
    "mentoring.organiser_dashboard": Rule("/mentoring/organiser?table=bogus&page=-3", STAFF_OK),
    "mentoring.export_csv": Rule("/mentoring/organiser/export/loads.csv", STAFF_OK),
    "mentoring.settings": Rule("/mentoring/organiser/settings", STAFF_OK),
    "mentoring.batches": Rule("/mentoring/organiser/batches", STAFF_OK),
    "mentoring.run_batch": Rule("/mentoring/organiser/batches", STAFF_302, "POST"),
    "mentoring.batch": Rule(lambda c: f"/mentoring/organiser/batches/{c['mentoring_batch']}", STAFF_OK),
    "mentoring.remove_pair": Rule(
        lambda c: f"/mentoring/organiser/batches/{c['mentoring_batch']}/pairs/{c['mentoring_batch_pair']}/remove",
        STAFF_302, "POST"),
    "mentoring.swap": Rule(lambda c: f"/mentoring/organiser/batches/{c['mentoring_batch']}/swap", STAFF_OK, "POST",
                           {"first": "", "second": ""}),
    "mentoring.restore_pair": Rule(
        lambda c: f"/mentoring/organiser/batches/{c['mentoring_batch']}/pairs/{c['mentoring_removed_pair']}/restore",
        STAFF_302, "POST"),
    "mentoring.add_pair": Rule(lambda c: f"/mentoring/organiser/batches/{c['mentoring_batch']}/add", STAFF_OK,
                               "POST", {"mentee": "", "mentor": "x"}),
    "mentoring.publish_confirm": Rule(lambda c: f"/mentoring/organiser/batches/{c['mentoring_batch']}/publish",
                                      STAFF_OK),
    "mentoring.publish": Rule(lambda c: f"/mentoring/organiser/batches/{c['mentoring_batch']}/publish",
                              STAFF_302, "POST"),
}
