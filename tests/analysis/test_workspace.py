"""The coding workspace: filters, search, paging, identity kept out, constant query count."""

from datetime import UTC, datetime, timedelta

from softlanding.blueprints.analysis.models import Code
from softlanding.core.extensions import db
from tests.factories import (
    count_queries,
    make_analysis_survey,
    make_code,
    make_coding,
    make_event,
    make_quiet_responses,
    make_response,
    make_user,
    text_answer,
)


def _seed():
    webinar = make_event(title="Portfolio and ARCP webinar", category="webinar", days_ago=30)
    interview = make_event(title="ST3 mock interviews", category="mock_interview", days_ago=29)
    s1, s2 = make_analysis_survey(webinar), make_analysis_survey(interview, anonymous=True)
    make_response(s1, "The ARCP portfolio walkthrough was excellent.", rating=5, career_stage="st1_4",
                  region="london", submitted_on=datetime(2026, 3, 10, tzinfo=UTC))
    make_response(s1, "Too fast; I could not follow the Kaizen part.", rating=2, career_stage="st5_7",
                  region="north_west", submitted_on=datetime(2026, 4, 2, tzinfo=UTC))
    make_response(s2, "Mock interview stations felt real.", rating=4,
                  submitted_on=datetime(2026, 4, 20, tzinfo=UTC), next_topics="Leadership questions")
    make_quiet_responses(s2, submitted_on=datetime(2026, 4, 20, tzinfo=UTC))  # 8 responses: texts shown
    db.session.commit()
    return webinar, interview


def _texts(html):
    return [t for t in ("ARCP portfolio walkthrough", "Kaizen part", "stations felt real", "Leadership questions")
            if t in html]


def test_filters_narrow_the_grid(app, login_as):
    with app.app_context():
        webinar, interview = _seed()
        webinar_id = webinar.id
    client = login_as("organiser")
    assert len(_texts(client.get("/analysis/").get_data(as_text=True))) == 4
    assert _texts(client.get(f"/analysis/?event={webinar_id}").get_data(as_text=True)) == [
        "ARCP portfolio walkthrough", "Kaizen part"]
    assert _texts(client.get("/analysis/?category=mock_interview").get_data(as_text=True)) == [
        "stations felt real", "Leadership questions"]
    assert _texts(client.get("/analysis/?question=What+topics+next%3F").get_data(as_text=True)) == [
        "Leadership questions"]
    assert _texts(client.get("/analysis/?from=2026-04-01&to=2026-04-10").get_data(as_text=True)) == ["Kaizen part"]
    assert _texts(client.get("/analysis/?rating=5").get_data(as_text=True)) == ["ARCP portfolio walkthrough"]
    assert _texts(client.get("/analysis/?career_stage=st5_7").get_data(as_text=True)) == ["Kaizen part"]
    assert _texts(client.get("/analysis/?region=london").get_data(as_text=True)) == ["ARCP portfolio walkthrough"]
    assert _texts(client.get("/analysis/?q=kaizen").get_data(as_text=True)) == ["Kaizen part"]
    # Nonsense arguments are ignored, not errors.
    response = client.get("/analysis/?event=abc&rating=9&from=notadate&to=9999-12-31&page=-3&source=zzz")
    assert response.status_code == 200 and len(_texts(response.get_data(as_text=True))) == 4


def test_search_treats_wildcards_literally(app, login_as):
    with app.app_context():
        survey = make_analysis_survey(make_event(days_ago=30))
        make_response(survey, "100% useful")
        make_response(survey, "Nothing special")
        db.session.commit()
    html = login_as("organiser").get("/analysis/?q=%25").get_data(as_text=True)
    assert "100% useful" in html and "Nothing special" not in html


def test_anonymous_answers_show_no_identity(app, login_as):
    with app.app_context():
        survey = make_analysis_survey(make_event(days_ago=30), anonymous=True)
        person = make_user(full_name="Zanele Identifiable", career_stage="consultant")
        make_response(survey, "Anonymous words here", user=person)
        make_quiet_responses(survey)  # 8 responses, so the anonymous survey's texts are shown
        db.session.commit()
    html = login_as("organiser").get("/analysis/").get_data(as_text=True)
    grid = html.split('class="answer-grid"')[1]
    assert "Anonymous words here" in grid and "Anonymous" in grid
    assert "Zanele" not in html and "Consultant" not in grid


def test_rating_shown_and_answers_escaped(app, login_as):
    with app.app_context():
        survey = make_analysis_survey(make_event(days_ago=30))
        make_response(survey, "<script>alert(1)</script> was fine", rating=4)
        db.session.commit()
    html = login_as("organiser").get("/analysis/").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Rating: Good" in html


