"""The impact report at scale: 10,000 feedback responses (20,000 answers) over 400 events, 5,000 mentoring
pairs and 2,000 outcome follow-ups, in a temporary SQLite file.

Times, in the same run: the report page (GET, as an organiser) as served from the figures kept under
change stamps, as computed afresh (the first request after a change to every table it reads), and as
after a booking (attendance and outcome figures recomputed, answers, themes and mentoring kept); and the PDF
download; each beside a baseline: plain COUNT(*) ... GROUP BY queries for the same figures (events per
category, attendances, ratings, confidence answers, pairs, follow-up answers), the least any report must
do. Also prints the report page's query count, computed afresh, with 400 and with 40 events in the period
(it must not grow with events).
"""

import random
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert, text

from ._common import make_app, median_time
from .feedback import N_EVENTS, N_USERS, populate

N_PAIRS, N_FOLLOWUPS, FOLLOWUP_EVENTS = 5_000, 2_000, 100
ALL_KINDS = ("report", "report_attendance", "report_answers", "report_mentoring", "report_outcomes", "report_themes")
AFTER_BOOKING = ("report", "report_attendance", "report_outcomes")  # what a booking's commit renews
BASELINE_SQL = [
    "SELECT category, count(*) FROM event GROUP BY category",
    "SELECT event_id, count(*) FROM booking WHERE attended = 1 GROUP BY event_id",
    "SELECT number_value, count(*) FROM answer WHERE number_value IS NOT NULL GROUP BY number_value",
    "SELECT question_id, count(*) FROM answer GROUP BY question_id",
    "SELECT status, count(*) FROM mentorship GROUP BY status",
    "SELECT survey_id, count(*) FROM survey_response GROUP BY survey_id",
]


def add_pairs_and_followups(rng):
    """5,000 mentoring pairs with meetings, and follow-up surveys with 2,000 exam-outcome responses."""
    from softlanding.blueprints.feedback.models import Answer, Survey, SurveyQuestion, SurveyResponse
    from softlanding.blueprints.mentoring.models import MentoringMeeting, Mentorship
    from softlanding.core.extensions import db

    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    pairs, meetings = [], []
    for i in range(1, N_PAIRS + 1):
        created = now - timedelta(days=rng.randint(5, 360))
        pairs.append({"id": i, "mentor_id": rng.randint(1, 200), "mentee_id": rng.randint(201, N_USERS),
                      "status": "active", "origin": rng.choice(["request", "batch"]), "created_at": created,
                      "started_at": created + timedelta(days=rng.randint(0, 30))})
        meetings += [{"mentorship_id": i, "met_on": (created + timedelta(days=7 * k)).date(), "mode": "video",
                      "created_at": now} for k in range(rng.randint(0, 3))]
    db.session.execute(insert(Mentorship), pairs)
    db.session.execute(insert(MentoringMeeting), meetings)
    base_q = 10 * N_EVENTS
    surveys, questions, responses, answers = [], [], [], []
    rid = 100_000
    per = N_FOLLOWUPS // FOLLOWUP_EVENTS
    for k in range(FOLLOWUP_EVENTS):
        sid, event_id = N_EVENTS + 1 + k, k + 1
        surveys.append({"id": sid, "title": f"Follow-up {k}", "event_id": event_id, "audience": "attendees",
                        "audience_filter": {}, "anonymous": False, "status": "closed", "purpose": "followup",
                        "open_on_event_end": False, "close_after_days": 14, "created_at": now})
        q = base_q + 3 * k
        questions += [{"id": q, "survey_id": sid, "position": 0, "kind": "single", "prompt": "Which exam?",
                       "help_text": "", "required": False, "options": ["Foundation of Practice (FOP)"],
                       "code": "exam_component"},
                      {"id": q + 1, "survey_id": sid, "position": 1, "kind": "yes_no", "prompt": "Passed?",
                       "help_text": "", "required": False, "options": [], "code": "exam_passed"},
                      {"id": q + 2, "survey_id": sid, "position": 2, "kind": "single", "prompt": "Attempt?",
                       "help_text": "", "required": False, "options": ["First attempt"], "code": "exam_attempt"}]
        for _ in range(per):
            rid += 1
            responses.append({"id": rid, "survey_id": sid, "user_id": None, "submitted_on": now})
            answers += [{"response_id": rid, "question_id": q, "choices": ["Foundation of Practice (FOP)"]},
                        {"response_id": rid, "question_id": q + 1, "number_value": rng.choice([0, 1, 1])},
                        {"response_id": rid, "question_id": q + 2, "choices": ["First attempt"]}]
    for table, rows in ((Survey, surveys), (SurveyQuestion, questions), (SurveyResponse, responses), (Answer, answers)):
        db.session.execute(insert(table), rows)
    db.session.commit()
    return len(responses)


def _changed(app, kinds):
    """A request that follows a change to what `kinds` read: their kept values are renewed."""
    from softlanding.core import stamps

    with app.app_context():
        stamps.get_cache().bump(set(kinds))


def _queries(app, client, url):
    from softlanding.core.extensions import db

    _changed(app, ALL_KINDS)
    with app.app_context():
        engine = db.engine
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def main():
    """Build the data, time the report page and the PDF beside plain GROUP BY counts, print the figures."""
    from softlanding.blueprints.accounts.models import User, UserRole
    from softlanding.core.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        app = make_app(folder, minimal_route=False)
        with app.app_context():
            rng = random.Random(12)
            n_responses, n_answers = populate(rng)
            n_followups = add_pairs_and_followups(rng)
            db.session.add(UserRole(user_id=1, role="organiser"))
            db.session.commit()
            user_id = db.session.get(User, 1).get_id()
            baseline = median_time(lambda: [db.session.execute(text(sql)).all() for sql in BASELINE_SQL], repeat=3)
            db.session.rollback()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user_id, True
        today = date.today()
        year = f"start={(today - timedelta(days=365)).isoformat()}&end={today.isoformat()}"
        month = f"start={(today - timedelta(days=36)).isoformat()}&end={today.isoformat()}"
        page = f"/surveys/report?{year}"

        def after(kinds):
            return lambda: (_changed(app, kinds), client.get(page))

        figures = [
            ("report_page", median_time(lambda: client.get(page), repeat=5)),
            ("report_page_uncached", median_time(after(ALL_KINDS), repeat=3)),
            ("report_page_after_booking", median_time(after(AFTER_BOOKING), repeat=3)),
            ("report_pdf", median_time(lambda: client.get(f"/surveys/report.pdf?{year}"), repeat=3)),
        ]
        many, few = _queries(app, client, f"/surveys/report?{year}"), _queries(app, client, f"/surveys/report?{month}")
        print(f"{'figure':<26}{'seconds':>10}{'baseline':>10}{'ratio':>8}   ({n_responses} responses, {n_answers} "
              f"answers, {N_PAIRS} pairs, {n_followups} follow-ups, {N_EVENTS} events)")
        for name, seconds in figures:
            print(f"{name:<26}{seconds:>10.4f}{baseline:>10.4f}{seconds / baseline:>8.1f}")
        print(f"report page queries: {many} for a year of events, {few} for about a tenth of them")
        for name, seconds in figures:
            print(f"BENCH report.{name} responses={n_responses} answers={n_answers} pairs={N_PAIRS} "
                  f"followups={n_followups} events={N_EVENTS} seconds={seconds:.4f} baseline_seconds={baseline:.4f} "
                  f"ratio={seconds / baseline:.1f}")
        print(f"BENCH report.queries events_year={many} events_month={few} grows={'yes' if many > few else 'no'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
