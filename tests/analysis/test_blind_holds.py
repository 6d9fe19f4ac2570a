"""Blind second coding that holds (issue 16 item 4): while a sample is open, its second coder sees none of
the team's codings of the sampled answers anywhere in the analysis area, until they mark it done."""

import csv
import io
import re
import zipfile

from sqlalchemy import func, select

from softlanding.blueprints.analysis.models import Coding, Sample, SampleItem
from softlanding.core.extensions import db
from tests.analysis import ref
from tests.factories import (
    make_analysis_survey,
    make_code,
    make_coding,
    make_event,
    make_response,
    make_user,
    text_answer,
)

NOTE = "hidden while you second-code this sample"


def _seed(app):
    """Five sampled answers coded "Secret" by the team, three others coded "Visible"; the sample is open."""
    with app.app_context():
        first = make_user(role="organiser", full_name="First Coder")
        second = make_user(role="organiser", full_name="Second Coder")
        survey = make_analysis_survey(make_event(title="Blind webinar", days_ago=30))
        sampled = [text_answer(make_response(survey, f"Sampled answer {i} about ARCP")) for i in range(5)]
        others = [text_answer(make_response(survey, f"Other answer {i} about exams")) for i in range(3)]
        secret, visible = make_code("Secret"), make_code("Visible")
        for a in sampled:
            make_coding(a, secret, 0, 7, user=first)
        for a in others:
            make_coding(a, visible, user=first)
        sample = Sample(question="What went well?", percent=50, coder_id=second.id, created_by_id=first.id)
        db.session.add(sample)
        db.session.flush()
        db.session.add_all([SampleItem(sample_id=sample.id, answer_id=a.id) for a in sampled])
        db.session.commit()
        return {"first": first, "second": second, "sample": sample.id, "secret": secret.id,
                "sampled": [a.id for a in sampled], "others": [a.id for a in others]}


def _cards(html):
    """{answer text: card html} of a workspace page."""
    cards = html.split('<article class="answer-card"')[1:]
    return {re.search(r"(Sampled|Other) answer \d", re.sub(r"<[^>]+>", "", c)).group(0): c for c in cards}


def _quotes(client):
    return list(csv.DictReader(io.StringIO(client.get("/analysis/exports/quotes.csv").data.decode("utf-8-sig"))))


def test_the_second_coder_sees_no_team_codes_on_their_open_sample_until_it_is_done(app, login_as):
    seed = _seed(app)
    second = login_as(seed["second"])
    # Workspace: the sampled cards say why they show no codes and offer no team coding form.
    cards = _cards(second.get("/analysis/").get_data(as_text=True))
    assert len(cards) == 8
    for i in range(5):
        card = cards[f"Sampled answer {i}"]
        assert NOTE in card and 'aria-label="Codes on this answer"' not in card and "<mark" not in card
        assert "Code whole answer" not in card
    for i in range(3):
        card = cards[f"Other answer {i}"]
        assert NOTE not in card and 'aria-label="Codes on this answer"' in card and "Visible" in card
    assert "5 answers are hidden while you second-code this sample" in second.get("/analysis/").get_data(as_text=True)
    # Filtering by the hidden code finds nothing, so the list itself gives nothing away.
    assert "No answers match these filters." in second.get(f"/analysis/?code={seed['secret']}").get_data(as_text=True)
    # The text page, the review (counts and co-occurrence) and the code's extracts leave them out.
    detail = second.get(f"/analysis/texts/{ref(app, 'answer', seed['sampled'][0])}").get_data(as_text=True)
    assert NOTE in detail and "Not coded yet." not in detail and "First Coder" not in detail
    review = second.get("/analysis/review").get_data(as_text=True)
    assert NOTE in review and "Secret" not in review and "Visible" in review
    extracts = second.get(f"/analysis/codes/{seed['secret']}").get_data(as_text=True)
    assert "Sampled answer" not in extracts and NOTE in extracts
    # The exports they download: no quote, no 1 in the answers table, no coding in the REFI-QDA project.
    quotes = _quotes(second)
    assert {r["code"] for r in quotes} == {"Visible"} and len(quotes) == 3
    answers = list(csv.DictReader(io.StringIO(second.get("/analysis/exports/answers.csv").data.decode("utf-8-sig"))))
    assert len(answers) == 8 and {r["Secret"] for r in answers} == {"0"}
    qde = zipfile.ZipFile(io.BytesIO(second.get("/analysis/exports/project.qdpx").data)).read("project.qde").decode()
    assert qde.count("<Coding ") == 3
    # They cannot code a sampled answer in the team's workspace (the reply would say what is on it).
    r = second.post(f"/analysis/texts/{ref(app, 'answer', seed['sampled'][0])}/codings",
                    data={"code_ids": [str(seed["secret"])], "start": "0", "end": "7"}, follow_redirects=True)
    assert "code it on the sample page" in r.get_data(as_text=True) and "already on that text" not in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding)) == 8
    # The first coder, meanwhile, sees everything.
    first = login_as(seed["first"])
    assert NOTE not in first.get("/analysis/").get_data(as_text=True)
    assert "Secret" in first.get("/analysis/review").get_data(as_text=True)
    assert len(_quotes(first)) == 8
    # Once the second coder marks the sample done, the team's codes show again for them too.
    second = login_as(seed["second"])
    assert second.post(f"/analysis/samples/{seed['sample']}/complete").status_code == 302
    page = second.get("/analysis/").get_data(as_text=True)
    assert NOTE not in page and 'aria-label="Codes on this answer"' in _cards(page)["Sampled answer 0"]
    assert len(_quotes(second)) == 8 and "Secret" in second.get("/analysis/review").get_data(as_text=True)


