"""The kept mentor pool and queue: the same suggestions as scoring every offer afresh, and every change a
user would notice (a new mentor, a full or paused one, new preferences, a new newcomer) on the next request."""

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import find, mentor_pool, waiting
from softlanding.blueprints.mentoring import offers as mentoring
from softlanding.blueprints.mentoring.models import MenteePreference, MentorProfile
from softlanding.core import reference
from softlanding.core.demo import seed
from softlanding.core.extensions import db
from softlanding.lib.matching import explain, score_all
from tests.factories import make_mentor, make_pair, make_seeker


def _scored_afresh(user, limit):
    """The suggestions as they were computed before the pool: every offer loaded and scored with score_all."""
    pref = mentoring.preferences(user)
    settings = mentoring.get_settings()
    nation_of = mentoring.nations()
    offers = mentoring.available_offers(exclude_user_id=user.id)
    mentors = [mentoring.mentor_data(o, free, nation_of) for o, free in offers]
    mentee = mentoring.mentee_data(pref, nation_of)
    table = score_all([mentee], mentors, mentoring.effective_weights(settings), settings.must_haves,
                      mentoring.past_pairs([user.id]))
    order = sorted((j for j in range(len(mentors)) if table.allowed[0, j]),
                   key=lambda j: (-table.score[0, j], mentors[j].id))[:limit]
    out = []
    for j in order:
        pair = table.pair(0, j)
        text = explain(pair, mentee, mentors[j], reference.label)
        out.append((offers[j][0].user_id, offers[j][1], text["percent"], text["reasons"], text["mismatches"],
                    text["more"], {c: round(p, 2) for c, (p, _) in pair["parts"].items()}))
    return out


def test_suggestions_are_those_of_scoring_every_offer_afresh_over_the_demo_community(app):
    with app.app_context():
        seed("demo password for tests")
        offers = list(db.session.scalars(db.select(MentorProfile).order_by(MentorProfile.id)))
        for n, offer in enumerate(offers):  # varied room: some full, some with several places
            offer.capacity = n % 4 + 1
        prefs = list(db.session.scalars(db.select(MenteePreference).order_by(MenteePreference.id)))
        for n, pref in enumerate(prefs):  # varied wishes, so every criterion and must-have is exercised
            pref.same_region, pref.same_language = n % 3 == 0, n % 4 == 1
            pref.mentor_gender = ("female", None, "male")[n % 3]
            pref.meeting_modes = (["in_person"], ["video", "phone"], [])[n % 3]
        db.session.commit()
        compared = 0
        for pref in prefs:
            me = db.session.get(User, pref.user_id)
            new = [(s.mentor.id, s.free_places, s.percent, s.reasons, s.mismatches, s.more, s.parts)
                   for s in find.suggestions(me, limit=50)]
            assert new == _scored_afresh(me, 50), pref.user_id
            compared += len(new)
        assert compared > 50


def test_a_new_mentor_a_full_or_paused_one_and_new_preferences_show_on_the_next_request(app, login_as):
    with app.app_context():
        first = make_mentor(full_name="First Mentor", capacity=1, topics=["arcp_portfolio"])
        other = make_mentor(full_name="Other Mentor", topics=["academic"])
        seeker = make_seeker(topics=["arcp_portfolio"])
        db.session.commit()
        first_name, other_name, first_id, other_id = first.display_name, other.display_name, first.id, other.id
        seeker_id = seeker.id
    client = login_as(seeker)
    html = client.get("/mentoring/").get_data(as_text=True)
    assert html.index(first_name) < html.index(other_name)

    with app.app_context():
        newest = make_mentor(full_name="Newest Mentor", topics=["arcp_portfolio"], pmq_country="NG",
                             languages=["en", "yo"])
        db.session.commit()
        newest_name = newest.display_name
    assert newest_name in client.get("/mentoring/").get_data(as_text=True)
    assert newest_name in client.get("/mentoring/mentors").get_data(as_text=True)

    with app.app_context():  # the first mentor fills up
        make_pair(db.session.get(User, first_id), make_seeker())
        db.session.commit()
    assert first_name not in client.get("/mentoring/").get_data(as_text=True)
    assert first_name not in client.get("/mentoring/mentors").get_data(as_text=True)

    with app.app_context():  # the other mentor pauses
        offer = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == other_id))
        offer.accepting = False
        db.session.commit()
    html = client.get("/mentoring/").get_data(as_text=True)
    assert other_name not in html and newest_name in html
    assert other_name not in client.get("/mentoring/mentors").get_data(as_text=True)

    # The newcomer now wants help in another way: the reasons follow at once.
    assert "Speaks" not in client.get("/mentoring/").get_data(as_text=True)
    page = client.post("/mentoring/preferences", data={"need_1": "arcp_portfolio", "same_language": "y"})
    assert page.status_code == 302
    with app.app_context():
        profile = db.session.get(User, seeker_id).profile
        profile.languages, profile.pmq_country = ["en", "yo"], "NG"
        db.session.commit()
    html = client.get("/mentoring/").get_data(as_text=True)
    assert "Speaks" in html and html.index(newest_name) > 0


def test_a_new_waiting_newcomer_moves_the_queue_and_the_dashboard_at_once(app, login_as):
    with app.app_context():
        make_mentor()
        seeker = make_seeker(waited_days=3)
        db.session.commit()
    client = login_as(seeker)
    organiser = login_as("organiser")
    assert "Number 1</strong>" in client.get("/mentoring/").get_data(as_text=True)
    organiser.get("/mentoring/organiser")
    with app.app_context():
        before = waiting.total()
        make_seeker(full_name="Earlier Ella", waited_days=10)
        db.session.commit()
    assert "Number 2</strong>" in client.get("/mentoring/").get_data(as_text=True)
    html = organiser.get("/mentoring/organiser").get_data(as_text=True)
    assert "Earlier Ella" in html
    with app.app_context():
        assert waiting.total() == before + 1


def test_a_transaction_sees_its_own_changes_and_a_rollback_leaves_nothing_behind(app):
    with app.app_context():
        mentor = make_mentor(capacity=1)
        db.session.commit()
        assert mentor.id in mentor_pool.available().pool.ids
        offer = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == mentor.id))
        offer.accepting = False
        assert mentor.id not in mentor_pool.available().pool.ids  # unflushed, yet seen
        db.session.flush()
        assert mentor.id not in mentor_pool.available().pool.ids
        db.session.rollback()
        assert mentor.id in mentor_pool.available().pool.ids
        free = mentor_pool.available().free_places
        make_pair(mentor, make_seeker(waited_days=1))
        db.session.commit()
        assert mentor_pool.available().free_places == free - 1
