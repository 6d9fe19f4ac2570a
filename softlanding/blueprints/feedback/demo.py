"""Demo feedback: surveys on past events with a few hundred varied, fictional answers, one open survey, a needs survey."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from softlanding.blueprints.events.models import Booking, Event
from softlanding.blueprints.feedback import anonymity, surveys
from softlanding.blueprints.feedback.demo_outcomes import seed_outcomes
from softlanding.blueprints.feedback.demo_text import (
    CLOSERS,
    IMPROVE,
    IMPROVE_TAILS,
    MULTILINE,
    OPENERS,
    TOPICS,
    WENT_WELL,
)
from softlanding.blueprints.feedback.models import Answer, SurveyInvitation, SurveyResponse
from softlanding.blueprints.feedback.survey_templates import ensure_default_template
from softlanding.core.extensions import db

OWN_EVENTS = [  # an earlier year of webinars, so the feedback has a history (the events seeder makes recent ones)
    ("ARCP without tears: what the panel looks for", "arcp", ["4b"]),
    ("Kaizen e-portfolio clinic", "eportfolio", ["4b"]),
    ("MRCPCH FOP and TAS: how to revise on a rota", "mrcpch", ["4a"]),
    ("ST1 mock interviews", "mock_interview", ["4c"]),
    ("Welcome to the NHS: induction evening", "induction", []),
    ("MRCPCH Clinical: station practice", "mrcpch", ["4a"]),
    ("Academic paediatrics for IMGs", "academic", ["1C"]),
    ("NHS culture: speaking up and being heard", "wellbeing_culture", []),
    ("Your first ARCP: evidence checklist", "arcp", ["4b"]),
    ("ST3 and sub-specialty mock interviews", "mock_interview", ["4c"]),
    ("Reflections that count: portfolio writing", "eportfolio", ["4b"]),
    ("AKP paper: question practice", "mrcpch", ["4a"]),
]
RATING_WEIGHTS = [(5, 62), (4, 27), (3, 7), (2, 3), (1, 1)]

def _weighted(rng, pairs):
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def went_well(rng, category):
    """A 'what went well' sentence made from fragments, now and then a multi-line answer."""
    if rng.random() < 0.08:
        return rng.choice(MULTILINE)
    fragment = rng.choice(WENT_WELL.get(category) or WENT_WELL["other"])
    if rng.random() < 0.3:
        fragment += " and " + rng.choice(WENT_WELL["other"] + WENT_WELL["induction"])
    return f"{rng.choice(OPENERS)} {fragment}.{rng.choice(CLOSERS)}".replace("..", ".")


def improve(rng):
    """A 'what could be better' sentence."""
    text = rng.choice(IMPROVE) + rng.choice(IMPROVE_TAILS)
    return text if text.endswith((".", "!")) else text + "."


def _past_events(ctx, rng, now):
    """The events seeder's past published events, plus a year of earlier webinars made here."""
    events = [e for e in ctx.get("events", []) if isinstance(e, Event) and e.status == "published"
              and e.ends_at < now - timedelta(days=1)]
    oldest = min((e.starts_at for e in events), default=now)
    made = []
    hosts = ctx["reps"]
    for i, (title, category, mwres) in enumerate(OWN_EVENTS):
        start = (min(oldest, now) - timedelta(days=20 + i * 26)).replace(hour=18, minute=30, second=0, microsecond=0)
        event = Event(title=title, category=category, mwres_indicators=mwres, starts_at=start,
                      ends_at=start + timedelta(minutes=90), host_id=hosts[i % len(hosts)].id, status="published",
                      description_html="<p>A webinar run by the network's volunteer reps.</p>",
                      published_at=start - timedelta(days=21))
        db.session.add(event)
        made.append(event)
    db.session.flush()
    return events + made


