"""VTIMEZONE blocks built from the IANA database, written so every parser reads every clock change.

Two things icalendar's Timezone.from_tzid gets wrong for some parsers, fixed here:
- it lists several change dates on one RDATE line; that is valid RFC 5545, but ical.js (Thunderbird's
  parser) reads only the first value, and put events after later changes an hour out. Here each change
  date has an RDATE line of its own;
- it wrote the spring change as 02:00 local (+00:00 from), i.e. 02:00 UTC, an hour after the real
  change at 01:00 UTC; an overnight event in that hour came out an hour wrong. Here each onset is the
  instant of the change written in the offset in force before it (TZOFFSETFROM), as RFC 5545 3.6.5 says.
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# Scan step: no zone changes its clocks twice within a week (Morocco's Ramadan pause, the shortest
# known, is about a month), and each change found is then bisected to the second.
_STEP = timedelta(days=7)


def _state(zone, instant):
    local = instant.astimezone(zone)
    return local.utcoffset(), local.tzname() or "", bool(local.dst())


def transitions(tzid, first_year, last_year):
    """[(instant UTC, offset before, offset after, name after, is summer time)] from 1 Jan first_year
    to 1 Jan last_year, each found to the second by bisecting the week it happens in."""
    zone = ZoneInfo(tzid)
    t = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year, 1, 1, tzinfo=UTC)
    found = []
    state = _state(zone, t)
    while t < end:
        nxt = min(t + _STEP, end)
        after = _state(zone, nxt)
        if after != state:
            lo, hi = t, nxt  # the change is in (lo, hi]
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if _state(zone, mid) == state:
                    lo = mid
                else:
                    hi = mid
            found.append((hi.replace(microsecond=0), state[0], after[0], after[1], after[2]))
            state = after
        t = nxt
    return found


def _offset(delta):
    return delta  # icalendar's TZOFFSETFROM/TO accept timedeltas


@lru_cache(maxsize=64)
def vtimezone(tzid, first_year, last_year):
    """A VTIMEZONE for the years [first_year, last_year): one observance per kind of change, one RDATE
    per later change, plus the rules in force at the start so earlier times resolve too."""
    zone = ZoneInfo(tzid)
    timezone = Timezone()
    timezone.add("tzid", tzid)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    offset, name, dst = _state(zone, start)
    groups: dict[tuple, list[datetime]] = {}
    for instant, before, after, after_name, after_dst in transitions(tzid, first_year, last_year):
        onset = (instant + before).replace(tzinfo=None)  # local wall time in the offset before the change
        groups.setdefault((before, after, after_name, after_dst), []).append(onset)
    initial = TimezoneDaylight() if dst else TimezoneStandard()
    initial.add("dtstart", (start + offset).replace(tzinfo=None))
    initial.add("tzname", name)
    initial.add("tzoffsetfrom", _offset(offset))
    initial.add("tzoffsetto", _offset(offset))
    timezone.add_component(initial)
    for (before, after, after_name, after_dst), onsets in groups.items():
        observance = TimezoneDaylight() if after_dst else TimezoneStandard()
        observance.add("dtstart", onsets[0])
        for onset in onsets[1:]:
            observance.add("rdate", onset)
        observance.add("tzname", after_name)
        observance.add("tzoffsetfrom", _offset(before))
        observance.add("tzoffsetto", _offset(after))
        timezone.add_component(observance)
    return timezone
