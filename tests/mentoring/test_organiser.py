"""Organisers: batch matching (draft, remove, swap, publish), settings, dashboard and CSV; mentors' offers."""

from datetime import timedelta

from softlanding.blueprints.mentoring.models import (
    MatchBatch,
    MatchBatchPair,
    MatchingSettings,
    MentorProfile,
    Mentorship,
)
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from tests.factories import count_queries, make_mentor, make_pair, make_seeker, read_mail


def _community(app):
    with app.app_context():
        a = make_mentor(full_name="Amara Mentor", capacity=2, region="london", topics=["arcp_portfolio"])
        b = make_mentor(full_name="Bilal Mentor", capacity=1, region="scotland", topics=["mrcpch_akp"])
        seekers = [make_seeker(full_name=f"Seeker {i}", topics=[topic], region=region, waited_days=30 - i)
                   for i, (topic, region) in enumerate([("arcp_portfolio", "london"), ("mrcpch_akp", "scotland"),
                                                        ("arcp_portfolio", "london"), ("academic", "wales")])]
        db.session.commit()
        return a.id, b.id, [s.id for s in seekers]


def test_batch_draft_remove_swap_publish_then_both_accept(app, login_as, mail_dir):
    a, b, seekers = _community(app)
    organiser = login_as("organiser")
    response = organiser.post("/mentoring/organiser/batches")
    batch_url = response.headers["Location"]
    html = organiser.get(batch_url).get_data(as_text=True)
    assert "3 of 4 waiting" in html and "Worst score" in html and "Offers help with" in html
    with app.app_context():
        pairs = {p.mentee_id: p for p in db.session.scalars(db.select(MatchBatchPair))}
        assert {pairs[s].mentor_id for s in seekers[:3]} == {a, b}
        assert pairs[seekers[1]].mentor_id == b and seekers[3] not in pairs  # load and needs respected
        batch_id = db.session.scalar(db.select(MatchBatch.id))
        first, second = pairs[seekers[0]].id, pairs[seekers[1]].id
        third = pairs[seekers[2]].id
    # Swapping the London and Scotland newcomers' mentors keeps every hard filter, so it is allowed.
    assert organiser.post(f"{batch_url}/swap", data={"first": first, "second": second}).status_code == 302
    with app.app_context():
        assert db.session.get(MatchBatchPair, first).mentor_id == b
        assert db.session.get(MatchBatchPair, first).note == "Swapped by an organiser"
    page = organiser.post(f"{batch_url}/swap", data={"first": first, "second": first})
    assert page.status_code == 200 and 'id="second-error"' in page.get_data(as_text=True)
    assert organiser.post(f"{batch_url}/pairs/{third}/remove").status_code == 302
    organiser.post(f"{batch_url}/publish")
    with app.app_context():
        proposals = list(db.session.scalars(db.select(Mentorship)))
        assert sorted(p.mentee_id for p in proposals) == sorted(seekers[:2])
        assert all(p.status == "proposed" and p.origin == "batch" for p in proposals)
        proposal = next(p for p in proposals if p.mentee_id == seekers[0])
        mentee = db.session.get(type(proposal.mentee), seekers[0])
        mentor = db.session.get(type(proposal.mentee), b)
        mentee_email = mentee.email
    assert len([m for m in read_mail(mail_dir) if "propose" in m["Subject"]]) == 4
    assert any(m["To"] == mentee_email for m in read_mail(mail_dir))
    assert organiser.post(f"{batch_url}/publish", follow_redirects=True).status_code == 200  # no second publish
    login_as(mentee).post(f"/mentoring/requests/{proposal.id}/accept")
    with app.app_context():
        assert db.session.get(Mentorship, proposal.id).status == "accepted"
    login_as(mentor).post(f"/mentoring/requests/{proposal.id}/accept")
    with app.app_context():
        assert db.session.get(Mentorship, proposal.id).status == "active"
        assert db.session.get(MatchBatch, batch_id).status == "published"  # the batch the organiser built


def test_batch_respects_must_haves_conflicts_and_floor(app, login_as):
    with app.app_context():
        make_mentor(full_name="Man Mentor", gender="man", topics=["arcp_portfolio"], trust="")
        make_mentor(full_name="Same Trust", gender="woman", topics=["arcp_portfolio"], trust="St Mary's")
        make_seeker(full_name="Asks Woman", gender="woman", trust="st mary's", topics=["arcp_portfolio"])
        db.session.commit()
    organiser = login_as("organiser")
    organiser.post("/mentoring/organiser/batches")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(MatchBatchPair)) == 0