def _attendees(event, people, rng):
    rows = db.session.execute(select(Booking.user_id, Booking.attended).where(
        Booking.event_id == event.id, Booking.status == "booked")).all()
    if rows:
        taken = any(a is not None for _, a in rows)
        return [uid for uid, a in rows if a or not taken]
    chosen = rng.sample(people, k=min(len(people), rng.randint(22, 34)))
    ids = []
    for user in chosen:
        came = rng.random() < 0.88
        db.session.add(Booking(event_id=event.id, user_id=user.id, status="booked", attended=came,
                               created_at=event.starts_at - timedelta(days=rng.randint(2, 20))))
        if came:
            ids.append(user.id)
    db.session.flush()
    return ids


def _answer(rng, survey, event, user_id, profiles):
    overall = _weighted(rng, RATING_WEIGHTS)
    day = datetime.combine((event.ends_at + timedelta(days=rng.randint(0, 6))).date(), time(0), tzinfo=UTC)
    response = SurveyResponse(survey_id=survey.id, submitted_on=day)
    if not survey.anonymous:
        response.user_id = user_id
        response.career_stage, response.region = profiles.get(user_id, (None, None))
    before = rng.randint(1, 3)
    values = {"overall": overall, "useful": max(1, min(5, overall - rng.randint(0, 1))),
              "confidence_before": before, "confidence_after": min(5, before + rng.randint(1, 2))}
    texts = {}
    if rng.random() < 0.85:
        texts["went_well"] = went_well(rng, event.category)
    if rng.random() < (0.8 if overall <= 3 else 0.45):
        texts["improve"] = improve(rng)
    if rng.random() < 0.5:
        texts["topics_next"] = rng.choice(TOPICS)
    for q in survey.questions:
        if q.code in values:
            response.answers.append(Answer(question_id=q.id, number_value=values[q.code]))
        elif q.code in texts:
            response.answers.append(Answer(question_id=q.id, text_value=texts[q.code]))
    db.session.add(response)


def seed_feedback(ctx):
    """Feedback surveys on past events, with realistic answers; an open survey and a needs survey."""
    rng = ctx["rng"]
    now = datetime.now(UTC)
    ensure_default_template()
    people = ctx["newcomers"] + ctx["reps"]
    profiles = {u.id: (u.profile.career_stage, u.profile.region) for u in people if u.profile}
    events = sorted(_past_events(ctx, rng, now), key=lambda e: e.ends_at)
    responses = 0
    for i, event in enumerate(events):
        latest = i == len(events) - 1
        # Attendees first: an anonymous survey needs its audience known (and large enough) when created.
        attendee_ids = _attendees(event, people, rng)
        anonymous = i % 4 == 3 and len(attendee_ids) >= anonymity.minimum()
        survey = surveys.create_survey(ctx["organiser"], title="", event_id=event.id, anonymous=anonymous)
        survey.status = "open" if latest else "closed"
        survey.opens_at = event.ends_at + timedelta(hours=1)
        survey.closes_at = (now + timedelta(days=10)) if latest else survey.opens_at + timedelta(days=14)
        demo_newcomer = ctx["newcomers"][0].id
        for user_id in attendee_ids:
            # The latest survey waits for newcomer1 (the demo login) and a few others to answer.
            answers = rng.random() < (0.45 if latest else 0.72) and not (latest and user_id == demo_newcomer)
            db.session.add(SurveyInvitation(survey_id=survey.id, user_id=user_id, invited_at=survey.opens_at,
                                            reminded_at=None if answers else survey.closes_at - timedelta(days=3),
                                            has_responded=answers))
            if answers:
                _answer(rng, survey, event, user_id, profiles)
                responses += 1
        if latest and demo_newcomer not in attendee_ids:
            db.session.add(SurveyInvitation(survey_id=survey.id, user_id=demo_newcomer, invited_at=survey.opens_at))
    needs = surveys.create_survey(ctx["organiser"], title="Newcomers' needs survey", audience="group",
                                  audience_filter={"roles": ["newcomers"]})
    needs.anonymous = len(surveys.audience_user_ids(needs)) >= anonymity.minimum()  # a small demo stays named
    db.session.flush()
    lines = seed_outcomes(ctx, events, [u.id for u in people])
    return [f"Feedback: {len(events)} event surveys with {responses} responses, "
            f"and a draft needs survey for newcomers (survey {needs.id})."] + lines
