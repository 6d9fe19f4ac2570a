"""VTIMEZONE blocks: every clock change found, at its real instant, one RDATE per line."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from softlanding.lib.ical.zones import transitions, vtimezone


def _hourly_changes(tzid, first, last):
    zone, t, found = ZoneInfo(tzid), datetime(first, 1, 1, tzinfo=UTC), []
    previous = t.astimezone(zone).utcoffset()
    while t < datetime(last, 1, 1, tzinfo=UTC):
        t += timedelta(minutes=30)
        offset = t.astimezone(zone).utcoffset()
        if offset != previous:
            found.append(t)
            previous = offset
    return found


@pytest.mark.parametrize("tzid", ["Europe/London", "America/New_York", "Australia/Sydney", "Africa/Casablanca",
                                  "Asia/Kolkata"])
def test_every_change_is_found_at_its_instant(tzid):
    found = [instant for instant, *_ in transitions(tzid, 2025, 2031)]
    expected = _hourly_changes(tzid, 2025, 2031)
    assert len(found) == len(expected)
    # Each change lies in the half hour before the first sample that shows it.
    assert all(timedelta(0) <= e - f < timedelta(minutes=30) for f, e in zip(found, expected, strict=True))


def test_london_onsets_are_the_real_instants_in_the_offset_before():
    data = vtimezone("Europe/London", 2026, 2029).to_ical().decode()
    # BST from 01:00 UTC (01:00 GMT), GMT again from 01:00 UTC (02:00 BST).
    assert "DTSTART:20260329T010000" in data and "RDATE:20270328T010000" in data
    assert "DTSTART:20261025T020000" in data and "RDATE:20271031T020000" in data
    rdates = [line for line in data.split("\r\n") if line.startswith("RDATE")]
    assert len(rdates) == 4 and not any("," in line for line in rdates)
