"""An honest estimate of how long a newcomer will wait for a mentor."""

import math
from typing import TypedDict


class WaitEstimate(TypedDict):
    """estimate_wait()'s answer: the figures it rests on, a range in weeks if there is one, and a sentence."""

    position: int
    free_places: int
    rate_per_week: float
    weeks_low: int | None
    weeks_high: int | None
    text: str


def estimate_wait(position: int, free_places: int, matched_recently: int, window_days: int = 90) -> WaitEstimate:
    """Estimate from queue position, free places now and matches made in the last `window_days`.

    Returns plain data: the rate per week, a range in weeks (or None when there is no basis for
    one) and a sentence that says what the estimate rests on.
    """
    rate = matched_recently / (window_days / 7) if window_days else 0.0
    result: WaitEstimate = {"position": position, "free_places": free_places, "rate_per_week": round(rate, 2),
              "weeks_low": None, "weeks_high": None, "text": ""}
    basis = (f"{matched_recently} newcomer{'s were' if matched_recently != 1 else ' was'} matched in the "
             f"last {window_days} days and {free_places} mentor place{'s are' if free_places != 1 else ' is'} free now.")
    if position <= free_places:
        # Nobody needs a place to free up: the wait is for a batch match or a mentor's answer.
        result["weeks_low"] = 0
        result["text"] = ("A mentor place is free for you now, so you should be matched at the organisers' next "
                          "batch match, or sooner if a mentor accepts your request. " + basis)
        return result
    if rate <= 0:
        result["text"] = ("We cannot give an honest estimate yet: " + basis
                          + " Organisers will contact you when a mentor is found.")
        return result
    # Those ahead of you fill the free places; the rest wait for places at the recent matching rate.
    weeks = (position - free_places) / rate
    low = max(1, math.floor(weeks * 0.75))
    high = max(low + 1, math.ceil(weeks * 1.5))
    result["weeks_low"], result["weeks_high"] = low, high
    result["text"] = (f"About {low} to {high} weeks. " + basis + " There are more people ahead of you than "
                      "free places, so you wait for places to free up.")
    return result
