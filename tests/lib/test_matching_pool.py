"""score_one over a prepared pool gives exactly score_all's row for the same newcomer and mentors."""

import random

import numpy as np
import pytest

from softlanding.lib.matching import CRITERIA, Mentee, Mentor, score_all
from softlanding.lib.matching.pool import prepare, score_one

TOPICS = ["arcp", "exams", "portfolio", "rota", "visa", "mrcpch_fop", "mrcpch_tas", "mrcpch_akp",
          "mrcpch_clinical", "wellbeing", "research", "teaching"]
REGIONS = ["london", "kss", "scotland_north", "wales", None, "outside_uk_x"]
NATION = {"london": "England", "kss": "England", "scotland_north": "Scotland", "wales": "Wales",
          "outside_uk_x": None}
STAGES = ["not_in_uk", "foundation_led", "st1_4", "sas", "st5_7", "consultant", None, "unknown"]
LANGS = ["en", "ur", "ar", "hi", "yo", "fr"]
NAMES = ["Dr A Khan", "Dr B Okafor", "Dr C Singh", "", None]


def _some(rng, items, k):
    return frozenset(rng.sample(items, rng.randint(0, k)))


def _mentor(rng, i):
    region = rng.choice(REGIONS)
    return Mentor(
        id=i, region=region, nation=NATION.get(region) if region else None, stage=rng.choice(STAGES),
        subspecialties=_some(rng, ["neonates", "cardio", "neuro", "onc"], 2), languages=_some(rng, LANGS, 3),
        country=rng.choice(["PK", "NG", "IN", None]), passed=_some(rng, ["fop", "tas", "akp", "clinical"], 3),
        topics=_some(rng, TOPICS, 5), modes=_some(rng, ["video", "phone", "in_person", "walk"], 3),
        gender=rng.choice(["female", "male", None, ""]), trust=rng.choice(["Leeds  Trust", "leeds trust", "", None]),
        supervisor=rng.choice(["Dr A Khan", "dr c singh", "", None]), name=rng.choice(NAMES) or f"Mentor {i}",
        free_places=rng.choice([0, 1, 2, 3]), accepting=rng.random() > 0.1)


def _mentee(rng, i):
    region = rng.choice(REGIONS + ["nowhere"])
    return Mentee(
        id=i, region=region, nation=NATION.get(region) if region else None, stage=rng.choice(STAGES),
        subspecialties=_some(rng, ["neonates", "cardio", "neuro", "onc", "derm"], 2),
        languages=_some(rng, LANGS + ["sw"], 3), country=rng.choice(["PK", "NG", "IN", "EG", None]),
        next_exam=rng.choice(["fop", "tas", "akp", "clinical", None]),
        topics=tuple(rng.sample(TOPICS + ["unoffered"], rng.randint(0, 4))),
        modes=_some(rng, ["video", "phone", "in_person", "boat"], 2), gender_pref=rng.choice(["female", "male", None]),
        same_region=rng.random() < 0.4, same_language=rng.random() < 0.4,
        trust=rng.choice(["Leeds Trust", "", None, "York"]), supervisor=rng.choice(["Dr A Khan", "DR B OKAFOR", "", None]),
        priority=rng.random())


@pytest.mark.parametrize("must", [(), ("gender",), ("needs", "region", "language", "gender", "mode")])
def test_score_one_is_exactly_score_all_for_one_newcomer(must):
    rng = random.Random(len(must))
    mentors = [_mentor(rng, i) for i in range(1, 301)]
    pool = prepare(mentors)
    weights = {c: rng.choice([0.0, 0.5, 1.0, 2.5, 3.0]) for c in CRITERIA}
    for n in range(80):
        mentee = _mentee(rng, 10_000 + n)
        excluded = {(mentee.id, m.id) for m in rng.sample(mentors, 3)}
        for w in (None, weights):
            old = score_all([mentee], mentors, w, must, excluded)
            new = score_one(mentee, pool, w, must, excluded)
            assert np.array_equal(old.score, new.score)
            assert np.array_equal(old.allowed, new.allowed)
            for c in CRITERIA:
                assert np.array_equal(old.parts[c], new.parts[c]), c
                assert np.array_equal(old.weights[c], new.weights[c]), c
            assert [old.pair(0, j) for j in range(len(mentors))] == [new.pair(0, j) for j in range(len(mentors))]


def test_an_empty_pool_scores_nothing():
    table = score_one(Mentee(id=1, topics=("arcp",)), prepare([]))
    assert table.score.shape == (1, 0) and table.allowed.shape == (1, 0)
