"""A batch draft an organiser can trust: refusals with reasons, unmatched and why, restore, add, one email each."""

from softlanding.blueprints.mentoring.models import MatchBatch, MatchBatchPair, MatchingSettings, Mentorship
from softlanding.core.extensions import db
from tests.factories import make_mentor, make_seeker, read_mail


def _draft(app, organiser):
    response = organiser.post("/mentoring/organiser/batches")
    assert response.status_code == 302
    with app.app_context():
        batch_id = db.session.scalar(db.select(MatchBatch.id).order_by(MatchBatch.id.desc()))
    return batch_id, f"/mentoring/organiser/batches/{batch_id}"


def test_unmatched_newcomers_are_listed_with_why(app, login_as):
    with app.app_context():
        make_mentor(full_name="Man Mentor", gender="man", region="london", topics=["arcp_portfolio"], capacity=1)
        make_mentor(full_name="Wales Woman", gender="woman", region="wales", topics=["academic"], capacity=1)
        make_seeker(full_name="Needs Woman", gender="woman", region="london", topics=["arcp_portfolio"],
                    same_region=True)
        make_seeker(full_name="Low Fit", topics=["settling_culture"], region="scotland", career_stage="consultant")
        settings = db.session.scalar(db.select(MatchingSettings))
        settings.must_haves, settings.floor = ["gender", "region"], 0.6
        db.session.commit()
    organiser = login_as("organiser")
    _, url = _draft(app, organiser)
    html = organiser.get(url).get_data(as_text=True)
    assert "Newcomers left unmatched, and why" in html
    section = html.split('id="unmatched-h"')[1]
    assert "Needs Woman" in section and "region" in section
    assert "Low Fit" in section and "under the minimum" in section and "the minimum is 60%" in section
    assert "Minimum score</dt><dd>60%" in html


def test_swap_or_manual_pair_under_the_minimum_or_breaking_a_must_have_is_refused(app, login_as):
    with app.app_context():
        good_a = make_mentor(full_name="Alpha Mentor", topics=["arcp_portfolio"], capacity=1, gender="woman")
        good_b = make_mentor(full_name="Beta Mentor", topics=["mrcpch_akp"], capacity=2, gender="man")
        s1 = make_seeker(full_name="Seeker Arcp", topics=["arcp_portfolio"], gender="woman")
        s2 = make_seeker(full_name="Seeker Akp", topics=["mrcpch_akp"])
        s3 = make_seeker(full_name="Seeker Extra", topics=["mrcpch_akp"], gender="woman")
        db.session.scalar(db.select(MatchingSettings)).floor = 0.35
        db.session.commit()
        ids = {"a": good_a.id, "b": good_b.id, "s1": s1.id, "s2": s2.id, "s3": s3.id}
    organiser = login_as("organiser")
    batch_id, url = _draft(app, organiser)
    with app.app_context():
        pairs = {p.mentee_id: p.id for p in db.session.scalars(db.select(MatchBatchPair))}
    assert set(pairs) == {ids["s1"], ids["s2"]}
    # Swapping would give Seeker Arcp (must have a woman) the man mentor: refused, with the reason.
    page = organiser.post(f"{url}/swap", data={"first": pairs[ids["s1"]], "second": pairs[ids["s2"]]})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="second-error"' in html and "must-have" in html
    assert "Is not the gender they asked for" in html
    with app.app_context():
        assert db.session.get(MatchBatchPair, pairs[ids["s1"]]).mentor_id == ids["a"]  # nothing changed
    # Seeker Extra (must have a woman) by hand with the man mentor: refused; the only woman has no place.
    page = organiser.post(f"{url}/add", data={"mentee": ids["s3"], "mentor": ids["b"]})
    assert 'id="mentor-error"' in page.get_data(as_text=True) and "must-have" in page.get_data(as_text=True)
    page = organiser.post(f"{url}/add", data={"mentee": ids["s3"], "mentor": ids["a"]})
    assert "no free place left" in page.get_data(as_text=True)
    # Raise the minimum: a manual pair under it is refused with both percentages.
    with app.app_context():
        db.session.scalar(db.select(MatchingSettings)).floor = 0.99
        db.session.commit()
    organiser.post(f"{url}/pairs/{pairs[ids['s2']]}/remove")
    page = organiser.post(f"{url}/add", data={"mentee": ids["s2"], "mentor": ids["b"]})
    assert "under the 99% minimum" in page.get_data(as_text=True)


