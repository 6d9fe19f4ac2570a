"""Batch matching at scale: 500 mentors x 5,000 newcomers and 1,000 x 10,000, capacities 1-5.

Prints the fair optimal assignment (softlanding.matching.assign_batch) beside a greedy baseline and
beside scipy's raw linear_sum_assignment on the same score matrix, all in the same run.

Fairness rule checked on every run: over the same eligible pairs (every hard filter passed, score at
or above the batch minimum), the batch matches at least as many newcomers as the raw optimum of the
total score, and its worst-off matched newcomer scores at least as well as the raw optimum's. The
goals: the full batch (score + assign) under 5 s at 500 x 5,000 and under 20 s at 1,000 x 10,000.
"""

import random
import time

from softlanding.lib.matching import Mentee, Mentor, assign_batch, assign_greedy, assign_raw, score_all
from softlanding.lib.matching.assign import DEFAULT_FLOOR
from softlanding.lib.matching.pool import prepare, score_one

GOALS = {5000: 5.0, 10000: 20.0}

REGIONS = ["ne_cumbria", "north_west", "yorkshire_humber", "east_midlands", "west_midlands",
           "east_of_england", "london", "kss", "thames_valley", "wessex", "south_west", "scotland",
           "wales", "northern_ireland"]
TOPICS = ["mrcpch_fop", "mrcpch_tas", "mrcpch_akp", "mrcpch_clinical", "arcp_portfolio",
          "interviews_applications", "academic", "subspecialty_training", "settling_culture",
          "settling_communication", "settling_wellbeing", "settling_relocation_visas"]
SUBS = ["general", "neonatal", "emergency", "community", "neurology", "respiratory", "oncology",
        "intensive_care", "diabetes_endocrinology", "nephrology"]
LANGS = ["ar", "ur", "hi", "yo", "ig", "ta", "bn", "fr", "ml", "si", "fa", "sw"]
COUNTRIES = ["NG", "IN", "PK", "EG", "SD", "GH", "SY", "LK", "IQ", "BD", "MY", "KE"]
MODES = ["video", "phone", "in_person"]


def nation(region):
    """The nation a region belongs to."""
    return region if region in ("scotland", "wales", "northern_ireland") else "England"


def make_people(n_mentors=500, n_newcomers=5000, seed=7):
    """Random but realistic mentors and newcomers."""
    rng = random.Random(seed)
    mentors = []
    for i in range(n_mentors):
        region = rng.choice(REGIONS)
        mentors.append(Mentor(
            id=i, region=region, nation=nation(region),
            stage=rng.choice(["st5_7", "sas", "consultant", "consultant"]),
            subspecialties=frozenset(rng.sample(SUBS, rng.randint(1, 2))),
            languages=frozenset(["en", *rng.sample(LANGS, rng.randint(0, 2))]),
            country=rng.choice(COUNTRIES), passed=frozenset(["fop", "tas", "akp", "clinical"]),
            topics=frozenset(rng.sample(TOPICS, rng.randint(3, 7))),
            modes=frozenset(rng.sample(MODES, rng.randint(1, 3))),
            gender=rng.choice(["woman", "man", None]), trust=f"Trust {rng.randint(1, 150)}",
            name=f"Mentor {i}", free_places=rng.randint(1, 5)))
    newcomers = []
    for i in range(n_newcomers):
        region = rng.choice(REGIONS + ["outside_uk"])
        newcomers.append(Mentee(
            id=i, region=None if region == "outside_uk" else region,
            nation=None if region == "outside_uk" else nation(region),
            stage=rng.choice(["not_in_uk", "foundation_led", "st1_4", "st1_4"]),
            subspecialties=frozenset(rng.sample(SUBS, rng.randint(0, 2))),
            languages=frozenset(["en", *rng.sample(LANGS, rng.randint(0, 2))]),
            country=rng.choice(COUNTRIES), next_exam=rng.choice(["fop", "tas", "akp", "clinical", None]),
            topics=tuple(rng.sample(TOPICS, rng.randint(1, 4))),
            modes=frozenset(rng.sample(MODES, rng.randint(0, 2))),
            gender_pref=rng.choice([None, None, None, "woman", "man"]),
            same_region=rng.random() < 0.3, same_language=rng.random() < 0.2,
            trust=f"Trust {rng.randint(1, 150)}", priority=rng.random()))
    return mentors, newcomers


