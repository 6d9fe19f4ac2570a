"""Review tables, co-occurrence, top_themes() for the impact report, and mentoring closing comments as a source."""

import csv
import io
from datetime import UTC, date, datetime

from softlanding.blueprints.analysis import review as analysis_review
from softlanding.blueprints.analysis.models import Coding
from softlanding.core.extensions import db
from tests.analysis import ref
from tests.factories import (
    make_analysis_survey,
    make_closing_comment,
    make_code,
    make_coding,
    make_event,
    make_response,
    text_answer,
)


def _seed():
    webinar = make_event(title="ARCP webinar", category="webinar", starts_at=datetime(2026, 3, 1, 18, tzinfo=UTC))
    interview = make_event(title="Mock interviews", category="mock_interview", starts_at=datetime(2026, 4, 1, 18, tzinfo=UTC))
    s1, s2 = make_analysis_survey(webinar), make_analysis_survey(interview)
    theme = make_code("Preparation", is_theme=True)
    portfolio, arcp = make_code("Portfolio", theme=theme), make_code("ARCP", theme=theme)
    confidence = make_code("Confidence")
    answers = [text_answer(make_response(s1, f"Portfolio and ARCP answer {i}", submitted_on=datetime(2026, 3, 5, tzinfo=UTC)))
               for i in range(3)]
    answers += [text_answer(make_response(s2, f"Felt confident {i}", rating=4, submitted_on=datetime(2026, 4, 5, tzinfo=UTC)))
                for i in range(2)]
    for a in answers[:3]:
        make_coding(a, portfolio)
        make_coding(a, arcp, 0, 9)   # same theme twice on one answer: counted once
    make_coding(answers[0], confidence)
    for a in answers[3:]:
        make_coding(a, confidence)
    db.session.commit()
    return theme, portfolio, arcp, confidence


def test_counts_per_theme_by_event_category_and_month(app, ctx):
    _seed()
    counts = analysis_review.theme_counts()
    assert [(name, n) for name, n, _id in counts["themes"]] == [("Confidence", 3), ("Preparation", 3)]
    assert counts["month"]["columns"] == ["2026-03", "2026-04"]
    assert dict(counts["month"]["rows"]) == {"Confidence": [1, 2], "Preparation": [3, 0]}
    assert counts["category"]["columns"] == ["mock_interview", "webinar"]
    assert dict(counts["category"]["rows"]) == {"Confidence": [2, 1], "Preparation": [0, 3]}
    assert dict(counts["event"]["rows"])["Preparation"] == [3, 0]


def test_cooccurrence_table(app, ctx):
    _theme, portfolio, arcp, confidence = _seed()
    codes, matrix = analysis_review.cooccurrence()
    index = {c.name: i for i, c in enumerate(codes)}
    assert matrix[index["Portfolio"]][index["ARCP"]] == 3
    assert matrix[index["Portfolio"]][index["Confidence"]] == 1
    assert matrix[index["Confidence"]][index["Confidence"]] == 3


def test_review_page(app, login_as):
    with app.app_context():
        _seed()
    html = login_as("organiser").get("/analysis/review").get_data(as_text=True)
    assert "Codes that occur together" in html and "2026-04" in html and "Mock interviews" in html


def test_top_themes_for_the_impact_report(app, ctx):
    _seed()
    top = analysis_review.top_themes(date(2026, 3, 1), date(2026, 4, 30))
    assert [(t["theme"], t["count"]) for t in top] == [("Confidence", 3), ("Preparation", 3)]
    assert all(t["quote_answer_text"] and t["quote_event_title"] for t in top)
    prep = next(t for t in top if t["theme"] == "Preparation")
    assert prep["quote_event_title"] == "ARCP webinar" and prep["quote_answer_text"].startswith("Portfolio")
    march = analysis_review.top_themes(date(2026, 3, 1), date(2026, 3, 31))
    assert [(t["theme"], t["count"]) for t in march] == [("Preparation", 3), ("Confidence", 1)]
    assert [t["theme"] for t in analysis_review.top_themes(date(2026, 3, 1), date(2026, 4, 30), category="mock_interview")] == [
        "Confidence"]
    assert len(analysis_review.top_themes(date(2026, 3, 1), date(2026, 4, 30), limit=1)) == 1
    assert analysis_review.top_themes(date(2025, 1, 1), date(2025, 12, 31)) == []


def test_mentoring_closing_comments_are_a_codable_source(app, login_as):
    targets = {fk.target_fullname for fk in Coding.__table__.c.closing_feedback_id.foreign_keys}
    assert targets == {"mentoring_closing_feedback.id"}, "codings point at the mentoring area's closing comments"
    with app.app_context():
        comment = make_closing_comment("Monthly calls kept me going through the MRCPCH theory exams.")
        code_id = make_code("Exam support").id
        survey = make_analysis_survey(make_event(days_ago=30))
        make_response(survey, "A survey answer that is not a closing comment")
        db.session.commit()
        comment_id = comment.id
    client = login_as("organiser")
    html = client.get("/analysis/?source=mentoring").get_data(as_text=True)
    assert "Monthly calls kept me going" in html and "Closing comment (mentee)" in html
    assert "not a closing comment" not in html
    assert "Monthly calls" not in client.get("/analysis/").get_data(as_text=True)
    r = client.post(f"/analysis/texts/{ref(app, 'closing', comment_id)}/codings",
                    data={"code_ids": [str(code_id)], "start": "0", "end": "13"}, follow_redirects=True)
    assert "Coded the selected text" in r.get_data(as_text=True)
    detail = client.get(f"/analysis/codes/{code_id}").get_data(as_text=True)
    assert "Monthly calls" in detail and "Mentoring relationship" in detail
    rows = list(csv.DictReader(io.StringIO(client.get("/analysis/exports/answers.csv?source=mentoring").data.decode("utf-8-sig"))))
    assert rows[0]["Exam support"] == "1" and rows[0]["source"] == "Mentoring closing comments"
    client.post(f"/analysis/texts/{ref(app, 'closing', comment_id)}", data={"body": "Typical of mentee comments"})
    assert "Typical of mentee comments" in client.get(f"/analysis/texts/{ref(app, 'closing', comment_id)}").get_data(as_text=True)
