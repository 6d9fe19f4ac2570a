"""Feedback at scale: 400 past events, 10,000 survey responses (20,000 answers) in a temporary SQLite file.

Times, in the same run: the impact report (build + CSV) for a year, the comparison across events and
one survey's results with 1,000 responses (each computed afresh, and as kept between views), each beside
a baseline: one raw SQL GROUP BY over the same answers (the least work any report must do).
"""

import random
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from ._common import make_app, median_time

N_EVENTS, N_RESPONSES, N_USERS = 400, 10_000, 2_000
CATEGORIES = ["arcp", "eportfolio", "mrcpch", "mock_interview", "induction", "academic", "wellbeing_culture"]




def populate(rng):
    """Users, past events, bookings, one survey per event with its questions, responses and answers (bulk)."""
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.events.models import Booking, Event
    from softlanding.blueprints.feedback.models import Answer, Survey, SurveyInvitation, SurveyQuestion, SurveyResponse
    from softlanding.core import reference
    from softlanding.core.extensions import db

    db.create_all()
    reference.ensure_defaults()
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    db.session.execute(insert(User), [{"id": i, "email": f"b{i}@example.org", "full_name": f"B {i}",
                                       "password_hash": "x", "session_token": f"t{i}", "created_at": now,
                                       "is_active_account": True} for i in range(1, N_USERS + 1)])
    events, surveys, questions = [], [], []
    for i in range(1, N_EVENTS + 1):
        start = now - timedelta(days=rng.randint(2, 360))
        events.append({"id": i, "title": f"Event {i}", "category": rng.choice(CATEGORIES), "starts_at": start,
                       "ends_at": start + timedelta(hours=1), "host_id": 1, "status": "published",
                       "mwres_indicators": rng.sample(["1C", "4a", "4b", "4c"], k=rng.randint(0, 2)),
                       "description_html": "", "timezone": "Europe/London", "format": "online", "venue": "",
                       "join_link": "", "career_stages": [], "review_comment": "", "cancel_reason": "",
                       "sequence": 0, "recording_url": "", "resources_public": False, "created_at": now,
                       "updated_at": now})
        surveys.append({"id": i, "title": f"Feedback {i}", "event_id": i, "audience": "attendees",
                        "audience_filter": {}, "anonymous": i % 3 == 0, "status": "closed",
                        "open_on_event_end": True, "close_after_days": 14, "created_at": now})
        questions += [{"id": 2 * i - 1, "survey_id": i, "position": 0, "kind": "rating", "prompt": "Overall?",
                       "help_text": "", "required": True, "options": [], "code": "overall"},
                      {"id": 2 * i, "survey_id": i, "position": 1, "kind": "long_text", "prompt": "What went well?",
                       "help_text": "", "required": False, "options": [], "code": "went_well"}]
    db.session.execute(insert(Event), events)
    db.session.execute(insert(Survey), surveys)
    db.session.execute(insert(SurveyQuestion), questions)
    bookings, invitations, responses, answers = [], [], [], []
    per_event = {1: 1000}  # survey 1 has 1,000 responses: the results page's worst case
    share, extra = divmod(N_RESPONSES - 1000, N_EVENTS - 1)
    for i in range(2, N_EVENTS + 1):
        per_event[i] = share + (1 if i - 2 < extra else 0)
    rid = 0
    for event_id, n in per_event.items():
        people = rng.sample(range(1, N_USERS + 1), k=min(N_USERS, n + 5))
        for j, uid in enumerate(people):
            bookings.append({"event_id": event_id, "user_id": uid, "status": "booked", "attended": True,
                             "created_at": now})
            invitations.append({"survey_id": event_id, "user_id": uid, "has_responded": j < n, "invited_at": now})
            if j < n:
                rid += 1
                responses.append({"id": rid, "survey_id": event_id, "user_id": None if event_id % 3 == 0 else uid,
                                  "submitted_on": now})
                answers.append({"response_id": rid, "question_id": 2 * event_id - 1,
                                "number_value": rng.choices([5, 4, 3, 2, 1], [60, 27, 8, 3, 2])[0]})
                answers.append({"response_id": rid, "question_id": 2 * event_id,
                                "text_value": "The ARCP walkthrough and portfolio tips were helpful."})
    for table, rows in ((Booking, bookings), (SurveyInvitation, invitations), (SurveyResponse, responses),
                        (Answer, answers)):
        db.session.execute(insert(table), rows)
    db.session.commit()
    return rid, len(answers)


def main():
    """Build the data, time report, comparison and results beside a raw GROUP BY, print the figures."""
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.feedback import comparisons, impact
    from softlanding.blueprints.feedback import results as survey_results
    from softlanding.core.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="bench-feedback-"))
    try:
        app = make_app(folder, minimal_route=False)
        with app.app_context():
            n_responses, n_answers = populate(random.Random(5))
            from softlanding.blueprints.accounts.models import UserRole

            db.session.add(UserRole(user_id=1, role="organiser"))
            db.session.commit()
            organiser = db.session.get(User, 1)
            start, end = date.today() - timedelta(days=365), date.today()
            baseline = median_time(lambda: db.session.execute(text(
                "SELECT number_value, count(*) FROM answer WHERE number_value IS NOT NULL "
                "GROUP BY number_value")).all())
            figures = [
                ("impact_report", median_time(lambda: impact.report_csv(impact.build_report(start, end)))),
                ("compare", median_time(lambda: comparisons._compare("overall", None, None, None))),
                ("compare_kept", median_time(lambda: comparisons.compare())),
                # Computed afresh (the first view after a response), then as every other view is served.
                ("survey_results_1000", median_time(lambda: survey_results._results(1, "organiser"))),
                ("survey_results_1000_kept", median_time(lambda: survey_results.survey_results(1, organiser))),
            ]
            db.session.rollback()
        print(f"{'figure':<22}{'seconds':>10}{'baseline':>10}{'ratio':>8}   "
              f"({n_responses} responses, {n_answers} answers, {N_EVENTS} events)")
        for name, seconds in figures:
            print(f"{name:<22}{seconds:>10.4f}{baseline:>10.4f}{seconds / baseline:>8.1f}")
        for name, seconds in figures:
            print(f"BENCH feedback.{name} responses={n_responses} answers={n_answers} events={N_EVENTS} "
                  f"seconds={seconds:.4f} baseline_seconds={baseline:.4f} ratio={seconds / baseline:.1f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
