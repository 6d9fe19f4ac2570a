"""Configuration classes, chosen by SOFTLANDING_ENV (development, testing, production).

Every environment variable is read once, here, through the typed readers of EnvReader. A bad value does
not raise on the spot: each problem is noted, and get_config() refuses to hand out a configuration while
any is left, naming every bad variable on one line (wsgi.py prints that line and exits, no traceback).
"""

import os
import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DURATION = re.compile(r"(\d+)\s*([smhd]?)")
_UNITS = {"": "seconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe or malformed; its message is one line for the operator."""


class EnvReader:
    """Typed readers over the environment that note each bad value (and return the default) instead of raising."""

    def __init__(self, environ: Mapping[str, str]):
        self.environ = environ
        self.problems: dict[str, str] = {}  # by variable, so a variable read by two classes is named once

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def _bad(self, name: str, expected: str, raw: str):
        self.problems.setdefault(name, f"{name} must be {expected} (got {raw!r})")

    def text(self, name: str, default: str) -> str:
        """The variable as it is, or the default when unset."""
        return self.environ.get(name, default)

    def optional(self, name: str) -> str | None:
        """The variable as it is, or None when unset."""
        return self.environ.get(name)

    def integer(self, name: str, default: int, *, min: int | None = None, max: int | None = None) -> int:
        """A whole number, optionally within [min, max]."""
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        expected = _int_expectation(min, max)
        if not re.fullmatch(r"[+-]?\d+", raw):
            self._bad(name, expected, raw)
            return default
        value = int(raw)
        if (min is not None and value < min) or (max is not None and value > max):
            self._bad(name, expected, raw)
            return default
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        """A yes/no switch: 1/true/yes/on or 0/false/no/off."""
        raw = self._raw(name)
        if raw is None:
            return default
        if raw.lower() in _TRUE:
            return True
        if raw.lower() not in _FALSE:
            self._bad(name, "one of 1, true, yes, on, 0, false, no, off", raw)
            return default
        return False

    def choice(self, name: str, default: str, choices: Iterable[str]) -> str:
        """One value from a fixed set (compared case-insensitively)."""
        options = tuple(choices)
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        if raw.lower() not in options:
            self._bad(name, "one of " + ", ".join(options), raw)
            return default
        return raw.lower()

    def duration(self, name: str, default: timedelta, *, unit: str = "s", max: timedelta | None = None) -> timedelta:
        """A length of time: a whole number with an optional unit s, m, h or d (a bare number is in `unit`)."""
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        match = _DURATION.fullmatch(raw.lower())
        value = timedelta(**{_UNITS[match.group(2) or unit]: int(match.group(1))}) if match else timedelta(0)
        if not value or (max is not None and value > max):
            limit = f" up to {_describe(max, unit)}" if max is not None else ""
            self._bad(name, f"a positive whole number of {_UNITS[unit]}{limit}, or with a unit like 90s, 15m, 12h, 30d",
                      raw)
            return default
        return value

    def int_list(self, name: str, default: tuple[int, ...], *, min: int | None = None,
                 max: int | None = None) -> tuple[int, ...]:
        """A comma-separated list of whole numbers, each optionally within [min, max]."""
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        items = [item.strip() for item in raw.split(",") if item.strip()]
        ok = bool(items) and all(re.fullmatch(r"[+-]?\d+", item) for item in items)
        values = tuple(int(item) for item in items) if ok else ()
        if not ok or any((min is not None and v < min) or (max is not None and v > max) for v in values):
            self._bad(name, "a comma-separated list of " + _int_expectation(min, max, plural=True), raw)
            return default
        return values


def _describe(length: timedelta, unit: str) -> str:
    """A length in the reader's unit, e.g. "30 days"."""
    per_unit = timedelta(**{_UNITS[unit]: 1})
    return f"{length // per_unit} {_UNITS[unit]}"


def _int_expectation(min: int | None, max: int | None, *, plural: bool = False) -> str:
    noun = "whole numbers" if plural else "a whole number"
    if min is not None and max is not None:
        return f"{noun} from {min} to {max}"
    if min is not None:
        return f"{noun} of at least {min}"
    if max is not None:
        return f"{noun} of at most {max}"
    return noun


ENV = EnvReader(os.environ)
MAIL_BACKENDS = ("file", "smtp")
DEFAULT_CALENDAR_UID_DOMAIN = "softlanding.example.org"
STORAGE_TIMEOUT_SECONDS = 0.5  # Redis (rate limits, /readyz): connect and answer within this
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


class Config:
    """Settings shared by every environment; each can be overridden by an environment variable."""

    ENV_NAME = "base"
    SECRET_KEY = ENV.text("SECRET_KEY", "dev-only-secret-key-not-for-production-use")
    SQLALCHEMY_DATABASE_URI = ENV.text("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'softlanding.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    DEBUG = False
    TESTING = False

    # Public address used in emails and calendar feeds, and the fixed domain for calendar UIDs:
    # neither ever comes from the request's Host header.
    # `make run` serves on PORT, so by default links point there too.
    PORT = ENV.integer("PORT", 5000, min=1, max=65535)
    BASE_URL = ENV.text("BASE_URL", f"http://127.0.0.1:{PORT}")
    CALENDAR_UID_DOMAIN = ENV.text("CALENDAR_UID_DOMAIN", DEFAULT_CALENDAR_UID_DOMAIN)
    # How many proxies in front of the app set X-Forwarded-For/-Proto (1 behind one nginx). With 0 the
    # headers are ignored: anyone could forge them, and the rate limits key on the client address.
    TRUSTED_PROXIES = ENV.integer("TRUSTED_PROXIES", 0, min=0, max=5)
    PLATFORM_NAME = "Soft Landing"

    MAX_CONTENT_LENGTH = ENV.integer("MAX_CONTENT_LENGTH", 2 * 1024 * 1024, min=1024)
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = ENV.duration("REMEMBER_DAYS", timedelta(days=30), unit="d",
                                            max=timedelta(days=30))
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # Cookies must name a sign-in (login_session row) so that signing out can refuse them; only the
    # tests' login helper, which signs people in without the form, sets this.
    ACCEPT_SIGN_INS_WITHOUT_KEY = False
    HSTS = False

    # argon2id; RFC 9106's second recommended option (64 MiB, 3 passes).
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_KIB = 65536
    PASSWORD_HASH_PARALLELISM = 4

    EMAIL_VERIFY_MAX_AGE = timedelta(days=3)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=1)

    RATELIMIT_STORAGE_URI = ENV.text("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # A sliding window: with fixed windows, 5 tries at 12:00:59 and 5 more at 12:01:00 would all pass.
    RATELIMIT_STRATEGY = "moving-window"
    # A Redis that refuses or hangs must not take sign-in down: give up on it within half a second,
    # then count in this process's memory until it answers again (Flask-Limiter logs one warning).
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": STORAGE_TIMEOUT_SECONDS,
                                 "socket_timeout": STORAGE_TIMEOUT_SECONDS}
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # a limiter failure past the fallback lets the request through, never a 500
    RATELIMIT_LOGIN = ENV.text("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    RATELIMIT_ACCOUNT = ENV.text("RATELIMIT_ACCOUNT", "5 per minute;20 per hour")
    # Other members' profiles, per signed-in account: a person reads a few a minute; a script walks ids.
    RATELIMIT_PROFILE_VIEWS = ENV.text("RATELIMIT_PROFILE_VIEWS", "20 per minute;200 per day")

    MAIL_BACKEND = ENV.choice("MAIL_BACKEND", "file", MAIL_BACKENDS)
    MAIL_DIR = ENV.text("MAIL_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_FROM = ENV.text("MAIL_FROM", "no-reply@softlanding.example.org")
    MAIL_DELIVER_INLINE = True  # deliver straight after the request commits (no job runner needed)
    SMTP_HOST = ENV.text("SMTP_HOST", "localhost")
    SMTP_PORT = ENV.integer("SMTP_PORT", 25, min=1, max=65535)
    SMTP_USERNAME = ENV.optional("SMTP_USERNAME")
    SMTP_PASSWORD = ENV.optional("SMTP_PASSWORD")
    SMTP_STARTTLS = ENV.boolean("SMTP_STARTTLS", False)
    SMTP_SSL = ENV.boolean("SMTP_SSL", False)
    SMTP_TIMEOUT = ENV.integer("SMTP_TIMEOUT", 10, min=1, max=600)
    MAIL_MAX_ATTEMPTS = ENV.integer("MAIL_MAX_ATTEMPTS", 6, min=1, max=100)
    # Outbox runners claim messages in batches; a claim lapses after this long (a runner that died).
    MAIL_BATCH_SIZE = ENV.integer("MAIL_BATCH_SIZE", 10, min=1, max=10_000)
    MAIL_CLAIM_SECONDS = int(ENV.duration("MAIL_CLAIM_SECONDS", timedelta(minutes=5)).total_seconds())
    # Seconds between job runs (a bare number is seconds; 5m works too).
    JOBS_WORKER_INTERVAL = int(ENV.duration("JOBS_WORKER_INTERVAL", timedelta(minutes=1)).total_seconds())
    DIGEST_WEEKDAY = ENV.integer("DIGEST_WEEKDAY", 0, min=0, max=6)  # organisers' weekly digest: 0 is Monday
    DIGEST_HOUR = ENV.integer("DIGEST_HOUR", 7, min=0, max=23)  # from 07:00 in DEFAULT_TIMEZONE

    DEFAULT_TIMEZONE = "Europe/London"
    ITEMS_PER_PAGE = 20

    # Events: the join link shows this many hours before the start; reminders go at these offsets.
    # The ORGANIZER of calendar invitations: a mailbox the events team reads (never no-reply), because
    # Gmail and Outlook apply an update or cancellation only from an organiser with a real address.
    # Default: events@ the calendar UID domain (production sets that domain to its own).
    CALENDAR_ORGANIZER_EMAIL = ENV.text("CALENDAR_ORGANIZER_EMAIL", f"events@{CALENDAR_UID_DOMAIN}")
    JOIN_LINK_VISIBLE_HOURS = ENV.integer("JOIN_LINK_VISIBLE_HOURS", 24, min=0, max=24 * 14)
    # Minutes in a Zoom or Teams report that count as attending (the import form starts from this).
    ATTENDANCE_MIN_MINUTES = ENV.integer("ATTENDANCE_MIN_MINUTES", 30, min=0, max=24 * 60)
    EVENT_REMINDER_HOURS = ENV.int_list("EVENT_REMINDER_HOURS", (24, 1), min=1, max=24 * 14)

    # Mentoring: open requests a newcomer may have at once; days before an unanswered request expires.
    MENTORING_MAX_OPEN_REQUESTS = ENV.integer("MENTORING_MAX_OPEN_REQUESTS", 3, min=1, max=50)
    MENTORING_REQUEST_EXPIRY_DAYS = ENV.integer("MENTORING_REQUEST_EXPIRY_DAYS", 14, min=1, max=365)

    # Anonymous surveys: the smallest audience (and number of responses before anything is shown).
    # Never below 5: with fewer, a reader who knows who attended can tell answers apart.
    ANONYMOUS_MIN_AUDIENCE = ENV.integer("ANONYMOUS_MIN_AUDIENCE", 8, min=5, max=1000)
    # Days after an interview a member recorded before they are asked, once, how it went.
    INTERVIEW_FOLLOWUP_DAYS = ENV.integer("INTERVIEW_FOLLOWUP_DAYS", 7, min=1, max=180)

    # UK GDPR: who the data controller is and where members write about their data (shown on /privacy).
    PRIVACY_CONTROLLER = ENV.text("PRIVACY_CONTROLLER", "The Soft Landing volunteer committee")
    PRIVACY_CONTACT = ENV.text("PRIVACY_CONTACT", "privacy@softlanding.example.org")
    # Accounts nobody has signed in to for this long are erased, after a warning this long before.
    ACCOUNT_RETENTION = ENV.duration("ACCOUNT_RETENTION_DAYS", timedelta(days=3 * 365), unit="d")
    ACCOUNT_RETENTION_WARNING = ENV.duration("ACCOUNT_RETENTION_WARNING_DAYS", timedelta(days=30), unit="d")
    AUDIT_RETENTION = ENV.duration("AUDIT_RETENTION_DAYS", timedelta(days=2 * 365), unit="d")
    DATA_EXPORT_LIFETIME = timedelta(days=7)  # a "download my data" file, then it is deleted

    @classmethod
    def validate(cls):
        """Refuse configurations that are unsafe for this environment."""


class DevelopmentConfig(Config):
    """Local development on the embedded SQLite database."""

    ENV_NAME = "development"
    DEBUG = ENV.boolean("FLASK_DEBUG", False)


class TestingConfig(Config):
    """Settings for the test suite: fast hashing, no inline delivery surprises, memory rate limits."""

    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = ENV.text("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_KIB = 8
    PASSWORD_HASH_PARALLELISM = 1
    RATELIMIT_STORAGE_URI = "memory://"
    SERVER_NAME = None
    ACCEPT_SIGN_INS_WITHOUT_KEY = True  # tests.conftest.login signs in without the form


class ProductionConfig(Config):
    """Production: PostgreSQL, SMTP, Redis-backed rate limits, secure cookies."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    MAIL_BACKEND = ENV.choice("MAIL_BACKEND", "smtp", MAIL_BACKENDS)
    MAIL_DELIVER_INLINE = ENV.boolean("MAIL_DELIVER_INLINE", False)
    PREFERRED_URL_SCHEME = "https"
    # A database that does not answer fails the request (and /readyz) in seconds, not minutes.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}

    @classmethod
    def validate(cls):
        """Production must have a strong secret, PostgreSQL, shared rate limits, its own public address
        and calendar domain, and debug switched off."""
        problems = []
        secret = ENV.optional("SECRET_KEY") or ""
        if len(secret) < 32:
            problems.append("SECRET_KEY must be set to at least 32 characters")
        database_url = (ENV.optional("DATABASE_URL") or "").strip()
        if not database_url:
            problems.append("DATABASE_URL must be set (postgresql+psycopg://...)")
        elif database_url.lower().startswith("sqlite"):
            problems.append("DATABASE_URL must be PostgreSQL (postgresql+psycopg://...), not SQLite")
        storage = (ENV.optional("RATELIMIT_STORAGE_URI") or "memory://").strip().lower()
        if storage.startswith("memory"):
            problems.append("RATELIMIT_STORAGE_URI must be set to a shared store (redis://host:6379/0), "
                            "not memory://")
        base_url = (ENV.optional("BASE_URL") or "").strip()
        if not base_url:
            problems.append("BASE_URL must be set to the public address (https://...)")
        elif (urlsplit(base_url).hostname or "").lower() in LOCAL_HOSTS:
            problems.append(f"BASE_URL must be the public address, not {base_url!r}")
        uid_domain = (ENV.optional("CALENDAR_UID_DOMAIN") or "").strip().lower()
        if uid_domain in ("", DEFAULT_CALENDAR_UID_DOMAIN):
            problems.append("CALENDAR_UID_DOMAIN must be set to your own domain, not the default "
                            f"{DEFAULT_CALENDAR_UID_DOMAIN!r}")
        if ENV.boolean("FLASK_DEBUG") or cls.DEBUG:
            problems.append("debug must be off (unset FLASK_DEBUG)")
        if problems:
            raise ConfigError("Refusing to start in production: " + "; ".join(problems) + ".")
        cls.SECRET_KEY = secret
        cls.SQLALCHEMY_DATABASE_URI = database_url


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def environment_problems() -> list[str]:
    """Every malformed environment variable, one phrase each, in the order they were read."""
    return list(ENV.problems.values())


def get_config(name: str | None = None) -> type[Config]:
    """Return the config class for SOFTLANDING_ENV (default development); ConfigError names every bad variable."""
    name = name or ENV.text("SOFTLANDING_ENV", "development").strip() or "development"
    problems = environment_problems()
    if name not in CONFIGS:
        problems.insert(0, f"Unknown SOFTLANDING_ENV {name!r}; use one of: {', '.join(CONFIGS)}")
    if problems:
        raise ConfigError("; ".join(problems) + ".")
    return CONFIGS[name]
