"""Team coding (issue 16 item 4): a blind sample for a second coder, the comparison per code (percent
agreement, Cohen's kappa, Krippendorff's alpha with the answer as the unit), disagreements resolved with
notes, and the reflexive-TA setting that hides the statistics."""

import random
import re

from sqlalchemy import func, select

from softlanding.blueprints.analysis import team
from softlanding.blueprints.analysis.models import Coding, Resolution, Sample, SampleItem
from softlanding.core.extensions import db
from softlanding.lib.agreement import agreement
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


def _seed(app):
    with app.app_context():
        first = make_user(role="organiser", full_name="First Coder")
        second = make_user(role="organiser", full_name="Second Coder")
        survey = make_analysis_survey(make_event(title="Team webinar", days_ago=30))
        answers = [text_answer(make_response(survey, f"Answer number {i} about ARCP")) for i in range(10)]
        arcp, exam = make_code("ARCP"), make_code("Exam")
        for a in answers[:6]:
            make_coding(a, arcp, user=first)
        make_coding(answers[0], exam, 0, 6, user=first)
        db.session.commit()
        return {"first": first, "second": second.id, "second_email": second,
                "answers": [a.id for a in answers], "arcp": arcp.id, "exam": exam.id}


def _sample_all(app, ids, second):
    """A finished-to-be sample of every answer (so the test knows which answers are in it)."""
    with app.app_context():
        sample = Sample(question="What went well?", percent=50, coder_id=second)
        db.session.add(sample)
        db.session.flush()
        db.session.add_all([SampleItem(sample_id=sample.id, answer_id=i) for i in ids])
        db.session.commit()
        return sample.id


def test_drawing_a_sample_takes_the_share_asked_for_of_one_question(app, login_as):
    seed = _seed(app)
    client = login_as(seed["first"])
    page = client.get("/analysis/samples").get_data(as_text=True)
    assert "What went well?" in page and f'<option value="{seed["second"]}">' in page
    bad = client.post("/analysis/samples", data={"question": "What went well?", "percent": "90",
                                                 "coder_id": str(seed["second"])}).get_data(as_text=True)
    assert "from 5% to 50%" in bad
    none = client.post("/analysis/samples", data={"question": "", "percent": "20", "coder_id": str(seed["second"])})
    assert "Choose a question" in none.get_data(as_text=True)
    r = client.post("/analysis/samples", data={"question": "What went well?", "percent": "20",
                                               "coder_id": str(seed["second"])}, follow_redirects=True)
    assert "Sample drawn: 2 answers for" in r.get_data(as_text=True)
    with app.app_context():
        items = db.session.scalars(select(SampleItem.answer_id)).all()
        assert len(items) == 2 and set(items) <= set(seed["answers"])


def test_the_second_coder_codes_blind_and_the_sample_stays_out_of_the_teams_counts(app, login_as):
    seed = _seed(app)
    sample_id = _sample_all(app, seed["answers"], seed["second"])
    assert login_as(seed["first"]).get(f"/analysis/samples/{sample_id}/code").status_code == 403
    second = login_as(seed["second_email"])
    page = second.get(f"/analysis/samples/{sample_id}/code").get_data(as_text=True)
    assert page.count('name="code_ids"') == 20 and " checked" not in page  # nothing of the first coding shows
    assert "coding-list" not in page and "<mark" not in page
    for i in seed["answers"][2:8]:
        second.post(f"/analysis/samples/{sample_id}/answers/{ref(app, 'answer', i)}", data={"code_ids": [str(seed["arcp"])]})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding).where(Coding.sample_id == sample_id)) == 6
    # The team's workspace, review and quotes are unchanged by the blind coding (the second coder, while
    # the sample is open, sees none of the team's codes on it: tests/analysis/test_blind_holds.py).
    team_member = login_as(seed["first"])
    workspace = team_member.get("/analysis/").get_data(as_text=True)
    assert "Progress: 6 of 10 answers coded" in workspace
    quotes = team_member.get("/analysis/exports/quotes.csv").get_data(as_text=True)
    assert quotes.count("\r\n,ARCP,") == 6
    assert "Progress: 0 of 10 answers coded" in second.get("/analysis/").get_data(as_text=True)
    second = login_as(seed["second_email"])
    assert second.get(f"/analysis/samples/{sample_id}").status_code == 200
    assert "has not marked the sample done" in second.get(f"/analysis/samples/{sample_id}").get_data(as_text=True)