def test_paging(app, login_as):
    with app.app_context():
        survey = make_analysis_survey(make_event(days_ago=30))
        base = datetime(2026, 1, 1, tzinfo=UTC)
        for i in range(30):
            make_response(survey, f"Answer number {i:02d}.", submitted_on=base + timedelta(days=i))
        db.session.commit()
    client = login_as("organiser")
    first = client.get("/analysis/").get_data(as_text=True)
    second = client.get("/analysis/?page=2").get_data(as_text=True)
    assert "Answer number 29." in first and "Answer number 04." not in first
    assert "Answer number 04." in second and "Page 2 of 2" in second


def test_query_count_does_not_grow_with_rows(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        survey = make_analysis_survey(make_event(days_ago=30))
        code = make_code("Portfolio")
        response = make_response(survey, "One answer")
        make_coding(text_answer(response), code)
        code_id = code.id
        db.session.commit()
    few = count_queries(app, client, "/analysis/?rating=5")
    with app.app_context():
        code = db.session.get(Code, code_id)
        for event_n in range(3):
            survey = make_analysis_survey(make_event(days_ago=30))
            for i in range(8):
                response = make_response(survey, f"Answer {event_n}-{i}")
                make_coding(text_answer(response), code, 0, 3)
        db.session.commit()
    many = count_queries(app, client, "/analysis/?rating=5")
    assert many == few, f"{few} queries for 1 answer, {many} for 25"


def test_coded_spans_are_highlighted_in_the_text(app, login_as):
    with app.app_context():
        answer = text_answer(make_response(make_analysis_survey(make_event(days_ago=30)), "Kaizen tips and ARCP advice"))
        make_coding(answer, make_code("Portfolio", colour="#1d4f91"), 0, 11)
        make_coding(answer, make_code("ARCP", colour="#b3261e"), 7, 27)
        db.session.commit()
    html = login_as("organiser").get("/analysis/").get_data(as_text=True)
    # Each code in its own colour; the overlap is marked as such (double line, hatching) and names both.
    assert ('data-codable><mark class="coded hl-blue" title="Portfolio">Kaizen </mark>'
            '<mark class="coded hl-blue overlap" title="Portfolio, ARCP">tips</mark>'
            '<mark class="coded hl-red" title="ARCP"> and ARCP advice</mark></p>') in html


def test_event_filter_keeps_the_chosen_event_and_shows_a_new_event_at_once(app, login_as):
    with app.app_context():
        webinar, interview = _seed()
        webinar_id, interview_id = webinar.id, interview.id
    client = login_as("organiser")
    chosen = client.get(f"/analysis/?event={webinar_id}").get_data(as_text=True)
    assert f'<option value="{webinar_id}" selected>Portfolio and ARCP webinar (' in chosen
    assert f'<option value="{interview_id}">ST3 mock interviews (' in chosen
    plain = client.get("/analysis/").get_data(as_text=True)
    assert f'<option value="{webinar_id}">Portfolio and ARCP webinar (' in plain
    with app.app_context():  # the options are rendered once per change: a new event shows on the next page
        make_analysis_survey(make_event(title="Q&A <live> evening", days_ago=3))
        db.session.commit()
    html = client.get(f"/analysis/?event={interview_id}").get_data(as_text=True)
    assert ">Q&amp;A &lt;live&gt; evening (" in html and "<live>" not in html
    assert f'<option value="{interview_id}" selected>ST3 mock interviews (' in html
    assert f'<option value="{webinar_id}">Portfolio' in html


def test_code_boxes_name_their_theme_and_follow_a_rename_at_once(app, login_as):
    with app.app_context():
        _seed()
        theme = make_code("Preparation", is_theme=True)
        code_id = make_code("Portfolio", theme=theme, colour="#1d4f91").id
        theme_id = theme.id
        db.session.commit()
    client = login_as("organiser")
    html = client.get("/analysis/").get_data(as_text=True)
    box = (f'<label class="checkbox"><input type="checkbox" name="code_ids" value="{code_id}">'
           '<span class="code-dot swatch-blue" aria-hidden="true"></span> Portfolio <span class="muted">(Preparation)</span></label>')
    assert html.count(box) == 4  # one per card, each box inside its label
    assert f'name="code_ids" value="{theme_id}"' not in html  # themes group codes and are not applied
    with app.app_context():
        db.session.get(Code, code_id).name = "Portfolio evidence"
        db.session.commit()
    html = client.get("/analysis/").get_data(as_text=True)
    assert html.count("> Portfolio evidence <span") == 4 and "> Portfolio <span" not in html


def test_cards_count_the_memos_left_on_each_answer(app, login_as):
    from softlanding.blueprints.analysis.models import Memo

    with app.app_context():
        survey = make_analysis_survey(make_event(days_ago=30))
        first = text_answer(make_response(survey, "First answer with notes"))
        text_answer(make_response(survey, "Second answer without notes"))
        author = make_user(role="organiser")
        db.session.add_all([Memo(answer_id=first.id, body="One", created_by_id=author.id),
                            Memo(answer_id=first.id, body="Two", created_by_id=author.id),
                            Memo(answer_id=first.id, body="Gone", created_by_id=author.id,
                                 deleted_at=datetime.now(UTC))])
        db.session.commit()
    html = login_as("organiser").get("/analysis/").get_data(as_text=True)
    cards = html.split('<article class="answer-card"')[1:]
    noted = next(c for c in cards if "First answer with notes" in c)
    plain = next(c for c in cards if "Second answer without notes" in c)
    assert "Details and memos (2)<" in noted  # the deleted memo is not counted
    assert "Details and memos<" in plain


def test_the_opening_page_shows_a_new_answer_a_memo_and_a_renamed_event_on_the_next_view(app, login_as):
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.analysis import memos
    from softlanding.blueprints.events.models import Event
    from softlanding.blueprints.feedback.models import Survey

    with app.app_context():
        event = make_event(title="Kept page webinar", days_ago=30)
        survey = make_analysis_survey(event)
        answer_id = text_answer(make_response(survey, "An older answer", submitted_on=datetime(2026, 1, 5, tzinfo=UTC))).id
        author = make_user(role="organiser")
        db.session.commit()
        event_id, survey_id, author_id = event.id, survey.id, author.id
    client = login_as("organiser")
    first = client.get("/analysis/").get_data(as_text=True)  # the opening page is kept from here on
    assert "An older answer" in first and "Details and memos<" in first
    with app.app_context():  # each change in its own commit, each seen on the next view
        memos.add_memo(db.session.get(User, author_id), "A note", kind="answer", item_id=answer_id)
        db.session.commit()
    assert "Details and memos (1)<" in client.get("/analysis/").get_data(as_text=True)
    with app.app_context():
        db.session.get(Event, event_id).title = "Renamed webinar"
        db.session.commit()
    html = client.get("/analysis/").get_data(as_text=True)
    assert "Renamed webinar" in html and "Kept page webinar" not in html
    with app.app_context():
        make_response(db.session.get(Survey, survey_id), "A newer answer", submitted_on=datetime(2026, 2, 1, tzinfo=UTC))
        db.session.commit()
    html = client.get("/analysis/").get_data(as_text=True)
    assert html.index("A newer answer") < html.index("An older answer")


def test_opening_page_query_count_does_not_grow_with_rows_cold_or_warm(app, login_as):
    client = login_as("organiser")
    with app.app_context():
        survey = make_analysis_survey(make_event(days_ago=30))
        code = make_code("Portfolio")
        make_coding(text_answer(make_response(survey, "One answer")), code)
        code_id = code.id
        db.session.commit()
    few_cold, few_warm = count_queries(app, client, "/analysis/"), count_queries(app, client, "/analysis/", warm=True)
    with app.app_context():
        code = db.session.get(Code, code_id)
        for event_n in range(3):
            survey = make_analysis_survey(make_event(days_ago=30))
            for i in range(8):
                make_coding(text_answer(make_response(survey, f"Answer {event_n}-{i}")), code, 0, 3)
        db.session.commit()
    many_cold, many_warm = count_queries(app, client, "/analysis/"), count_queries(app, client, "/analysis/", warm=True)
    assert (many_cold, many_warm) == (few_cold, few_warm), f"1 answer: {few_cold}/{few_warm}, 25: {many_cold}/{many_warm}"
    assert many_warm < many_cold  # a worker that served the page reads only the viewer and the page's codings


def test_a_coding_added_after_the_opening_page_was_kept_shows_on_the_next_view(app, login_as):
    from softlanding.blueprints.feedback.models import Answer

    with app.app_context():
        answer_id = text_answer(make_response(make_analysis_survey(make_event(days_ago=30)), "Kaizen tips helped")).id
        code_id = make_code("Portfolio", colour="#1d4f91").id
        db.session.commit()
    client = login_as("organiser")
    first = client.get("/analysis/").get_data(as_text=True)  # kept: no answer on the page is coded yet
    assert 'aria-label="Codes on this answer"' not in first
    uncoded_warm = _queries_beside_begin(app, client, "/analysis/")
    with app.app_context():
        make_coding(db.session.get(Answer, answer_id), db.session.get(Code, code_id), 0, 6)
        db.session.commit()
    html = client.get("/analysis/").get_data(as_text=True)
    assert 'aria-label="Codes on this answer"' in html and '<mark class="coded hl-blue" title="Portfolio">Kaizen</mark>' in html
    assert _queries_beside_begin(app, client, "/analysis/") == uncoded_warm + 1  # the page's codings, read live


def _queries_beside_begin(app, client, url):
    """The statements a warm GET of `url` sends, SQLite's explicit BEGIN aside: it comes with the first query
    of a request, and a kept page with nothing to read live (the viewer is kept too) sends none at all."""
    with count_queries(app, warm=True) as counter:
        assert client.get(url).status_code == 200
    return len([s for s in counter.statements if s.strip().upper() != "BEGIN"])
