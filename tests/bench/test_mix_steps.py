"""The mix's stepping (bench/http/run.py): which step is "sustained", and which answers count as expected."""

from bench.http import run
from bench.http.load import MixResult

GOOD = {"view_listing": {"200": 30}, "view_event": {"200": 20}, "poll_feed": {"304": 15, "200": 1},
        "book": {"302 /events/N": 9}, "organiser_page": {"200": 8}}


def step(rate, p95, errors=0, answers=GOOD):
    return MixResult(rate=rate, done=100, p95_ms=p95, errors=errors, answers=answers, planned=100)


def test_bookings_that_redirect_to_the_event_are_expected_and_a_redirect_to_sign_in_is_not():
    assert run.unexpected(step(10, 50)) == {}
    signed_out = {**GOOD, "book": {"302 /events/N": 5, "302 /account/login": 4}, "organiser_page": {"403": 2}}
    assert run.unexpected(step(10, 50, answers=signed_out)) == {"book": {"302 /account/login": 4},
                                                               "organiser_page": {"403": 2}}


def _steps(monkeypatch, results):
    ran = []

    def fake_open_mix(port, actions, rate, seconds, seed=3):
        ran.append(rate)
        return results.get(rate, step(rate, 10)) if seed else step(rate, 999)  # seed 0: the warm-up

    monkeypatch.setattr(run, "mix_actions", lambda port, seeded: [])
    monkeypatch.setattr(run, "drain", lambda port: None)
    monkeypatch.setattr(run, "open_mix", fake_open_mix)
    return ran


def test_the_sustained_rate_is_the_last_step_held_before_the_first_that_is_not(monkeypatch, capsys):
    ran = _steps(monkeypatch, {300: step(300, 150), 350: step(350, 240)})
    assert run.mix(1, None, 1.0, rates=(100, 200, 300, 350, 400)) == (300, 150)
    assert ran == [100, 100, 200, 300, 350]  # the unjudged warm-up first; nothing after the first step not held
    out = capsys.readouterr().out
    assert "rate=350/s" in out and "not held" in out and "rate=400/s" not in out


def test_an_error_or_an_unexpected_answer_ends_the_stepping_even_when_fast(monkeypatch):
    _steps(monkeypatch, {200: step(200, 20, errors=1)})
    assert run.mix(1, None, 1.0, rates=(100, 200, 300)) == (100, 10)
    odd = {**GOOD, "organiser_page": {"302 /account/login": 3}}
    _steps(monkeypatch, {200: step(200, 20, answers=odd)})
    assert run.mix(1, None, 1.0, rates=(100, 200, 300)) == (100, 10)


def test_the_rates_step_finely_from_150_to_500_within_three_minutes_at_full_scale():
    assert {150, 200, 250, 300, 350, 400, 450, 500} <= set(run.MIX_RATES)
    assert list(run.MIX_RATES) == sorted(run.MIX_RATES)
    step_seconds = 2 * 5.0  # mix(..., 2 * _seconds()) with BENCH_SECONDS defaulting to 5 at full scale
    assert 4.0 + step_seconds * len(run.MIX_RATES) < 150  # warm-up and every step, leaving room for sign-ins
