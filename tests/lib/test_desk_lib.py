"""Pure helpers of the events desk: series dates across the clocks changing, participant reports."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from softlanding.lib.participants import ReportError, minutes_of, parse_report
from softlanding.lib.recurrence import repeat_starts, shift_weeks

LONDON = ZoneInfo("Europe/London")


def test_weekly_repeats_keep_london_time_over_the_march_change():
    start = datetime(2027, 3, 21, 19, 0, tzinfo=LONDON).astimezone(UTC)  # GMT; clocks go forward 28 March
    starts = repeat_starts(start, "Europe/London", "weekly", 3)
    assert [s.astimezone(LONDON).strftime("%d %H:%M") for s in starts] == ["21 19:00", "28 19:00", "04 19:00"]
    assert [s.hour for s in starts] == [19, 18, 18]


def test_monthly_repeats_keep_the_nth_weekday_and_fall_back_to_the_last():
    fifth_friday = datetime(2027, 1, 29, 12, 0, tzinfo=UTC)  # the 5th Friday of January 2027
    days = [s.astimezone(LONDON).date() for s in repeat_starts(fifth_friday, "Europe/London", "monthly", 3)]
    assert [d.weekday() for d in days] == [4, 4, 4] and [d.day for d in days] == [29, 26, 26]


def test_fortnightly_and_shift_weeks_over_the_october_change():
    start = datetime(2027, 10, 24, 18, 30, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)
    assert repeat_starts(start, "Europe/London", "fortnightly", 2)[1].astimezone(LONDON).strftime("%d %H:%M") == "07 18:30"
    assert shift_weeks(start, "Europe/London", 1).astimezone(LONDON).strftime("%d %H:%M") == "31 18:30"
    with pytest.raises(ValueError):
        repeat_starts(start, "Europe/London", "daily", 2)


@pytest.mark.parametrize("value,minutes", [("47", 47), ("12.5", 12.5), ("1h 2m 30s", 62.5), ("59m 59s", 59 + 59 / 60),
                                           ("1:02:03", 62.05), ("", None), ("soon", None)])
def test_minutes_of_every_duration_format(value, minutes):
    got = minutes_of(value)
    assert (got is None and minutes is None) or abs(got - minutes) < 0.01


def test_reports_without_an_email_column_are_refused_with_a_message():
    with pytest.raises(ReportError, match="No column of email addresses"):
        parse_report("Name,Minutes\nAmina,40\n")
    people = parse_report("Name,Email,Duration\n=cmd(),AMINA@X.ORG,40\nAmina,amina@x.org,5\nNo mail,,9\n")
    assert [(p.email, p.minutes) for p in people] == [("amina@x.org", 45.0), ("", 9.0)]
