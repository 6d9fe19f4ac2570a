"""Bulk seeding at network scale: members, reps, events, bookings, waiting newcomers, surveys, codings.

Rows go in with executemany INSERTs (SQLAlchemy's insertmanyvalues: a few thousand rows per statement),
never through the ORM's unit of work, so the full scale loads in about a minute on PostgreSQL.
"""

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

PASSWORD = "bench-password-not-secret"
CATEGORIES = ["arcp", "eportfolio", "mrcpch", "mock_interview", "induction", "academic", "wellbeing_culture",
              "other"]
ZONES = ["Europe/London"] * 8 + ["Asia/Kolkata", "Africa/Lagos"]
STAGES = ["st1_4", "st5_7", "foundation_led", "not_in_uk"]
REGIONS = ["london", "north_west", "scotland", "wales", "yorkshire_humber", "west_midlands"]
TOPICS = ["arcp", "mrcpch", "interviews", "wellbeing", "rota", "portfolio"]
ANSWERS = [
    "The portfolio walkthrough and what evidence ARCP panels look for in Kaizen was really helpful.",
    "Mock interview stations and the feedback on clinical governance answers: could be longer.",
    "MRCPCH theory revision plan, especially AKP and the question bank tips.\nMore of this please.",
    "Hearing how consultants handle hierarchy on NHS ward rounds — شكرا 🙏",
    "Advice on rotas, less than full time training and looking after my wellbeing.",
    "Communication with parents and breaking bad news in a second language (اردو میں بھی).",
]


@dataclass
class Scale:
    """How much to make."""

    members: int
    reps: int
    events: int
    bookings: int
    waiting: int
    responses: int
    codings: int


SCALES = {
    "full": Scale(members=20_000, reps=1_000, events=5_000, bookings=100_000, waiting=5_000, responses=10_000,
                  codings=10_000),
    "small": Scale(members=2_000, reps=100, events=500, bookings=10_000, waiting=500, responses=1_000,
                   codings=1_000),
}


@dataclass
class Seeded:
    """What the load needs to know about the data: who to sign in as, which ids exist."""

    organiser_email: str
    newcomer_emails: list[str]
    waiting_email: str
    bookable_event_ids: list[int]
    event_id: int
    feed_token: str
    seconds: float
    rows: int
    deep_page: int = 40  # a page of the listing far from the first (40 of 200 at network scale)


def _chunks(db, model, rows, size=5_000):
    for start in range(0, len(rows), size):
        db.session.execute(insert(model), rows[start:start + size])
    return len(rows)


