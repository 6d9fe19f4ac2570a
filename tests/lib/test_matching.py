"""The pure matching module: criteria parts, hard filters, fair assignment, reasons, wait estimate."""

import numpy as np

from softlanding.lib.matching import (
    Mentee,
    Mentor,
    assign_batch,
    assign_greedy,
    assign_raw,
    estimate_wait,
    explain,
    score_all,
    score_pair,
)
from softlanding.lib.matching.assign import _places

ALL_PASSED = frozenset({"fop", "tas", "akp", "clinical"})


def mentor(i, **kw):
    base = dict(id=i, region="london", nation="England", stage="st5_7", passed=ALL_PASSED,
                topics=frozenset({"arcp_portfolio"}), modes=frozenset({"video"}), languages=frozenset({"en"}))
    base.update(kw)
    return Mentor(**base)


def mentee(i, **kw):
    base = dict(id=i, region="london", nation="England", stage="st1_4", topics=("arcp_portfolio",),
                languages=frozenset({"en"}))
    base.update(kw)
    return Mentee(**base)


def label(kind, code):
    return f"<{code}>"


def test_every_score_keeps_its_parts_and_only_applicable_criteria_count():
    result = score_pair(mentee(1, topics=("mrcpch_akp", "arcp_portfolio"), next_exam="akp", subspecialties=frozenset()),
                        mentor(2, topics=frozenset({"arcp_portfolio"})))
    parts = result["parts"]
    assert "subspecialty" not in parts and "gender" not in parts and "mode" not in parts  # not asked: left out
    assert abs(parts["needs"][0] - 1 / 3) < 1e-6  # second of two needs: weight 1 of 3
    assert abs(parts["exam"][0] - 0.6) < 1e-6  # passed AKP but does not offer help with it
    assert abs(parts["seniority"][0] - 0.6) < 1e-6 and parts["region"][0] == 1.0
    weighted = sum(p * w for p, w in parts.values()) / sum(w for _, w in parts.values())
    assert abs(result["score"] - weighted) < 1e-6


def test_hard_filters_full_paused_must_haves_conflicts_and_past_pairs():
    people = [mentee(1, gender_pref="woman", trust="St Mary's", supervisor="Dr Okafor")]
    mentors = [mentor(10, gender="woman"), mentor(11, gender="man"), mentor(12, gender="woman", free_places=0),
               mentor(13, gender="woman", accepting=False), mentor(14, gender="woman", trust="st  mary's"),
               mentor(15, gender="woman", supervisor="dr okafor"), mentor(16, gender="woman", name="Dr Okafor"),
               mentor(17, gender="woman")]
    table = score_all(people, mentors, excluded={(1, 17)})
    assert table.allowed[0].tolist() == [True, False, False, False, False, False, False, False]
    # Without the gender must-have, the man is allowed but scores lower on that criterion.
    table = score_all(people, mentors[:2], must_haves=())
    assert table.allowed[0].tolist() == [True, True] and table.score[0, 0] > table.score[0, 1]


def test_must_have_region_applies_only_to_newcomers_who_asked():
    people = [mentee(1, same_region=True), mentee(2)]
    table = score_all(people, [mentor(10, region="wales", nation="Wales")], must_haves=("region",))
    assert table.allowed[:, 0].tolist() == [False, True]


def test_preference_doubles_the_weight_of_its_criterion():
    plain = score_all([mentee(1)], [mentor(10)])
    asked = score_all([mentee(1, same_region=True)], [mentor(10)])
    assert asked.weights["region"][0] == 2 * plain.weights["region"][0]


def test_batch_respects_capacity_floor_and_spreads_load():
    people = [mentee(i) for i in range(6)]
    mentors = [mentor(10, free_places=3), mentor(11, free_places=3)]
    table = score_all(people, mentors)
    result = assign_batch(table, load_step=0.05)
    assert result.matched == 6 and result.loads(2).tolist() == [3, 3]
    table = score_all(people[:2], mentors)
    assert assign_batch(table, load_step=0.05).loads(2).tolist() == [1, 1]  # spread, not both on one mentor
    # A floor above every score leaves newcomers waiting rather than badly matched.
    assert assign_batch(table, floor=0.99).matched == 0


def test_fair_assignment_protects_the_worst_off_where_raw_and_greedy_do_not():
    # Two newcomers, two single-place mentors. Raw total prefers 0.9 + 0.2 = 1.1 over 0.5 + 0.55 = 1.05.
    table = score_all([mentee(1), mentee(2)], [mentor(10), mentor(11)])
    table.score[:] = np.array([[0.9, 0.5], [0.55, 0.2]], dtype=np.float32)
    raw, greedy, fair = assign_raw(table), assign_greedy(table), assign_batch(table, floor=0.0, load_step=0.0)
    assert raw.worst == greedy.worst == np.float32(0.2)
    assert fair.worst == np.float32(0.5) and fair.matched == 2