def test_settings_change_weights_and_must_haves_and_reject_bad_input(app, login_as):
    organiser = login_as("organiser")
    assert "Weights" in organiser.get("/mentoring/organiser/settings").get_data(as_text=True)
    data = {f"w_{c}": "1" for c in ("needs", "exam", "seniority", "region", "subspecialty", "language", "mode",
                                    "gender")}
    page = organiser.post("/mentoring/organiser/settings", data={**data, "w_region": "eleven", "floor": "30"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="w_region-error"' in html and 'value="eleven"' in html
    for bad in ("200", "nan", "-1", "half"):
        page = organiser.post("/mentoring/organiser/settings", data={**data, "floor": bad})
        assert 'id="floor-error"' in page.get_data(as_text=True) and "percentage from 0 to 90" in page.get_data(
            as_text=True)
    organiser.post("/mentoring/organiser/settings", data={**data, "w_region": "5", "floor": "50 %",
                                                          "must_haves": ["region", "gender"]})
    with app.app_context():
        settings = db.session.scalar(db.select(MatchingSettings))
        assert settings.weights["region"] == 5 and settings.must_haves == ["region", "gender"] and settings.floor == 0.5
    assert 'value="50"' in organiser.get("/mentoring/organiser/settings").get_data(as_text=True)


def test_must_have_region_removes_suggestions_outside_the_region(app, login_as):
    with app.app_context():
        make_mentor(full_name="Wales Mentor", region="wales")
        seeker = make_seeker(region="london", same_region=True)
        db.session.scalar(db.select(MatchingSettings)).must_haves = ["region"]  # the seeded row
        db.session.commit()
    html = login_as(seeker).get("/mentoring/").get_data(as_text=True)
    assert "No mentor with a free place fits your must-haves" in html


def test_dashboard_tables_are_paged_exported_safely_and_queries_do_not_grow(app, login_as):
    with app.app_context():
        mentor = make_mentor(full_name="=HYPERLINK(evil) Mentor", capacity=5)
        make_pair(mentor, make_seeker(), status="requested", days_ago=12)  # expires in 2 days
        make_pair(mentor, make_seeker(), days_ago=40)  # active, no meeting for 40 days
        make_seeker(full_name="Waiting Wanda", waited_days=9)
        db.session.commit()
    organiser = login_as("organiser")
    html = organiser.get("/mentoring/organiser").get_data(as_text=True)
    assert "Waiting Wanda" in html and "Newcomers waiting" in html
    assert "Person" in organiser.get("/mentoring/organiser?table=expiring").get_data(as_text=True)
    csv_text = organiser.get("/mentoring/organiser/export/loads.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("'=HYPERLINK(evil) Mentor,")
    assert organiser.get("/mentoring/organiser/export/nothing.csv").status_code == 404
    counts = {t: count_queries(app, organiser, f"/mentoring/organiser?table={t}")
              for t in ("waiting", "loads", "expiring", "quiet", "active")}
    with app.app_context():
        for i in range(5):
            m = make_mentor(capacity=3)
            make_pair(m, make_seeker(), days_ago=40)
            make_pair(m, make_seeker(), status="requested", days_ago=13)
            make_seeker(waited_days=i)
        db.session.commit()
    organiser.get("/mentoring/organiser")  # the commit renewed the mentor pool: read it once, as counted before
    for table, before in counts.items():
        assert count_queries(app, organiser, f"/mentoring/organiser?table={table}") == before, table
    with app.app_context():
        for _ in range(25):
            make_seeker()
        db.session.commit()
    assert 'rel="next"' in organiser.get("/mentoring/organiser?table=waiting").get_data(as_text=True)


def test_offer_form_validates_and_saves(app, login_as):
    rep = login_as("rep")
    page = rep.post("/mentoring/mentor/offer", data={"capacity": "11", "availability": "accepting",
                                                     "help_topics": ["academic"], "meeting_modes": ["video"],
                                                     "trust_name": "North Trust"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="capacity-error"' in html and "North Trust" in html
    page = rep.post("/mentoring/mentor/offer", data={"capacity": "2", "availability": "accepting",
                                                     "meeting_modes": ["video"]})
    assert 'id="help_topics-error"' in page.get_data(as_text=True)
    tomorrow = (utcnow() + timedelta(days=1)).date()
    assert rep.post("/mentoring/mentor/offer", data={
        "capacity": "3", "availability": "paused", "paused_until": tomorrow.isoformat(),
        "help_topics": ["academic", "settling_relocation_visas"], "meeting_modes": ["video", "phone"],
        "gender": "woman"}).status_code == 302
    with app.app_context():
        offer = db.session.scalar(db.select(MentorProfile))
        assert (offer.capacity, offer.accepting, offer.paused_until) == (3, False, tomorrow)
        assert offer.help_topics == ["academic", "settling_relocation_visas"]
    assert login_as("newcomer").get("/mentoring/mentor/offer").status_code == 403


def test_organisers_extend_what_mentors_can_help_with(app, login_as):
    organiser = login_as("organiser")
    assert organiser.post("/admin/lists/help_topic", data={"code": "cct_planning",
                                                           "label": "Planning for CCT"}).status_code == 302
    assert "Planning for CCT" in login_as("rep").get("/mentoring/mentor/offer").get_data(as_text=True)
    assert "Planning for CCT" in login_as("newcomer").get("/mentoring/preferences").get_data(as_text=True)
