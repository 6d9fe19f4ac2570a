"""Impact report v2: reach, events, confidence, mentoring, outcomes, themes by polarity with pinned quotes,
beside the previous period; "<8" alike in page, CSV and PDF; the PDF read back with pypdf."""

import csv
import io
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from softlanding.blueprints.feedback import anonymity, impact, outcomes
from softlanding.blueprints.feedback.models import Answer, SurveyQuestion
from softlanding.core.extensions import db
from tests.factories import (
    count_queries,
    make_booking,
    make_code,
    make_coding,
    make_event,
    make_survey,
    make_user,
    respond,
)

TODAY = date.today()
RANGE = f"start={(TODAY - timedelta(days=30)).isoformat()}&end={TODAY.isoformat()}"


def _event(ratings, category="arcp", mwres=(), days_ago=10, title=None, improve=None, stage="st1_4"):
    event = make_event(category=category, mwres=mwres, days_ago=days_ago, title=title)
    people = [make_user(career_stage=stage, region="london", pmq_country="PK") for _ in ratings]
    for person in people:
        make_booking(event, person, attended=True)
    survey = make_survey(event, open_now=True)
    for i, (person, rating) in enumerate(zip(people, ratings, strict=True)):
        respond(survey, person, overall=rating, text=f"The ARCP walkthrough helped me, number {i}",
                improve=(improve or {}).get(i))
    return event, survey, people


def _answers(survey, code):
    return list(db.session.scalars(select(Answer).join(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id,
                                                                              SurveyQuestion.code == code)
                                   .order_by(Answer.id)))


def _world():
    """An ARCP event of 18 (10 Excellent, 8 Good), a 3-person mock interview, coded themes on both sides."""
    _big, big_survey, people = _event([5] * 10 + [4] * 8, mwres=["4b"], title="ARCP panel walkthrough",
                                      improve={i: "Access to the recording was hard" for i in range(9)})
    _small, small_survey, _ = _event([5, 4, 4], category="mock_interview", mwres=["4c"], days_ago=12,
                                     title="Mock interview for four", stage="st5_7")
    helped = make_code(name="Understanding ARCP", is_theme=True)
    access = make_code(name="Access to recordings", is_theme=True)
    for answer in _answers(big_survey, "went_well")[:9]:
        make_coding(answer, helped)
    for answer in _answers(small_survey, "went_well"):
        make_coding(answer, helped)
    for answer in _answers(big_survey, "improve"):
        make_coding(answer, access)
    outcomes.record_result(people[0], "fop", TODAY - timedelta(days=5), 1, "passed")
    db.session.commit()
    return helped.id, _answers(big_survey, "went_well")[0].id, _answers(small_survey, "went_well")[0].id


def _token(app, answer_id):
    with app.app_context():
        return anonymity.anchor_token(answer_id)


def _pick(app, answer_id):
    return {"answer": _token(app, answer_id), "start": (TODAY - timedelta(days=30)).isoformat(),
            "end": TODAY.isoformat()}