def test_removed_pairs_can_be_restored_and_pairs_added_by_hand(app, login_as):
    with app.app_context():
        mentor = make_mentor(full_name="Roomy Mentor", topics=["arcp_portfolio"], capacity=3)
        first = make_seeker(full_name="First Seeker", topics=["arcp_portfolio"])
        db.session.commit()
        first_id, mentor_id = first.id, mentor.id
    organiser = login_as("organiser")
    batch_id, url = _draft(app, organiser)
    with app.app_context():
        pair_id = db.session.scalar(db.select(MatchBatchPair.id))
        late = make_seeker(full_name="Late Seeker", topics=["arcp_portfolio"])
        db.session.commit()
        late_id = late.id
    organiser.post(f"{url}/pairs/{pair_id}/remove")
    html = organiser.get(url).get_data(as_text=True)
    assert "Removed pairs" in html and "Restore First Seeker with Roomy Mentor" in html
    assert organiser.post(f"{url}/pairs/{pair_id}/restore").status_code == 302
    with app.app_context():
        assert db.session.get(MatchBatchPair, pair_id).removed is False
    # A restored pair cannot be restored twice; a newcomer not waiting when the batch ran cannot be added.
    organiser.post(f"{url}/pairs/{pair_id}/restore")
    page = organiser.post(f"{url}/add", data={"mentee": late_id, "mentor": mentor_id})
    assert "waiting when this batch ran" in page.get_data(as_text=True)
    organiser.post(f"{url}/pairs/{pair_id}/remove")
    response = organiser.post(f"{url}/add", data={"mentee": first_id, "mentor": mentor_id}, follow_redirects=True)
    assert "Added First Seeker with Roomy Mentor" in response.get_data(as_text=True)
    with app.app_context():
        added = db.session.scalar(db.select(MatchBatchPair).where(MatchBatchPair.removed.is_(False)))
        assert added.note == "Added by an organiser" and added.mentee_id == first_id
    assert organiser.post(f"{url}/add", data={"mentee": "bogus", "mentor": "1e9"}).status_code == 200


def test_one_email_per_person_and_a_confirmation_that_counts_them(app, login_as, mail_dir):
    with app.app_context():
        rep = make_mentor(full_name="Grace Rep", topics=["arcp_portfolio"], capacity=3)
        seekers = [make_seeker(full_name=f"{n} Newcomer", topics=["arcp_portfolio"]) for n in ("Ann", "Ben", "Cy")]
        db.session.commit()
        rep_email, seeker_emails = rep.email, [s.email for s in seekers]
    organiser = login_as("organiser")
    batch_id, url = _draft(app, organiser)
    page = organiser.get(f"{url}/publish").get_data(as_text=True)
    assert "3 proposals" in page and "4 people" in page and "3 newcomers and 1 mentor" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Mentorship)) == 0  # GET changes nothing
    organiser.post(f"{url}/publish")
    to_rep = read_mail(mail_dir, to=rep_email)
    assert len(to_rep) == 1 and "propose that you mentor 3 newcomers" in to_rep[0]["Subject"]
    body = to_rep[0].get_body(("plain",)).get_content()
    assert "Ann, Ben, Cy" in body
    assert "as your mentoring mentee" not in body
    for address in seeker_emails:
        mine = read_mail(mail_dir, to=address)
        assert len(mine) == 1 and "propose Grace as your mentor" in mine[0]["Subject"]