def _row(name, seconds, result):
    return f"{name:<34} {seconds:>8.3f} {result.matched:>8} {result.total:>10.1f} {result.mean:>6.3f} {result.worst:>6.3f}"


def run(name, n_newcomers, n_mentors=500):
    """Run the three assignments on one score matrix and print the table and BENCH lines."""
    mentors, newcomers = make_people(n_mentors=n_mentors, n_newcomers=n_newcomers)
    places = sum(m.free_places for m in mentors)
    start = time.perf_counter()
    table = score_all(newcomers, mentors)
    score_seconds = time.perf_counter() - start
    start = time.perf_counter()
    fair = assign_batch(table)
    fair_seconds = time.perf_counter() - start
    start = time.perf_counter()
    raw = assign_raw(table, floor=DEFAULT_FLOOR)
    raw_seconds = time.perf_counter() - start
    start = time.perf_counter()
    greedy = assign_greedy(table)
    greedy_seconds = time.perf_counter() - start
    batch_seconds = score_seconds + fair_seconds
    loads = fair.loads(len(mentors))
    print(f"\n[{name}] {len(mentors)} mentors, {len(newcomers)} newcomers, {places} places; "
          f"scoring took {score_seconds:.3f}s")
    print(f"{'assignment':<34} {'seconds':>8} {'matched':>8} {'total':>10} {'mean':>6} {'worst':>6}")
    print(_row("fair optimal (sqrt, floor, load)", fair_seconds, fair))
    print(_row("scipy raw linear_sum_assignment", raw_seconds, raw))
    print(_row("greedy", greedy_seconds, greedy))
    print(f"full batch (score + assign): {batch_seconds:.3f}s; mentors at full load: "
          f"{int((loads == table.free_places).sum())}, unused: {int((loads == 0).sum())}")
    fair_ok = fair.matched >= raw.matched and fair.worst >= raw.worst - 1e-9
    goal = GOALS.get(n_newcomers)
    print(f"fairness rule (matched and worst-off no worse than raw): {'held' if fair_ok else 'BROKEN'}"
          + (f"; goal {goal:.0f}s: {'met' if batch_seconds <= goal else 'MISSED'}" if goal else ""))
    print(f"BENCH matching.{name} fair_rule={'held' if fair_ok else 'broken'} mentors={len(mentors)} newcomers={len(newcomers)} places={places} "
          f"matched={fair.matched} total_score={fair.total:.1f} worst_score={fair.worst:.3f} "
          f"mean_score={fair.mean:.3f} raw_total_score={raw.total:.1f} raw_worst_score={raw.worst:.3f} "
          f"greedy_matched={greedy.matched} greedy_total_score={greedy.total:.1f} "
          f"greedy_worst_score={greedy.worst:.3f} greedy_seconds={greedy_seconds:.3f} "
          f"score_seconds={score_seconds:.3f} seconds={batch_seconds:.3f} baseline_seconds={raw_seconds:.3f} "
          f"ratio={batch_seconds / raw_seconds:.2f}")


def run_one(n_mentors=1000, n_newcomers=200):
    """One newcomer at a time against every mentor (a suggestions page): score_all beside a prepared pool."""
    mentors, newcomers = make_people(n_mentors=n_mentors, n_newcomers=n_newcomers)
    start = time.perf_counter()
    for newcomer in newcomers:
        score_all([newcomer], mentors)
    fresh_ms = (time.perf_counter() - start) * 1000 / len(newcomers)
    start = time.perf_counter()
    pool = prepare(mentors)
    prepare_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for newcomer in newcomers:
        score_one(newcomer, pool)
    pooled_ms = (time.perf_counter() - start) * 1000 / len(newcomers)
    print(f"\n[one] {n_mentors} mentors, one newcomer at a time: score_all {fresh_ms:.2f} ms, "
          f"score_one on a prepared pool {pooled_ms:.2f} ms (preparing the pool once: {prepare_ms:.1f} ms)")
    print(f"BENCH matching.one mentors={n_mentors} score_all_ms={fresh_ms:.2f} score_one_ms={pooled_ms:.2f} "
          f"prepare_ms={prepare_ms:.1f} ratio={fresh_ms / pooled_ms:.1f}")


def main():
    """The required scales (5,000 newcomers for ~1,450 places; 10,000 for ~3,000) and a balanced case."""
    run_one()
    run("batch", 5000)
    run("batch_large", 10000, n_mentors=1000)
    run("batch_balanced", 1450)


if __name__ == "__main__":
    main()
