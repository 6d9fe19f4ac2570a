"""Demo mentoring: offers from most reps, preferences from most newcomers, pairs at every stage."""

from datetime import timedelta

from flask import current_app

from softlanding.blueprints.mentoring.demo_pair import seed_after_match
from softlanding.blueprints.mentoring.models import (
    ClosingFeedback,
    InductionTick,
    MatchingSettings,
    MenteePreference,
    MentoringMeeting,
    MentorProfile,
    Mentorship,
)
from softlanding.core.db import utcnow
from softlanding.core.extensions import db

REP_GENDER = ["woman", "man", "woman", "man", "woman", "man", "woman", "man", "woman", "man", "woman", "woman"]
SETTLING = ["settling_culture", "settling_communication", "settling_wellbeing", "settling_relocation_visas"]
EXAMS = ["mrcpch_fop", "mrcpch_tas", "mrcpch_akp", "mrcpch_clinical"]
TRAINING = ["arcp_portfolio", "interviews_applications", "academic", "subspecialty_training"]
GOALS = [
    "Pass {exam} at the next sitting and understand how the RCPCH marks it.",
    "Feel confident with my first ARCP and keep my Kaizen portfolio up to date.",
    "Settle in: understand how an NHS ward round and handover work, and how to raise concerns.",
    "Prepare for ST3 interviews and build a plan for sub-specialty training.",
    "Find my feet after relocating with my family: visas, schools and rota life.",
]
CLOSING = [
    (5, "My mentor helped me understand the ARCP process and what my supervisor expected. I passed."),
    (4, "Very helpful for understanding the cultural differences between the NHS and home."),
    (5, "The mock interview practice made the real interview much less frightening."),
    (3, "Useful, but our rotas rarely matched so we met less than we hoped."),
]


def _topics(rng, stage):
    if stage == "not_in_uk":
        pool = [rng.choice(SETTLING), "settling_relocation_visas", rng.choice(EXAMS)]
    elif stage == "foundation_led":
        pool = [rng.choice(EXAMS), rng.choice(SETTLING), "interviews_applications"]
    else:
        pool = [rng.choice(TRAINING), rng.choice(EXAMS), rng.choice(SETTLING)]
    return list(dict.fromkeys(pool))[:rng.randint(1, 3)]


def seed_mentoring(ctx):
    """Offers, preferences, active pairs with meetings, open requests, a closed pair with feedback."""
    rng, reps, newcomers = ctx["rng"], ctx["reps"], ctx["newcomers"]
    now = utcnow()
    db.session.add(MatchingSettings(weights={}, must_haves=["gender"], floor=0.35))
    mentors = []
    for i, rep in enumerate(reps):
        if i in (3, 10):  # two reps do not mentor: the directory shows them as not mentoring
            continue
        topics = set(rng.sample(SETTLING, 2) + rng.sample(EXAMS, 2) + rng.sample(TRAINING, 2))
        db.session.add(MentorProfile(
            user_id=rep.id, capacity=rng.randint(1, 4), accepting=i != 7,
            paused_until=(now + timedelta(days=40)).date() if i == 7 else None,
            help_topics=sorted(topics), meeting_modes=rng.sample(["video", "phone", "in_person"], rng.randint(1, 3)),
            gender=REP_GENDER[i] if i % 3 else None, trust_name=f"Demo Trust {i % 5}"))
        mentors.append(rep)
    for i, user in enumerate(newcomers[:26]):
        exam = rng.choice(["FOP", "TAS", "AKP", "the clinical exam"])
        db.session.add(MenteePreference(
            user_id=user.id, help_topics=_topics(rng, user.profile.career_stage),
            same_region=rng.random() < 0.3, same_language=rng.random() < 0.3,
            mentor_gender="woman" if i in (4, 11) else None,
            meeting_modes=rng.sample(["video", "phone", "in_person"], rng.randint(0, 2)),
            goals=rng.choice(GOALS).format(exam=exam), trust_name=f"Demo Trust {rng.randint(0, 9)}",
            waiting_since=now - timedelta(days=rng.randint(3, 120))))
    db.session.flush()

    def pair(mentor, mentee, status, days, **fields):
        created = now - timedelta(days=days)
        row = Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, status=status, created_at=created,
                         expires_at=created + timedelta(days=14), **fields)
        if status in ("active", "completed", "ended_early"):
            row.started_at, row.mentor_accepted_at, row.mentee_accepted_at = created, created, created
        db.session.add(row)
        db.session.flush()
        return row

    active = []
    for mentor, mentee, days in ((mentors[0], newcomers[1], 60), (mentors[1], newcomers[2], 45),
                                 (mentors[4], newcomers[9], 90), (mentors[6], newcomers[10], 20)):
        row = pair(mentor, mentee, "active", days, agreed_goals=rng.choice(GOALS).format(exam="AKP"),
                   next_meeting_on=(now + timedelta(days=rng.randint(3, 20))).date())
        meetings = 0 if days == 90 else rng.randint(2, 4)  # one pair has gone quiet
        for k in range(meetings):
            db.session.add(MentoringMeeting(mentorship_id=row.id, met_on=(now - timedelta(days=days - 7 - k * 9)).date(),
                                            mode=rng.choice(["video", "phone"]), notes="Demo notes (private to the pair).",
                                            logged_by_id=mentee.id))
        for area in rng.sample(["welcome_pastoral", "professional_practice", "it_systems", "gmc_wtukp"], 2):
            db.session.add(InductionTick(mentorship_id=row.id, area=area, ticked_by_id=mentee.id))
        active.append(row)
    pair(mentors[2], newcomers[4], "requested", 3, message="I would love help with AKP and settling in Birmingham.")
    pair(mentors[5], newcomers[6], "requested", 12, message="Could you help me prepare for my first ARCP?")
    pair(mentors[8], newcomers[12], "requested", 8, reminded_at=now - timedelta(days=1))
    pair(mentors[3], newcomers[6], "declined", 30, decline_reason="On leave until the spring.", closed_at=now)
    for k, (mentor, mentee) in enumerate(((mentors[5], newcomers[20]), (mentors[9], newcomers[21]))):
        done = pair(mentor, mentee, "completed" if k == 0 else "ended_early", 200,
                    closed_at=now - timedelta(days=10), closed_by_id=mentor.id,
                    end_reason="" if k == 0 else "Moved to another region for training.")
        for side, author in (("mentor", mentor), ("mentee", mentee)):
            rating, comment = CLOSING[(k * 2 + (side == "mentee")) % len(CLOSING)]
            db.session.add(ClosingFeedback(relationship_id=done.id, author_id=author.id, author_side=side,
                                           rating=rating, comment=comment))
    db.session.flush()
    after = seed_after_match(active, now, current_app.config["CALENDAR_UID_DOMAIN"])
    return [f"Mentoring: {len(mentors)} mentors, 26 newcomers with preferences, {len(active)} active pairs, "
            "3 open requests, 2 closed pairs with closing feedback. Organisers: Mentoring > Batch matching.", *after]
