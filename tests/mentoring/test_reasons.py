"""Reasons that hold: every stated preference a mentor fails is a mismatch, over the demo community."""

import pytest

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring import find
from softlanding.blueprints.mentoring.models import MenteePreference, MentorProfile
from softlanding.core.demo import seed
from softlanding.core.extensions import db
from softlanding.lib.matching import explain, score_pair
from softlanding.lib.matching.criteria import Mentee, Mentor


def label(kind, code):
    return f"<{code}>"


# (preference, how to set it on a MenteePreference, does the mentor meet it, words that must be a mismatch)
PREFERENCES = {
    "region": (lambda p: setattr(p, "same_region", True),
               lambda me, mentor: me.profile.region not in (None, "outside_uk")
               and mentor.profile.region == me.profile.region, "region"),
    "language": (lambda p: setattr(p, "same_language", True),
                 lambda me, mentor: bool((set(me.profile.languages or []) & set(mentor.profile.languages or []))
                                         - {"en"}) or me.profile.pmq_country == mentor.profile.pmq_country,
                 "Shares no language with you"),
    "modes": (lambda p: setattr(p, "meeting_modes", ["in_person"]),
              lambda me, mentor: "in_person" in db.session.scalar(
                  db.select(MentorProfile.meeting_modes).where(MentorProfile.user_id == mentor.id)),
              "Does not offer meetings by"),
    "top_need": (lambda p: setattr(p, "help_topics", ["academic", *[t for t in p.help_topics if t != "academic"]][:3]),
                 lambda me, mentor: "academic" in db.session.scalar(
                     db.select(MentorProfile.help_topics).where(MentorProfile.user_id == mentor.id)),
                 "the thing you most want help with"),
}


@pytest.mark.parametrize("preference", sorted(PREFERENCES))
def test_every_unmet_preference_is_listed_as_a_mismatch_over_the_demo_community(app, preference):
    apply, meets, words = PREFERENCES[preference]
    with app.app_context():
        seed("demo password for tests")
        db.session.execute(db.update(MentorProfile).values(capacity=10))  # every mentor has room
        prefs = list(db.session.scalars(db.select(MenteePreference)))
        checked = unmet = 0
        for pref in prefs:
            apply(pref)
            db.session.flush()
            me = db.session.get(User, pref.user_id)
            for s in find.suggestions(me, limit=50):
                checked += 1
                if meets(me, s.mentor):
                    assert not any(words in m for m in s.mismatches), (s.mentor.id, s.mismatches)
                else:
                    unmet += 1
                    assert any(words in m for m in s.mismatches), (pref.user_id, s.mentor.id, s.mismatches)
                    assert not any(words in r and "your" in r for r in s.reasons + s.more) or preference == "region"
                if preference == "region":
                    # Same nation is not same region: never a reason for someone who asked for their region.
                    assert not any("the nation you work in" in r for r in s.reasons + s.more)
        assert checked > 50 and unmet > 0  # the demo community exercises both sides


def test_region_asked_ranks_in_region_mentors_first_and_never_praises_the_nation():
    me = Mentee(1, region="north_west", nation="England", topics=("arcp_portfolio",), same_region=True)
    same_nation = Mentor(10, region="london", nation="England", topics=frozenset({"arcp_portfolio"}))
    in_region = Mentor(11, region="north_west", nation="England", topics=frozenset({"arcp_portfolio"}))
    far, near = score_pair(me, same_nation), score_pair(me, in_region)
    assert near["score"] > far["score"]
    text = explain(far, me, same_nation, label)
    assert text["mismatches"][0] == "Works in <london>, not in your region. You asked for a mentor in your region."
    assert not any("nation" in r for r in text["reasons"])
    # Without the preference, the same nation is still a (weaker) reason, said plainly.
    me.same_region = False
    text = explain(score_pair(me, same_nation), me, same_nation, label)
    assert "Works in another region of England, the nation you work in." in text["reasons"] + text["more"]


def test_the_most_specific_shared_interest_is_never_dropped_for_a_generic_one():
    me = Mentee(1, region="london", nation="England", stage="foundation_led", topics=("arcp_portfolio",),
                subspecialties=frozenset({"neonatal"}), modes=frozenset({"video"}), next_exam="akp",
                languages=frozenset({"en", "ur"}))
    mentor = Mentor(10, region="london", nation="England", stage="st5_7", topics=frozenset({"arcp_portfolio"}),
                    subspecialties=frozenset({"neonatal"}), modes=frozenset({"video"}), passed=frozenset({"akp"}),
                    languages=frozenset({"en", "ur"}))
    text = explain(score_pair(me, mentor), me, mentor, label)
    assert len(text["reasons"]) == 4 and len(text["more"]) >= 2  # seven fits: four shown, the rest listed
    assert "Shares your interest in <neonatal>." in text["reasons"]
    assert text["more"][-1] == "Meets by <video>, as you asked."  # the generic one goes to "more"
    assert all(r.endswith(".") and "(and" not in r for r in text["reasons"] + text["more"])


def test_names_are_listed_whole_in_a_sentence():
    me = Mentee(1, topics=("academic", "arcp_portfolio", "mrcpch_akp"))
    mentor = Mentor(10, topics=frozenset({"academic", "arcp_portfolio", "mrcpch_akp"}))
    text = explain(score_pair(me, mentor), me, mentor, label)
    assert text["reasons"][0] == ("Offers help with <academic>, the thing you most want help with, "
                                  "and with <arcp_portfolio> and <mrcpch_akp>.")


def test_a_gender_preference_that_is_not_a_must_have_is_still_a_mismatch():
    me = Mentee(1, topics=("arcp_portfolio",), gender_pref="woman")
    mentor = Mentor(10, topics=frozenset({"arcp_portfolio"}), gender="man")
    text = explain(score_pair(me, mentor, must_haves=()), me, mentor, label)
    assert "Is not the gender you asked for." in text["mismatches"]
    assert not any("gender" in r for r in text["reasons"] + text["more"])