def test_a_sample_drawn_after_the_coder_opened_the_workspace_hides_the_codes_on_their_next_page(app, login_as):
    with app.app_context():
        first, second = make_user(role="organiser"), make_user(role="organiser")
        survey = make_analysis_survey(make_event(title="Later blind webinar", days_ago=30))
        sampled = [text_answer(make_response(survey, f"Sampled answer {i} about ARCP")) for i in range(2)]
        other = text_answer(make_response(survey, "Other answer 0 about exams"))
        secret = make_code("Secret")
        for a in (*sampled, other):
            make_coding(a, secret, 0, 7, user=first)
        db.session.commit()
        ids, first_id, second_id = [a.id for a in sampled], first.id, second.id
    client = login_as(second)
    before = _cards(client.get("/analysis/").get_data(as_text=True))  # read once: nothing hidden yet
    assert all(NOTE not in c and "Code whole answer" in c for c in before.values())
    with app.app_context():  # drawn elsewhere (another organiser's request, another worker)
        sample = Sample(question="What went well?", percent=50, coder_id=second_id, created_by_id=first_id)
        db.session.add(sample)
        db.session.flush()
        db.session.add_all([SampleItem(sample_id=sample.id, answer_id=i) for i in ids])
        db.session.commit()
    html = client.get("/analysis/").get_data(as_text=True)
    cards = _cards(html)
    for i in range(2):
        card = cards[f"Sampled answer {i}"]
        assert NOTE in card and "<mark" not in card and "Code whole answer" not in card
    assert NOTE not in cards["Other answer 0"] and "<mark" in cards["Other answer 0"]
    assert "2 answers are hidden while you second-code this sample" in html


def test_coding_a_sampled_answer_is_refused_even_before_the_coders_pages_see_the_sample(app, login_as):
    from datetime import UTC, datetime

    from sqlalchemy import insert

    with app.app_context():
        first, second = make_user(role="organiser"), make_user(role="organiser")
        survey = make_analysis_survey(make_event(title="Stale flag webinar", days_ago=30))
        answer = text_answer(make_response(survey, "Sampled answer 0 about ARCP"))
        secret = make_code("Secret")
        make_coding(answer, secret, user=first)
        db.session.commit()
        answer_id, secret_id, first_id, second_id = answer.id, secret.id, first.id, second.id
    client = login_as(second)
    assert "Code whole answer" in client.get("/analysis/").get_data(as_text=True)  # "no open sample" is kept
    # Written past the session (no stamp moves), as another instance's change this one has not seen yet.
    with app.app_context(), db.engine.begin() as conn:
        sample_id = conn.execute(insert(Sample).values(
            question="What went well?", percent=50, coder_id=second_id, created_by_id=first_id,
            created_at=datetime.now(UTC)).returning(Sample.id)).scalar_one()
        conn.execute(insert(SampleItem).values(sample_id=sample_id, answer_id=answer_id))
    page = client.post(f"/analysis/texts/{ref(app, 'answer', answer_id)}/codings",
                       data={"code_ids": [str(secret_id)]}, follow_redirects=True).get_data(as_text=True)
    assert "This answer is in the blind sample you are coding" in page
    assert "Those codes were already on that text." not in page
