"""Codebook (codes under themes, rename, merge, delete with confirmation) and coding (whole, spans, memos)."""

from sqlalchemy import func, select

from softlanding.blueprints.analysis import codebook
from softlanding.blueprints.analysis.models import Code, Coding, Memo
from softlanding.core.extensions import db
from tests.analysis import ref
from tests.factories import make_analysis_survey, make_code, make_coding, make_event, make_response, text_answer

TEXT = "The portfolio tips helped me prepare for ARCP."


def _contrast(hex_colour):
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def test_every_palette_colour_is_readable_with_white_text():
    assert len(codebook.PALETTE) >= 6
    for hex_colour, name in codebook.PALETTE:
        assert _contrast(hex_colour) >= 4.5, f"{name} {hex_colour} contrast {_contrast(hex_colour):.2f}"


def _answer():
    survey = make_analysis_survey(make_event(days_ago=30))
    return text_answer(make_response(survey, TEXT))


def test_create_codes_under_a_theme_and_refuse_duplicates(app, login_as):
    client = login_as("organiser")
    r = client.post("/analysis/codes", data={"name": "Career progression", "colour": "#1d4f91", "is_theme": "y",
                                             "definition": "Moving through training."})
    assert r.status_code == 302
    with app.app_context():
        theme_id = db.session.scalar(select(Code.id).where(Code.name == "Career progression"))
    r = client.post("/analysis/codes", data={"name": "ARCP", "colour": "#0b5563", "parent_id": str(theme_id)})
    assert r.status_code == 302
    page = client.get("/analysis/codes").get_data(as_text=True)
    assert "Theme: Career progression" in page and page.index("Theme: Career progression") < page.index(">ARCP<")
    assert "swatch-blue" in page
    # Same name, any case: refused next to the field, what was typed is kept.
    r = client.post("/analysis/codes", data={"name": "arcp", "colour": "#0b5563", "definition": "keep me"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'id="name-error"' in html and "already a code" in html and "keep me" in html
    # A colour outside the palette is refused.
    r = client.post("/analysis/codes", data={"name": "Exams", "colour": "#ffff00"})
    assert r.status_code == 200 and 'id="colour-error"' in r.get_data(as_text=True)


def test_rename_and_move_under_theme(app, login_as):
    with app.app_context():
        theme = make_code("Belonging", is_theme=True)
        code = make_code("Peer support")
        ids = theme.id, code.id
        db.session.commit()
    client = login_as("organiser")
    r = client.post(f"/analysis/codes/{ids[1]}/edit", data={"name": "Peer support from reps", "colour": "#5b3a8c",
                                                             "parent_id": str(ids[0])})
    assert r.status_code == 302
    with app.app_context():
        code = db.session.get(Code, ids[1])
        assert (code.name, code.colour, code.parent_id) == ("Peer support from reps", "#5b3a8c", ids[0])


def test_merge_moves_every_coding_to_the_surviving_code(app, login_as):
    with app.app_context():
        answer = _answer()
        other = text_answer(make_response(make_analysis_survey(make_event(days_ago=30)), "Another answer"))
        keep, lose = make_code("Portfolio"), make_code("ePortfolio")
        make_coding(answer, keep)
        make_coding(answer, lose)          # duplicate of the one above once merged
        make_coding(answer, lose, 4, 13)   # a span
        make_coding(other, lose)
        db.session.add(Memo(code_id=lose.id, body="Same idea as Portfolio"))
        ids = keep.id, lose.id
        db.session.commit()
    client = login_as("organiser")
    assert client.get(f"/analysis/codes/{ids[1]}/merge").status_code == 200
    r = client.post(f"/analysis/codes/{ids[1]}/merge", data={"target_id": str(ids[0])}, follow_redirects=True)
    assert "2 codings moved" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Code, ids[1]) is None
        rows = db.session.execute(select(Coding.answer_id, Coding.start_offset).where(Coding.code_id == ids[0])).all()
        assert len(rows) == 3 and sorted(r[1] is None for r in rows) == [False, True, True]
        assert db.session.scalar(select(Memo.code_id)) == ids[0]


def test_delete_asks_first_then_removes_codings(app, login_as):
    with app.app_context():
        theme = make_code("Theme A", is_theme=True)
        code = make_code("To delete", theme=theme)
        make_coding(_answer(), code)
        ids = theme.id, code.id
        db.session.commit()
    client = login_as("organiser")
    page = client.get(f"/analysis/codes/{ids[1]}/delete").get_data(as_text=True)
    assert "removes 1 coding" in page and "Yes, delete" in page
    with app.app_context():
        assert db.session.get(Code, ids[1]) is not None  # asking deletes nothing
    client.post(f"/analysis/codes/{ids[0]}/delete")
    with app.app_context():
        assert db.session.get(Code, ids[0]) is None
        assert db.session.get(Code, ids[1]).parent_id is None  # codes of a deleted theme stay
    client.post(f"/analysis/codes/{ids[1]}/delete")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding)) == 0