def test_rectangular_case_more_newcomers_than_places():
    people = [mentee(i, priority=i / 10) for i in range(10)]
    table = score_all(people, [mentor(10, free_places=2), mentor(11, free_places=1)])
    result = assign_batch(table, priority=np.array([p.priority for p in people]))
    assert result.matched == 3
    assert sorted(i for i, _, _ in result.pairs) == [7, 8, 9]  # equal fit: the longest waiting go first


def test_places_expand_mentors():
    mentor_of, place_no = _places([2, 0, 3])
    assert mentor_of.tolist() == [0, 0, 2, 2, 2] and place_no.tolist() == [0, 1, 0, 1, 2]


def test_explain_gives_two_to_four_reasons_and_what_does_not_match():
    person = mentee(1, topics=("mrcpch_akp", "settling_culture"), next_exam="akp", languages=frozenset({"en", "yo"}),
                    country="NG", subspecialties=frozenset({"neonatal"}), modes=frozenset({"in_person"}))
    match = mentor(10, topics=frozenset({"mrcpch_akp", "settling_culture"}), languages=frozenset({"en", "yo"}),
                   region="wales", nation="Wales", subspecialties=frozenset({"general"}))
    text = explain(score_pair(person, match), person, match, label)
    assert 2 <= len(text["reasons"]) <= 4
    assert text["reasons"][0] == ("Offers help with <mrcpch_akp>, the thing you most want help with, "
                                  "and with <settling_culture>.")
    assert "Speaks <yo>." in text["reasons"]
    assert "Works in <wales>, not in your region." in text["mismatches"]
    assert "Has different sub-specialty interests." in text["mismatches"]
    assert "Does not offer meetings by <in_person>, as you asked." in text["mismatches"]
    assert 0 < text["percent"] <= 100


def test_explain_names_a_missing_top_need_even_when_the_score_is_high():
    person = mentee(1, topics=("academic", "arcp_portfolio", "settling_culture"))
    match = mentor(10, topics=frozenset({"arcp_portfolio", "settling_culture"}))
    text = explain(score_pair(person, match), person, match, label)
    assert text["mismatches"][0] == "Does not list help with <academic>, the thing you most want help with."


def test_wait_estimate_is_honest_about_its_basis():
    unknown = estimate_wait(4, 2, 0)
    assert unknown["weeks_low"] is None and "cannot give an honest estimate" in unknown["text"]
    known = estimate_wait(6, 2, 13, window_days=91)  # one a week; 4 people need a place to free up
    assert (known["weeks_low"], known["weeks_high"]) == (3, 6)
    assert "more people ahead of you than free places" in known["text"]
    assert "13 newcomers were matched in the last 91 days" in known["text"]
    free_now = estimate_wait(2, 2, 0)
    assert free_now["weeks_low"] == 0 and "A mentor place is free for you now" in free_now["text"]


def test_must_haves_are_never_broken_even_where_the_unconstrained_optimum_would():
    # Amira must have a woman mentor; Dr Musa (a man) fits her far better than Dr Wafa does, and Bola
    # fits Dr Wafa perfectly. Ignoring the must-have, the best total is Amira-Musa and Bola-Wafa.
    amira = mentee(1, gender_pref="woman", topics=("mrcpch_akp", "academic"), next_exam="akp",
                   subspecialties=frozenset({"neonatal"}), languages=frozenset({"en", "ar"}))
    bola = mentee(2, topics=("arcp_portfolio",))
    musa = mentor(10, gender="man", topics=frozenset({"mrcpch_akp", "academic"}),
                  subspecialties=frozenset({"neonatal"}), languages=frozenset({"en", "ar"}))
    wafa = mentor(11, gender="woman", topics=frozenset({"arcp_portfolio"}), region="wales", nation="Wales")
    for must in (("gender",), ("gender", "language")):
        table = score_all([amira, bola], [musa, wafa], must_haves=must)
        assert not table.allowed[0, 0]
        unconstrained = assign_raw(type(table)(table.mentee_ids, table.mentor_ids, table.score,
                                               np.ones_like(table.allowed), table.parts, table.weights,
                                               table.free_places))
        assert (0, 0) in {(i, j) for i, j, _ in unconstrained.pairs}  # the trap is real
        result = assign_batch(table, floor=0.0)
        assert (0, 0) not in {(i, j) for i, j, _ in result.pairs}
        assert (0, 1) in {(i, j) for i, j, _ in result.pairs}  # Amira still gets the woman mentor


def test_a_required_language_is_never_broken_in_random_communities():
    rng = np.random.default_rng(7)
    langs = ["ar", "ur", "yo", "hi"]
    for _ in range(20):
        people = [mentee(i, same_language=bool(rng.random() < 0.5),
                         languages=frozenset({"en", langs[rng.integers(4)]}), country=None) for i in range(12)]
        mentors_ = [mentor(100 + j, languages=frozenset({"en", langs[rng.integers(4)]}), country=None,
                           free_places=int(rng.integers(1, 3))) for j in range(6)]
        table = score_all(people, mentors_, must_haves=("language",))
        for i, j, _ in assign_batch(table, floor=0.0).pairs:
            if people[i].same_language:
                assert people[i].languages & mentors_[j].languages - {"en"}, (i, j)
