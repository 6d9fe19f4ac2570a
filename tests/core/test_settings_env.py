"""Settings from the environment: a bad value stops start-up with one line naming it, never a traceback."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from config import EnvReader

ROOT = Path(__file__).resolve().parents[2]
# Variables a developer's shell may carry that would change what these start-ups report.
_CONFIG_VARS = ("SOFTLANDING_ENV", "SMTP_PORT", "MAIL_BACKEND", "EVENT_REMINDER_HOURS", "FLASK_DEBUG",
                "SECRET_KEY", "DATABASE_URL")


def _start(command, overrides, timeout=60):
    env = {k: v for k, v in os.environ.items() if k not in _CONFIG_VARS}
    env.update({"FLASK_APP": "wsgi.py", **overrides})
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


BAD_SETTINGS = [
    ({"SMTP_PORT": "abc"}, "SMTP_PORT must be a whole number from 1 to 65535 (got 'abc')"),
    ({"SOFTLANDING_ENV": "prod"}, "Unknown SOFTLANDING_ENV 'prod'; use one of: development, testing, production"),
    ({"MAIL_BACKEND": "carrier-pigeon"}, "MAIL_BACKEND must be one of file, smtp (got 'carrier-pigeon')"),
    ({"EVENT_REMINDER_HOURS": "1,x"},
     "EVENT_REMINDER_HOURS must be a comma-separated list of whole numbers from 1 to 336 (got '1,x')"),
    # Below 5 anonymous answers could be told apart by anyone who knows who attended.
    ({"ANONYMOUS_MIN_AUDIENCE": "4"}, "ANONYMOUS_MIN_AUDIENCE must be a whole number from 5 to 1000 (got '4')"),
]


@pytest.mark.parametrize("overrides, message", BAD_SETTINGS, ids=lambda v: next(iter(v)) if isinstance(v, dict) else "")
def test_flask_command_refuses_a_bad_setting_in_one_line(overrides, message):
    result = _start([sys.executable, "-m", "flask", "routes"], overrides)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines() == [f"Soft Landing cannot start: {message}."]


def test_gunicorn_stops_at_once_naming_the_bad_setting():
    # Exit 4 makes gunicorn's master give up rather than restart the failing worker forever.
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = _start([str(gunicorn), "--bind", "127.0.0.1:0", "--workers", "1", "wsgi:app"], {"SMTP_PORT": "abc"})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    named = [line for line in result.stderr.splitlines() if "SMTP_PORT" in line]
    assert named == ["Soft Landing cannot start: SMTP_PORT must be a whole number from 1 to 65535 (got 'abc')."]


def test_every_bad_setting_is_named_on_the_same_line():
    result = _start([sys.executable, "-m", "flask", "routes"], {"SMTP_PORT": "0", "MAIL_BACKEND": "fax"})
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert "SMTP_PORT must be a whole number from 1 to 65535 (got '0')" in line
    assert "MAIL_BACKEND must be one of file, smtp (got 'fax')" in line


def test_good_settings_reach_the_app():
    code = "import wsgi; c = wsgi.app.config; print(c['SMTP_PORT'], c['EVENT_REMINDER_HOURS'], c['MAIL_BACKEND'])"
    result = _start([sys.executable, "-c", code],
                    {"SMTP_PORT": " 2525 ", "EVENT_REMINDER_HOURS": "48, 2", "MAIL_BACKEND": "SMTP"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2525", "(48,", "2)", "smtp"]


def test_readers_return_defaults_when_unset_and_note_nothing():
    env = EnvReader({})
    assert env.integer("N", 5, min=1) == 5 and env.boolean("B") is False
    assert env.choice("C", "file", ("file", "smtp")) == "file"
    assert env.duration("D", timedelta(minutes=5)) == timedelta(minutes=5)
    assert env.int_list("L", (24, 1)) == (24, 1)
    assert env.problems == {}


@pytest.mark.parametrize("raw, unit, expected", [
    ("90", "s", timedelta(seconds=90)), ("15m", "s", timedelta(minutes=15)), ("12h", "s", timedelta(hours=12)),
    ("30", "d", timedelta(days=30)), ("2D", "d", timedelta(days=2)),
])
def test_durations_take_a_unit_or_the_default_one(raw, unit, expected):
    env = EnvReader({"D": raw})
    assert env.duration("D", timedelta(0), unit=unit) == expected and env.problems == {}


@pytest.mark.parametrize("reader, raw, phrase", [
    (lambda e: e.integer("V", 1, min=0, max=6), "7", "V must be a whole number from 0 to 6 (got '7')"),
    (lambda e: e.integer("V", 1), "1.5", "V must be a whole number (got '1.5')"),
    (lambda e: e.boolean("V"), "maybe", "V must be one of 1, true, yes, on, 0, false, no, off (got 'maybe')"),
    (lambda e: e.duration("V", timedelta(1)), "soon", "V must be a positive whole number of seconds"),
    (lambda e: e.duration("V", timedelta(1)), "0", "V must be a positive whole number of seconds"),
    (lambda e: e.int_list("V", (1,), min=1), "24,0", "V must be a comma-separated list of whole numbers of at least 1"),
])
def test_a_bad_value_is_noted_with_what_was_expected_and_the_default_kept(reader, raw, phrase):
    env = EnvReader({"V": raw})
    default = reader(EnvReader({}))
    assert reader(env) == default
    assert env.problems["V"].startswith(phrase)


def test_keep_me_signed_in_cannot_be_stretched_past_thirty_days():
    env = EnvReader({"REMEMBER_DAYS": "45"})
    assert env.duration("REMEMBER_DAYS", timedelta(days=30), unit="d", max=timedelta(days=30)) == timedelta(days=30)
    assert env.problems["REMEMBER_DAYS"].startswith("REMEMBER_DAYS must be a positive whole number of days up to 30 days")
