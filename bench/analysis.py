"""Feedback analysis at scale: 50,000 free-text answers and 20,000 codings in a temporary SQLite file.

Times, in the same run: suggested themes (TF-IDF + NMF, k=8) over the 50,000 answers beside TF-IDF
alone; the whole suggestions page over HTTP beside the pure suggest(); pages of the coding workspace
(HTTP, signed in) beside a plain paged query of the same answers and a minimal Flask route; the two-coder
comparison page (percent agreement, kappa, alpha for every code) over 5,000 double-coded answers beside
the pure statistics on the same data. BENCH_ANALYSIS_ANSWERS sets another size (a multiple of 200).
Goal for the suggestions: under 60 s at 50,000 answers.
"""

import os
import random
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from ._common import make_app, median_time

PER_EVENT = 200
N_EVENTS = max(1, int(os.environ.get("BENCH_ANALYSIS_ANSWERS", "50000")) // PER_EVENT)  # one free-text answer each
N_CODES, N_CODINGS, N_DOUBLE = 12, 20_000, 5_000
OPENINGS = ["I found", "Honestly,", "For me", "The best part was", "I wish", "Next time", "It was clear that"]
TOPICS = [
    "the portfolio walkthrough and what evidence ARCP panels look for in Kaizen",
    "the mock interview stations and the feedback on my answers to clinical governance questions",
    "the MRCPCH theory revision plan, especially AKP and the question bank tips",
    "hearing how consultants handle cultural differences and hierarchy on NHS ward rounds",
    "the advice on rotas, less than full time training and looking after my wellbeing",
    "the session on communication with parents and breaking bad news in a second language",
    "the guidance on specialty recruitment, the self-assessment and portfolio scoring",
    "meeting other international graduates who had the same worries when they started",
]
CLOSINGS = ["really helpful.", "could be longer.", "went too fast.", "changed how I prepare.",
            "should be recorded.", "made me more confident.", ""]


def answer_text(rng):
    """A plausible free-text answer mixing one or two topics."""
    topics = rng.sample(TOPICS, rng.choice([1, 1, 2]))
    return f"{rng.choice(OPENINGS)} {' and '.join(topics)} {rng.choice(CLOSINGS)}".strip()


def populate(seed=5):
    """An organiser, hosts, 50 past events with surveys, 10,000 responses with rating and free text."""
    from softlanding.blueprints.accounts.models import User, UserRole
    from softlanding.blueprints.events.models import Event
    from softlanding.blueprints.feedback.models import Answer, Survey, SurveyQuestion, SurveyResponse
    from softlanding.core import reference
    from softlanding.core.extensions import db

    rng = random.Random(seed)
    db.create_all()
    reference.ensure_defaults()
    now = datetime.now(UTC).replace(microsecond=0)
    db.session.execute(insert(User), [{"id": i, "email": f"b{i}@example.org", "full_name": f"Bench {i}",
                                       "password_hash": "x", "session_token": f"t{i}", "created_at": now,
                                       "is_active_account": True} for i in range(1, 3)])
    db.session.execute(insert(UserRole), [{"user_id": 1, "role": "organiser", "granted_at": now}])
    categories = ["arcp", "mrcpch", "mock_interview", "wellbeing_culture"]
    stages, regions = ["st1_4", "st5_7", "foundation_led", "not_in_uk"], ["london", "north_west", "scotland", "wales"]
    events, surveys, questions, responses, answers = [], [], [], [], []
    answer_id = response_id = 0
    for e in range(1, N_EVENTS + 1):
        starts = now - timedelta(days=7 * e)
        events.append({"id": e, "title": f"Webinar {e}", "category": categories[e % 4], "starts_at": starts,
                       "ends_at": starts + timedelta(hours=1), "host_id": 2, "status": "published",
                       "description_html": "", "timezone": "Europe/London", "format": "online", "venue": "",
                       "join_link": "", "career_stages": [], "mwres_indicators": [], "review_comment": "",
                       "cancel_reason": "", "sequence": 0, "recording_url": "", "resources_public": False,
                       "created_at": now, "updated_at": now})
        anonymous = e % 5 == 0
        surveys.append({"id": e, "title": f"Feedback {e}", "event_id": e, "audience": "attendees",
                        "audience_filter": {}, "anonymous": anonymous, "status": "closed", "open_on_event_end": True,
                        "close_after_days": 14, "created_at": now})
        questions += [{"id": 2 * e - 1, "survey_id": e, "position": 0, "kind": "rating", "prompt": "Overall",
                       "help_text": "", "required": True, "options": [], "code": "overall"},
                      {"id": 2 * e, "survey_id": e, "position": 1, "kind": "long_text", "prompt": "What went well?",
                       "help_text": "", "required": False, "options": [], "code": "went_well"}]
        for _ in range(PER_EVENT):
            response_id += 1
            day = (starts + timedelta(days=rng.randint(0, 13))).replace(hour=0, minute=0, second=0)
            responses.append({"id": response_id, "survey_id": e, "user_id": None, "submitted_on": day,
                              "career_stage": None if anonymous else rng.choice(stages),
                              "region": None if anonymous else rng.choice(regions)})
            answer_id += 2
            answers += [{"id": answer_id - 1, "response_id": response_id, "question_id": 2 * e - 1,
                         "number_value": rng.choice([5, 5, 5, 4, 4, 3, 2])},
                        {"id": answer_id, "response_id": response_id, "question_id": 2 * e,
                         "text_value": answer_text(rng)}]
    for model, rows in ((Event, events), (Survey, surveys), (SurveyQuestion, questions),
                        (SurveyResponse, responses), (Answer, answers)):
        for chunk in range(0, len(rows), 20_000):
            db.session.execute(insert(model), rows[chunk:chunk + 20_000])
    text_ids = [a["id"] for a in answers if "text_value" in a]
    _codings(rng, text_ids, now)
    db.session.commit()
    return [a["text_value"] for a in answers if "text_value" in a]


def _codings(rng, text_ids, now):
    """N_CODES codes, N_CODINGS team codings (whole answers and spans), and a finished blind sample of
    N_DOUBLE answers that a second coder coded, agreeing most of the time."""
    import uuid

    from softlanding.blueprints.analysis.models import Code, Coding, Sample, SampleItem
    from softlanding.core.extensions import db

    db.session.execute(insert(Code), [{"id": c, "guid": str(uuid.uuid4()), "name": f"Code {c}", "definition": "",
                                       "colour": "#0b5563", "is_theme": False, "created_at": now}
                                      for c in range(1, N_CODES + 1)])
    coded = rng.sample(text_ids, min(len(text_ids), N_CODINGS))
    first = [{"guid": str(uuid.uuid4()), "answer_id": a, "code_id": rng.randint(1, N_CODES),
              "start_offset": None if i % 3 else 0, "end_offset": None if i % 3 else 10, "created_by_id": 1,
              "created_at": now} for i, a in enumerate(coded)]
    db.session.execute(insert(Coding), first)
    double = coded[:N_DOUBLE]
    db.session.execute(insert(Sample), [{"id": 1, "question": "What went well?", "percent": 10, "coder_id": 1,
                                         "created_by_id": 1, "created_at": now, "completed_at": now}])
    db.session.execute(insert(SampleItem), [{"sample_id": 1, "answer_id": a} for a in double])
    by_answer = {row["answer_id"]: row["code_id"] for row in first}
    second = [{"guid": str(uuid.uuid4()), "answer_id": a, "sample_id": 1, "created_by_id": 1, "created_at": now,
               "code_id": by_answer[a] if rng.random() < 0.8 else rng.randint(1, N_CODES)} for a in double]
    db.session.execute(insert(Coding), second)


def _plain_page(db):
    """The baseline: one page of free-text answers by a plain paged query (no filters, codings or render)."""
    from softlanding.blueprints.feedback.models import Answer

    return db.session.execute(db.select(Answer.id, Answer.text_value).where(Answer.text_value.is_not(None))
                              .order_by(Answer.id.desc()).limit(25).offset(0)).all()


def _double_vectors(db):
    """[(first, second)] 0/1 vectors per code over the sample's answers, as the comparison builds them."""
    from softlanding.blueprints.analysis import team

    ids, first, second = team._matrix(team.get_sample(1))
    return [([1 if c in first[i] else 0 for i in ids], [1 if c in second[i] else 0 for i in ids])
            for c in range(1, N_CODES + 1)]


def main():
    """Build the data, time suggestions and the workspace, print a table and BENCH lines."""
    from softlanding.blueprints.accounts.models import User
    from softlanding.core.extensions import db
    from softlanding.lib import topics as themes
    from softlanding.lib.agreement import agreement

    folder = Path(tempfile.mkdtemp(prefix="bench-analysis-"))
    try:
        app = make_app(folder)
        with app.app_context():
            texts = populate()
            organiser = db.session.get(User, 1)
            user_key = organiser.get_id()
        n = len(texts)
        start = time.perf_counter()
        found = themes.suggest(texts, k=8)
        suggest_seconds = time.perf_counter() - start
        tfidf_seconds = median_time(lambda: themes.tfidf_only(texts), 3)
        repeat_seconds = median_time(lambda: themes.suggest(texts, k=8), 2)

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user_key
            session["_fresh"] = True
        url = "/analysis/?category=mrcpch&rating=5&q=portfolio&region=london&page=2"
        assert client.get(url).status_code == 200
        page_seconds = median_time(lambda: client.get(url), 5)
        all_seconds = median_time(lambda: client.get("/analysis/"), 5)
        uncoded_seconds = median_time(lambda: client.get("/analysis/?uncoded=1&page=3"), 5)
        minimal = median_time(lambda: client.get("/_bench/minimal"), 50)
        with app.app_context():
            paged = median_time(lambda: _plain_page(db), 5)
        start = time.perf_counter()
        assert client.get("/analysis/suggestions?k=8").status_code == 200
        page_suggest_seconds = time.perf_counter() - start
        assert client.get("/analysis/samples/1").status_code == 200
        compare_seconds = median_time(lambda: client.get("/analysis/samples/1"), 3)
        with app.app_context():
            vectors = _double_vectors(db)
        pure_seconds = median_time(lambda: [agreement(a, b) for a, b in vectors], 3)

        print(f"answers={n} events={N_EVENTS} codings={N_CODINGS} double_coded={N_DOUBLE} suggestions={len(found)} "
              f"largest_theme={max(len(s.members) for s in found)} (SQLite file)")
        rows = [("suggest", "suggest k=8 (TF-IDF + NMF), first run", suggest_seconds, "TF-IDF alone", tfidf_seconds),
                ("suggest_repeat", "suggest k=8, median of 2", repeat_seconds, "TF-IDF alone", tfidf_seconds),
                ("suggest_page", "suggestions page k=8 (HTTP, DB, render)", page_suggest_seconds,
                 "pure suggest()", suggest_seconds),
                ("workspace_filtered", "workspace, 4 filters + search, page 2", page_seconds, "minimal Flask route",
                 minimal),
                ("workspace", "workspace, no filters, page 1", all_seconds, "plain paged query", paged),
                ("workspace_uncoded", "workspace, not yet coded, page 3", uncoded_seconds, "plain paged query", paged),
                ("workspace_http", "workspace, no filters, page 1", all_seconds, "minimal Flask route", minimal),
                ("comparison", f"comparison page, {N_DOUBLE} double-coded", compare_seconds,
                 "pure kappa + alpha", pure_seconds)]
        print(f"{'measure':<42} {'seconds':>9}  {'baseline':<20} {'seconds':>9} {'ratio':>8}")
        for _, label, seconds, base_label, base in rows:
            print(f"{label:<42} {seconds:>9.4f}  {base_label:<20} {base:>9.4f} {seconds / base:>8.1f}")
        print(f"goal: suggestions under 60 s -> {'met' if suggest_seconds < 60 else 'NOT met'}")
        for name, _, seconds, _, base in rows:
            print(f"BENCH analysis.{name} answers={n} codings={N_CODINGS} double_coded={N_DOUBLE} k=8 "
                  f"seconds={seconds:.4f} baseline_seconds={base:.4f} ratio={seconds / base:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
