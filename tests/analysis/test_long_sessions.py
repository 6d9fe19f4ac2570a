"""A workspace for long sessions (issue 16 item 6): a checkbox list of codes, a "not yet coded" filter and
progress per question, coding typed words, colours and overlaps, editable memos with history, co-occurrence
cells that open their answers, moving a passage to another code and undoing a coding."""

import re

from sqlalchemy import func, select

from softlanding.blueprints.analysis.models import Coding, Memo, MemoRevision
from softlanding.core.extensions import db
from tests.analysis import ref
from tests.factories import make_analysis_survey, make_code, make_coding, make_event, make_response, text_answer

TEXTS = ["The Kaizen tips were clear.\nبہت شکریہ 🙏", "Interview practice helped a lot", "Kaizen tips, then more Kaizen tips"]


def _seed(app):
    with app.app_context():
        survey = make_analysis_survey(make_event(title="Sessions webinar", days_ago=30))
        ids = [text_answer(make_response(survey, text)).id for text in TEXTS]
        portfolio = make_code("Portfolio evidence and the Kaizen e-portfolio: a long name that must not be cut off")
        interview = make_code("Interviews", colour="#b3261e")
        make_coding(text_answer(make_response(survey, "Coded already about interviews")), interview)
        db.session.commit()
        return ids, portfolio.id, interview.id


def test_codes_are_a_checkbox_list_with_whole_labels(app, login_as):
    _ids, portfolio, interview = _seed(app)
    html = login_as("organiser").get("/analysis/").get_data(as_text=True)
    assert "<select multiple" not in html
    boxes = re.findall(r'<input type="checkbox" name="code_ids" value="(\d+)"', html)
    assert boxes.count(str(portfolio)) == 4 and boxes.count(str(interview)) == 4  # every card, every code
    assert "a long name that must not be cut off</label>" in html
    assert 'data-code-search' in html and "Find a code" in html


def test_not_yet_coded_filter_and_progress_per_question(app, login_as):
    _seed(app)
    client = login_as("organiser")
    html = client.get("/analysis/").get_data(as_text=True)
    assert "Progress: 1 of 4 answers coded" in html
    assert re.search(r"What went well\?</a>: 1 of 4 coded \(25%\)", html)
    uncoded = client.get("/analysis/?uncoded=1").get_data(as_text=True)
    assert "3 answers" in uncoded and "Coded already about interviews" not in uncoded


def test_typed_words_code_exactly_that_passage_or_get_a_clear_message(app, login_as):
    ids, portfolio, _ = _seed(app)
    client = login_as("organiser")
    url = f"/analysis/texts/{ref(app, 'answer', ids[0])}/codings"
    r = client.post(url, data={"code_ids": [str(portfolio)], "passage": "بہت شکریہ 🙏"}, follow_redirects=True)
    assert r.status_code == 200
    with app.app_context():
        coding = db.session.scalar(select(Coding).where(Coding.answer_id == ids[0]))
        assert TEXTS[0][coding.start_offset:coding.end_offset] == "بہت شکریہ 🙏"
    twice = client.post(f"/analysis/texts/{ref(app, 'answer', ids[2])}/codings",
                        data={"code_ids": [str(portfolio)], "passage": "Kaizen tips"}, follow_redirects=True)
    assert "occur more than once" in twice.get_data(as_text=True)
    missing = client.post(f"/analysis/texts/{ref(app, 'answer', ids[2])}/codings",
                          data={"code_ids": [str(portfolio)], "passage": "not there"}, follow_redirects=True)
    assert "not in the answer exactly as typed" in missing.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding).where(Coding.answer_id == ids[2])) == 0


def test_move_a_passage_to_another_code_and_undo_the_last_coding(app, login_as):
    ids, portfolio, interview = _seed(app)
    client = login_as("organiser")
    client.post(f"/analysis/texts/{ref(app, 'answer', ids[1])}/codings", data={"code_ids": [str(portfolio)], "start": "0",
                                                                   "end": "9"})
    page = client.get("/analysis/").get_data(as_text=True)
    assert "Undo the last coding" in page
    with app.app_context():
        coding_id = db.session.scalar(select(Coding.id).where(Coding.answer_id == ids[1]))
    client.post(f"/analysis/codings/{coding_id}/move", data={"code_id": str(interview)})
    with app.app_context():
        moved = db.session.get(Coding, coding_id)
        assert (moved.code_id, moved.start_offset, moved.end_offset) == (interview, 0, 9)
    same = client.post(f"/analysis/codings/{coding_id}/move", data={"code_id": str(interview)}, follow_redirects=True)
    assert "already has that code" in same.get_data(as_text=True)
    assert client.post(f"/analysis/codings/{coding_id}/move", data={"code_id": "x"},
                       follow_redirects=True).status_code == 200
    r = client.post("/analysis/codings/undo", follow_redirects=True)
    assert "removed 1 coding" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Coding, coding_id) is None
    again = client.post("/analysis/codings/undo", follow_redirects=True).get_data(as_text=True)
    assert "nothing left to undo" in again


def test_memos_can_be_edited_and_deleted_and_their_history_is_kept(app, login_as):
    ids, _, _ = _seed(app)
    client = login_as("organiser")
    client.post(f"/analysis/texts/{ref(app, 'answer', ids[0])}", data={"body": "First thought"})
    with app.app_context():
        memo_id = db.session.scalar(select(Memo.id))
    page = client.get(f"/analysis/texts/{ref(app, 'answer', ids[0])}").get_data(as_text=True)
    assert f"/analysis/memos/{memo_id}/edit" in page and f"/analysis/memos/{memo_id}/delete" in page
    blank = client.post(f"/analysis/memos/{memo_id}/edit", data={"body": "  "}).get_data(as_text=True)
    assert "Write the memo first" in blank
    client.post(f"/analysis/memos/{memo_id}/edit", data={"body": "Second thought\nشكراً"})
    page = client.get(f"/analysis/texts/{ref(app, 'answer', ids[0])}").get_data(as_text=True)
    assert "Second thought" in page and "First thought" not in page and "(edited" in page
    history = client.get(f"/analysis/memos/{memo_id}/edit").get_data(as_text=True)
    assert "First thought" in history and "Edited by" in history
    client.post(f"/analysis/memos/{memo_id}/delete")
    page = client.get(f"/analysis/texts/{ref(app, 'answer', ids[0])}").get_data(as_text=True)
    assert "Second thought" not in page and "No memos yet" in page
    assert client.get(f"/analysis/memos/{memo_id}/edit").status_code == 404
    with app.app_context():
        assert [(r.action, r.body) for r in db.session.scalars(select(MemoRevision).order_by(MemoRevision.id))] == [
            ("edited", "First thought"), ("deleted", "Second thought\nشكراً")]


def test_cooccurrence_cells_open_the_answers_behind_them(app, login_as):
    with app.app_context():
        survey = make_analysis_survey(make_event(title="Pairs", days_ago=30))
        a, b = make_code("Alpha"), make_code("Beta")
        both = text_answer(make_response(survey, "Both codes here"))
        only_a = text_answer(make_response(survey, "Only alpha here"))
        make_coding(both, a)
        make_coding(both, b, 0, 4)
        make_coding(only_a, a)
        db.session.commit()
        a_id, b_id = a.id, b.id
    client = login_as("organiser")
    review = client.get("/analysis/review").get_data(as_text=True)
    link = f"/analysis/?code={a_id}&amp;also={b_id}"
    assert link in review
    cell = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert " codes here" in cell and "Only alpha here" not in cell and "1 answer<" in cell
