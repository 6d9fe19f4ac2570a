"""The SQLite section's rounds (bench/http/sqlite.py): runs alternate between the 1- and 4-worker servers,
and the workers' ratio is the median of each round's own ratio, printed beside the floor page's."""

from bench.http import sqlite
from bench.http.load import Figure


def fig(rps):
    return Figure(rps=rps, p50_ms=1.0, p95_ms=2.0, errors=0, requests=int(rps))


def test_runs_alternate_between_the_servers_with_the_order_flipped_each_round(monkeypatch):
    monkeypatch.setattr(sqlite, "etag_of", lambda port, path: '"tag"')
    ran = []

    def run(port, path, conns, seconds, if_none_match=""):
        ran.append((port, path, if_none_match))
        return fig(100.0)

    got = sqlite.measure_rounds({1: 8001, 4: 8004}, 1.0, rounds=2, run=run)
    listing = [port for port, path, _ in ran if path == "/events/"]
    assert listing == [8001, 8004, 8004, 8001]  # each pair seconds apart, the first server of a round alternating
    assert all(tag == '"tag"' for _, path, tag in ran if path == "/events/feed.ics")
    assert {n: len(got[n]["events.listing"]) for n in got} == {1: 2, 4: 2}


def test_the_ratio_is_the_median_of_the_rounds_own_ratios_beside_the_floor(capsys):
    rounds = {"minimal": [fig(900), fig(1000), fig(950)], "floor": [fig(100), fig(100), fig(100)],
              "events.listing": [fig(100), fig(50), fig(100)], "feed.public_304": [fig(800)] * 3}
    four = {"minimal": [fig(1800)] * 3, "floor": [fig(150), fig(190), fig(170)],
            "events.listing": [fig(170), fig(90), fig(200)], "feed.public_304": [fig(1500)] * 3}
    sqlite.report({1: rounds, 4: four}, 0.02)
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("BENCH http.sqlite.workers"))
    # rounds 1.70, 1.80, 2.00: the median round, not the ratio of the medians (170 / 100)
    assert "ratio=1.80 rounds=1.70,1.80,2.00" in line
    assert "floor_ratio=1.70 floor_rounds=1.50,1.90,1.70" in line and "cpu_steal_pct=2.0" in line
    assert "listing_rps_1=100.0 listing_rps_4=170.0" in line


def test_steal_is_a_share_of_the_cpu_time_between_two_readings():
    since = sqlite.cpu_steal_share()
    assert 0.0 <= since() <= 1.0