def seed(app, scale: Scale, seed_value: int = 17) -> Seeded:
    """Fill the (migrated, empty) database of `app` in bulk; returns what the load needs."""
    from softlanding.blueprints.accounts.models import User, UserRole
    from softlanding.blueprints.accounts.passwords import hash_password
    from softlanding.blueprints.analysis.models import Code, Coding
    from softlanding.blueprints.calendar.models import CalendarFeedToken
    from softlanding.blueprints.events.models import Booking, Event
    from softlanding.blueprints.feedback.models import Answer, Survey, SurveyQuestion, SurveyResponse
    from softlanding.blueprints.mentoring.models import MenteePreference, MentorProfile
    from softlanding.blueprints.profiles.models import Profile
    from softlanding.core.extensions import db

    rng = random.Random(seed_value)
    began = time.perf_counter()
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    n_users = scale.members
    rows = 0
    with app.app_context():
        digest = hash_password(PASSWORD)
        rows += _chunks(db, User, [
            {"id": i, "email": f"m{i}@example.org", "full_name": f"Member {i} أحمد", "password_hash": digest,
             "session_token": f"t{i:08d}", "created_at": now, "email_verified_at": now,
             "is_active_account": True} for i in range(1, n_users + 1)])
        rows += _chunks(db, Profile, [
            {"user_id": i, "display_name": f"Member{i}", "career_stage": rng.choice(STAGES),
             "region": rng.choice(REGIONS), "mrcpch": {}, "subspecialties": [],
             "languages": rng.sample(["en", "ur", "ar", "hi", "yo"], k=2), "timezone": "Europe/London",
             "bio": "Paediatric registrar.\nHappy to talk about ARCP.", "visibility": "members", "updated_at": now}
            for i in range(1, n_users + 1)])
        # User 1 organises; users 2 .. reps+1 are reps and mentors; the next `waiting` are waiting newcomers.
        reps = range(2, scale.reps + 2)
        roles = [{"user_id": 1, "role": "organiser", "granted_at": now}]
        roles += [{"user_id": i, "role": "rep", "granted_at": now} for i in reps]
        rows += _chunks(db, UserRole, roles)
        rows += _chunks(db, MentorProfile, [
            {"user_id": i, "capacity": rng.choice([1, 2, 3]), "accepting": True,
             "help_topics": rng.sample(TOPICS, k=3), "meeting_modes": ["video"], "gender": None,
             "created_at": now, "updated_at": now} for i in reps])
        waiting = range(scale.reps + 2, scale.reps + 2 + scale.waiting)
        rows += _chunks(db, MenteePreference, [
            {"user_id": i, "help_topics": rng.sample(TOPICS, k=2), "same_region": False, "same_language": False,
             "meeting_modes": ["video"], "goals": "Pass ARCP.\nSettle in.", "seeking": True,
             "waiting_since": now - timedelta(days=rng.randint(0, 90)), "created_at": now, "updated_at": now}
            for i in waiting])
        events = []
        for i in range(1, scale.events + 1):
            starts = now + timedelta(hours=rng.randint(-24 * 182, 24 * 365))
            status = rng.choices(["published", "cancelled", "draft"], [90, 5, 5])[0]
            fmt = rng.choice(["online", "in_person", "hybrid"])
            events.append({
                "id": i, "title": f"Webinar {i}: preparing for ARCP — تحضير", "category": rng.choice(CATEGORIES),
                "description_html": "<p>" + "A practical session with time for questions. " * 8 + "</p>",
                "starts_at": starts, "ends_at": starts + timedelta(minutes=rng.choice([60, 90, 120])),
                "timezone": rng.choice(ZONES), "format": fmt, "venue": "" if fmt == "online" else f"Room {i}, Leeds",
                "join_link": "https://meet.example.org/x" if fmt != "in_person" else "",
                "capacity": rng.choice([None, 40, 200]), "career_stages": [], "mwres_indicators": [],
                "status": status, "review_comment": "", "cancel_reason": "Speaker unwell" if status == "cancelled" else "",
                "host_id": rng.choice(reps), "sequence": rng.randint(0, 3), "recording_url": "",
                "resources_public": False, "created_at": now, "updated_at": now,
                "published_at": now if status != "draft" else None})
        rows += _chunks(db, Event, events)
        per_event = max(1, scale.bookings // scale.events)
        bookings = []
        for event_id in range(1, scale.events + 1):
            for position, user_id in enumerate(rng.sample(range(1, n_users + 1), per_event)):
                bookings.append({"event_id": event_id, "user_id": user_id, "created_at": now,
                                 "status": "booked" if position < 15 else rng.choice(["waitlisted", "cancelled"])})
        rows += _chunks(db, Booking, bookings)
        # Surveys on the past events: one rating and two free-text questions, so 2 texts per response.
        past = [e for e in events if e["ends_at"] < now and e["status"] == "published"][:max(1, scale.responses // 25)]
        surveys, questions, responses, answers = [], [], [], []
        for n, event in enumerate(past, start=1):
            surveys.append({"id": n, "title": f"Feedback {n}", "event_id": event["id"], "audience": "attendees",
                            "audience_filter": {}, "anonymous": n % 4 == 0, "status": "closed",
                            "open_on_event_end": True, "close_after_days": 14, "created_at": now})
            questions += [
                {"id": 3 * n - 2, "survey_id": n, "position": 0, "kind": "rating", "prompt": "Overall",
                 "help_text": "", "required": True, "options": [], "code": "overall"},
                {"id": 3 * n - 1, "survey_id": n, "position": 1, "kind": "long_text", "prompt": "What went well?",
                 "help_text": "", "required": False, "options": [], "code": "went_well"},
                {"id": 3 * n, "survey_id": n, "position": 2, "kind": "long_text", "prompt": "What could be better?",
                 "help_text": "", "required": False, "options": [], "code": "improve"}]
        answer_id = 0
        for rid in range(1, scale.responses + 1):
            survey = (rid - 1) % len(past) + 1
            day = (now - timedelta(days=rng.randint(1, 300))).replace(hour=0)
            responses.append({"id": rid, "survey_id": survey, "user_id": None, "submitted_on": day,
                              "career_stage": rng.choice(STAGES), "region": rng.choice(REGIONS)})
            answers.append({"id": answer_id + 1, "response_id": rid, "question_id": 3 * survey - 2,
                            "number_value": rng.choice([5, 5, 4, 4, 3, 2])})
            answers.append({"id": answer_id + 2, "response_id": rid, "question_id": 3 * survey - 1,
                            "text_value": rng.choice(ANSWERS)})
            answers.append({"id": answer_id + 3, "response_id": rid, "question_id": 3 * survey,
                            "text_value": rng.choice(ANSWERS)})
            answer_id += 3
        for model, batch in ((Survey, surveys), (SurveyQuestion, questions), (SurveyResponse, responses),
                             (Answer, answers)):
            rows += _chunks(db, model, batch)
        codes = [{"id": c, "name": f"Theme {c}", "definition": "", "colour": "#0b5563", "is_theme": False,
                  "created_by_id": 1, "created_at": now} for c in range(1, 13)]
        rows += _chunks(db, Code, codes)
        text_ids = [a["id"] for a in answers if "text_value" in a]
        rows += _chunks(db, Coding, [
            {"answer_id": text_ids[k % len(text_ids)], "code_id": k % 12 + 1, "start_offset": None,
             "end_offset": None, "created_by_id": 1, "created_at": now} for k in range(scale.codings)])
        token = "benchfeedtoken" + "x" * 30
        rows += _chunks(db, CalendarFeedToken, [{"user_id": n_users, "token": token, "created_at": now}])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            for table in ("user", "event", "survey", "survey_question", "survey_response", "answer",
                          "analysis_code"):
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                        f"(SELECT max(id) FROM \"{table}\"))"))
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        upcoming = [e["id"] for e in events if e["starts_at"] > now + timedelta(days=2)
                    and e["status"] == "published" and e["capacity"] is None]
    newcomers = [f"m{i}@example.org" for i in range(scale.reps + 2 + scale.waiting, n_users)]
    return Seeded(organiser_email="m1@example.org", newcomer_emails=newcomers,
                  waiting_email=f"m{scale.reps + 2}@example.org", bookable_event_ids=upcoming,
                  event_id=upcoming[0], feed_token=token, seconds=time.perf_counter() - began, rows=rows)