def test_comparison_per_code_then_resolving_a_disagreement_with_a_note(app, login_as):
    seed = _seed(app)
    sample_id = _sample_all(app, seed["answers"], seed["second"])
    second = login_as(seed["second_email"])
    for i in seed["answers"][2:8]:
        second.post(f"/analysis/samples/{sample_id}/answers/{ref(app, 'answer', i)}", data={"code_ids": [str(seed["arcp"])]})
    second.post(f"/analysis/samples/{sample_id}/complete")
    late = second.post(f"/analysis/samples/{sample_id}/answers/{ref(app, 'answer', seed['answers'][0])}",
                       data={"code_ids": [str(seed["arcp"])]}, follow_redirects=True).get_data(as_text=True)
    assert "codes are fixed" in late
    first = login_as(seed["first"])
    page = first.get(f"/analysis/samples/{sample_id}").get_data(as_text=True)
    # ARCP: team on answers 0-5, second coder on 2-7: agree on 6 of 10 (2-5 yes, 8-9 no).
    a = agreement([1] * 6 + [0] * 4, [0, 0] + [1] * 6 + [0, 0])
    row = re.search(r'<th scope="row">ARCP</th><td>(\d+) of (\d+)</td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>\s*'
                    r'<td>([^<]+)</td>', page)
    assert row.groups() == ("6", "10", "60%", f"{a.kappa:.2f}", f"{a.alpha:.2f}")
    assert re.search(r'<th scope="row">Exam</th><td>9 of 10</td>\s*<td>90%</td>\s*<td>not defined|'
                     r'<th scope="row">Exam</th><td>9 of 10</td>\s*<td>90%</td>\s*<td>0\.00', page)
    assert "Disagreements (5)" in page  # ARCP on answers 0, 1, 6, 7; Exam on answer 0
    r = first.post(f"/analysis/samples/{sample_id}/resolve",
                   data={"ref": ref(app, "answer", seed["answers"][6]), "code_id": str(seed["arcp"]), "applies": "yes",
                         "note": "Both read ARCP here.\nشكراً"}, follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "Disagreement resolved" in page and "Both read ARCP here." in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding).where(
            Coding.answer_id == seed["answers"][6], Coding.code_id == seed["arcp"], Coding.sample_id.is_(None))) == 1
        assert db.session.scalar(select(Resolution.note)) == "Both read ARCP here.\nشكراً"
    # The statistics describe the independent codings: resolving does not change them.
    assert re.search(r'<th scope="row">ARCP</th><td>6 of 10</td>', page)
    first.post(f"/analysis/samples/{sample_id}/resolve",
               data={"ref": ref(app, "answer", seed["answers"][0]), "code_id": str(seed["arcp"]), "applies": "no"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Coding).where(
            Coding.answer_id == seed["answers"][0], Coding.code_id == seed["arcp"], Coding.sample_id.is_(None))) == 0
    missing = first.post(f"/analysis/samples/{sample_id}/resolve", data={"answer_id": "1", "code_id": "x"},
                         follow_redirects=True)
    assert "Say whether the code applies" in missing.get_data(as_text=True)


def test_reflexive_thematic_analysis_hides_the_statistics(app, login_as):
    seed = _seed(app)
    sample_id = _sample_all(app, seed["answers"], seed["second"])
    second = login_as(seed["second_email"])
    second.post(f"/analysis/samples/{sample_id}/complete")
    first = login_as(seed["first"])
    assert "Cohen's kappa" in first.get(f"/analysis/samples/{sample_id}").get_data(as_text=True)
    first.post("/analysis/project", data={"memo": "Reflexive TA, Braun and Clarke.", "reflexive": "y"})
    page = first.get(f"/analysis/samples/{sample_id}").get_data(as_text=True)
    assert "Cohen's kappa" not in page and "Krippendorff" not in page and "reflexive thematic analysis" in page
    assert "Disagreements (" in page


def test_the_drawn_sample_is_random_but_reproducible_with_a_seed(app):
    seed = _seed(app)
    with app.app_context():
        organiser = team.coders()[0]
        a = team.draw_sample(organiser, "What went well?", 30, seed["second"], rng=random.Random(1))
        b = team.draw_sample(organiser, "What went well?", 30, seed["second"], rng=random.Random(1))
        def ids(s):
            return db.session.scalars(select(SampleItem.answer_id).where(SampleItem.sample_id == s.id)).all()

        assert ids(a) == ids(b) and len(ids(a)) == 3