def _csv(client, query=RANGE):
    response = client.get(f"/surveys/report.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return {(r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))}


def test_report_sections_with_suppression_and_the_previous_period(app, login_as):
    with app.app_context():
        _world()
    client = login_as("organiser")
    rows = _csv(client)
    assert rows[("Events and feedback", "Events held", "This period")] == "2"
    assert rows[("Events and feedback", "Events held", "Previous period")] == "0"
    assert rows[("Events and feedback", "Attendances", "This period")] == "21"
    assert rows[("Events and feedback", "Mean overall rating (5 = Excellent)", "This period")] == "4.52"
    assert rows[("Events and feedback", "Rated Excellent", "This period")] == "52%"
    assert rows[("Overall rating: number of responses", "Good", "Responses")] == "10"
    assert rows[("People reached", "People who attended at least one event", "This period")] == "21"
    assert rows[("People reached", "New (first event in this period)", "This period")] == "21"
    assert rows[("People reached by career stage", "ST5–ST7 (specialty paediatrics)", "This period")] == "<8"
    # The complement is withheld, so 21 minus it does not give the small one away.
    assert rows[("People reached by career stage", "ST1–ST4 (core paediatrics)", "This period")] == "[c]"
    assert rows[("People reached by country of primary medical qualification", "Pakistan", "This period")] == "21"
    assert rows[("Events by category", "Mock interviews", "Attendances")] == "<8"
    assert rows[("Events by category", "Mock interviews", "Mean rating")] == "–"  # a mean of 3 people is withheld
    assert rows[("Events by MWRES indicator", "4c: differential attainment in recruitment and interviews",
                 "Attendances")] == "<8"
    assert rows[("Change in confidence", "This period", "People (paired)")] == "21"
    assert rows[("Change in confidence", "This period", "Mean before")] == "2.0"
    assert rows[("Change in confidence", "This period", "Improved")] == "100%"
    assert rows[("MRCPCH results", "Foundation of Practice (FOP)", "Passed")] == "<8"
    assert rows[("Mentoring", "Pairs made", "This period")] == "0"
    # Themes split by polarity: the access complaints do not read as impact.
    assert rows[("What helped", "Understanding ARCP", "Answers")] == "12"
    assert rows[("What could be better", "Access to recordings", "Answers")] == "9"
    assert ("What helped", "Access to recordings", "Answers") not in rows
    page = client.get(f"/surveys/report?{RANGE}").get_data(as_text=True)
    for heading in ("Reach", "Events", "Confidence before and after", "Mentoring", "Outcomes",
                    "Themes from what people wrote", "What helped", "What could be better"):
        assert f">{heading}<" in page
    assert "&lt;8" in page and "[c]" in page


def test_an_organiser_pins_quotes_only_from_groups_of_eight_or_more(app, login_as):
    with app.app_context():
        theme_id, big_answer, small_answer = _world()
    client = login_as("organiser")
    page = client.get(f"/surveys/report/themes/{theme_id}?{RANGE}").get_data(as_text=True)
    assert "The ARCP walkthrough helped me, number 0" in page and "From a group of fewer than 8 people" in page
    assert "No quotes pinned" in client.get(f"/surveys/report?{RANGE}").get_data(as_text=True)
    # The page names answers by opaque tokens, never their ids (which would give away the order of answering).
    assert f'value="{big_answer}"' not in page and f'value="{_token(app, big_answer)}"' in page
    refused = client.post(f"/surveys/report/themes/{theme_id}/pin", data=_pick(app, small_answer),
                          follow_redirects=True)
    assert b"fewer than 8 responses" in refused.data
    assert client.post(f"/surveys/report/themes/{theme_id}/pin", data=_pick(app, big_answer)).status_code == 302
    report = client.get(f"/surveys/report?{RANGE}").get_data(as_text=True)
    quote = report.split("In their words")[1]
    assert "The ARCP walkthrough helped me, number 0" in quote and "ARCP panel walkthrough" in quote
    assert "Mock interview for four" not in report  # never attributed to the 4-person event
    rows = _csv(client)
    assert rows[("Quote", "Understanding ARCP", "ARCP panel walkthrough")] == "The ARCP walkthrough helped me, number 0"
    client.post(f"/surveys/report/themes/{theme_id}/unpin", data=_pick(app, big_answer))
    assert "No quotes pinned" in client.get(f"/surveys/report?{RANGE}").get_data(as_text=True)


def test_the_pdf_has_a_cover_page_numbers_and_every_heading_and_figure_of_the_page(app, login_as):
    with app.app_context():
        theme_id, big_answer, _ = _world()
    client = login_as("organiser", full_name="Amina Rahman")
    client.post(f"/surveys/report/themes/{theme_id}/pin", data=_pick(app, big_answer))
    response = client.get(f"/surveys/report.pdf?{RANGE}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    cover = pages[0]
    assert "Soft Landing" in cover and "Impact report" in cover and "Amina Rahman" in cover
    assert f"{TODAY:%-d %B %Y}" in cover
    assert len(pages) >= 2 and all(f"Page {i + 1} of {len(pages)}" in pages[i] for i in range(1, len(pages)))
    with app.app_context():
        report = impact.build_report(TODAY - timedelta(days=30), TODAY, produced_by="Amina Rahman")
    flat = " ".join(text.split())
    for section in report.sections:
        assert section.title in flat, section.title
        for table in section.tables:
            assert table.caption in flat, table.caption
            for row in table.rows:
                for value in row:
                    assert str(value) in flat, (table.caption, row, value)
    assert "The ARCP walkthrough helped me, number 0" in flat
    # Each section starts where it fits: no page ends on a section heading alone.
    for page in pages[1:]:
        last = [line for line in page.splitlines() if line.strip() and "Page " not in line]
        assert last and last[-1] not in {s.title for s in report.sections}


def test_the_report_page_queries_do_not_grow_with_events(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        for _ in range(2):
            _event([5] * 3)
        db.session.commit()
    few = count_queries(app, client, f"/surveys/report?{RANGE}")
    with app.app_context():
        for _ in range(6):
            _event([4] * 3)
        db.session.commit()
    assert count_queries(app, client, f"/surveys/report?{RANGE}") == few


def test_bad_periods_are_explained(login_as):
    client = login_as("organiser")
    page = client.get("/surveys/report?start=2026-13-01&end=2026-01-01")
    assert page.status_code == 200 and b"YYYY-MM-DD" in page.data
    assert b"on or after the start" in client.get("/surveys/report?start=2026-05-01&end=2026-01-01").data
    assert client.get("/surveys/report.csv?start=nope").status_code == 400
    assert client.get("/surveys/report.pdf?start=nope").status_code == 400


def test_category_and_mwres_tables_stand_beside_the_previous_period(app, login_as):
    from tests.feedback.test_results import _event_with_answers

    with app.app_context():
        _event_with_answers([5] * 9, category="arcp", mwres=["4b"], days_ago=10)  # this period (30 days)
        _event_with_answers([4] * 10, category="arcp", mwres=["4b"], days_ago=45)  # the 31 days before
        _event_with_answers([3] * 8, category="eportfolio", days_ago=50)  # held only in the previous period
        db.session.commit()
    rows = _csv(login_as("organiser"))
    arcp = "ARCP (Annual Review of Competence Progression)"
    assert rows[("Events by category", arcp, "Attendances")] == "9"
    assert rows[("Events by category", arcp, "Attendances (previous)")] == "10"
    assert rows[("Events by category", arcp, "Mean rating (previous)")] == "4.0"
    eportfolio = [key for key in rows if key[0] == "Events by category" and key[2] == "Events (previous)"
                  and key[1] != arcp]
    assert eportfolio and rows[eportfolio[0]] == "1" and rows[(eportfolio[0][0], eportfolio[0][1], "Events")] == "0"
    mwres = [key for key in rows if key[0] == "Events by MWRES indicator" and key[1].startswith("4b")]
    assert rows[(mwres[0][0], mwres[0][1], "Attendances (previous)")] == "10"