def test_code_whole_answer_and_span_with_several_codes(app, login_as):
    with app.app_context():
        answer_id = _answer().id
        a, b = make_code("Portfolio"), make_code("ARCP")
        theme = make_code("Progress", is_theme=True)
        ids = a.id, b.id, theme.id
        db.session.commit()
    client = login_as("organiser", full_name="Coder Person")
    url = f"/analysis/texts/{ref(app, 'answer', answer_id)}/codings"
    r = client.post(url, data={"code_ids": [str(ids[0]), str(ids[1])], "start": "", "end": ""}, follow_redirects=True)
    assert "Coded the whole answer with Portfolio, ARCP" in r.get_data(as_text=True)
    span = TEXT.index("portfolio tips"), TEXT.index("portfolio tips") + len("portfolio tips")
    r = client.post(url, data={"code_ids": [str(ids[0])], "start": str(span[0]), "end": str(span[1])},
                    follow_redirects=True)
    assert "Coded the selected text" in r.get_data(as_text=True)
    # The same code on the same span again adds nothing; a theme, a bad span or no code is refused.
    client.post(url, data={"code_ids": [str(ids[0])], "start": str(span[0]), "end": str(span[1])})
    for data in ({"code_ids": [str(ids[2])]}, {"code_ids": [str(ids[0])], "start": "5", "end": "999"},
                 {"code_ids": [str(ids[0])], "start": "9", "end": "3"}, {"start": "", "end": ""},
                 {"code_ids": ["x"]}, {"code_ids": [str(ids[0])], "start": "4", "end": ""}):
        r = client.post(url, data=data, follow_redirects=True)
        assert r.status_code == 200 and "flash-error" in r.get_data(as_text=True), data
    assert client.post("/analysis/texts/answer/99999/codings", data={"code_ids": [str(ids[0])]}).status_code == 404
    with app.app_context():
        rows = db.session.scalars(select(Coding).order_by(Coding.id)).all()
        assert [(c.code_id, c.start_offset, c.end_offset) for c in rows] == [
            (ids[0], None, None), (ids[1], None, None), (ids[0], span[0], span[1])]
        assert all(c.created_by_id == client.user_id and c.created_at for c in rows)
    detail = client.get(f"/analysis/texts/{ref(app, 'answer', answer_id)}").get_data(as_text=True)
    assert "<q class=\"extract\">portfolio tips</q>" in detail and "whole answer" in detail
    assert "by Coder" in detail  # who coded it (and when) is shown to organisers


def test_remove_a_coding(app, login_as):
    with app.app_context():
        coding_id = make_coding(_answer(), make_code("Portfolio")).id
        db.session.commit()
    client = login_as("organiser")
    r = client.post(f"/analysis/codings/{coding_id}/delete", follow_redirects=True)
    assert "Removed the code Portfolio" in r.get_data(as_text=True)
    assert client.post(f"/analysis/codings/{coding_id}/delete").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding)) == 0
        assert db.session.scalar(select(func.count()).select_from(Code)) == 1  # the code stays


def test_memos_on_codes_and_answers(app, login_as):
    with app.app_context():
        answer_id = _answer().id
        code_id = make_code("Portfolio").id
        db.session.commit()
    client = login_as("organiser", full_name="Memo Writer")
    r = client.post(f"/analysis/texts/{ref(app, 'answer', answer_id)}", data={"body": "Ask about Kaizen next time"},
                    follow_redirects=True)
    assert "Ask about Kaizen next time" in r.get_data(as_text=True) and "Memo" in r.get_data(as_text=True)
    r = client.post(f"/analysis/codes/{code_id}", data={"body": "Overlaps with ARCP"}, follow_redirects=True)
    assert "Overlaps with ARCP" in r.get_data(as_text=True)
    r = client.post(f"/analysis/codes/{code_id}", data={"body": "   "})
    assert r.status_code == 200 and 'id="body-error"' in r.get_data(as_text=True)
    assert "(1)" in client.get("/analysis/").get_data(as_text=True)  # memo count on the grid
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Memo)) == 2


def test_code_page_shows_extracts_with_event_and_rating(app, login_as):
    with app.app_context():
        survey = make_analysis_survey(make_event(title="Kaizen clinic", days_ago=30))
        answer = text_answer(make_response(survey, TEXT, rating=4))
        theme = make_code("Progress", is_theme=True)
        code = make_code("Portfolio", theme=theme)
        make_coding(answer, code, 4, 13)
        ids = theme.id, code.id
        db.session.commit()
    client = login_as("organiser")
    for code_id in ids:  # a theme shows its codes' extracts
        html = client.get(f"/analysis/codes/{code_id}").get_data(as_text=True)
        assert "portfolio" in html and "Kaizen clinic" in html and "Good" in html
