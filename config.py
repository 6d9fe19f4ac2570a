"""Configuration classes, chosen by SOFTLANDING_ENV (development, testing, production)."""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _bool(name, default=False):
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe to start with."""


class Config:
    """Settings shared by every environment; each can be overridden by an environment variable."""

    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-key-not-for-production-use")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'softlanding.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    DEBUG = False
    TESTING = False

    # Public address used in emails and calendar feeds, and the fixed domain for calendar UIDs:
    # neither ever comes from the request's Host header.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "softlanding.example.org")
    PLATFORM_NAME = "Soft Landing"

    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024))
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=int(os.environ.get("REMEMBER_DAYS", 30)))
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    HSTS = False

    # argon2id; RFC 9106's second recommended option (64 MiB, 3 passes).
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_KIB = 65536
    PASSWORD_HASH_PARALLELISM = 4

    EMAIL_VERIFY_MAX_AGE = timedelta(days=3)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=1)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    RATELIMIT_ACCOUNT = os.environ.get("RATELIMIT_ACCOUNT", "5 per minute;20 per hour")

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")  # file | smtp
    MAIL_DIR = os.environ.get("MAIL_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@softlanding.example.org")
    MAIL_DELIVER_INLINE = True  # deliver straight after the request commits (no job runner needed)
    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", 25))
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_STARTTLS = _bool("SMTP_STARTTLS", False)
    SMTP_SSL = _bool("SMTP_SSL", False)
    SMTP_TIMEOUT = int(os.environ.get("SMTP_TIMEOUT", 10))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", 6))
    # Outbox runners claim messages in batches; a claim lapses after this long (a runner that died).
    MAIL_BATCH_SIZE = int(os.environ.get("MAIL_BATCH_SIZE", 10))
    MAIL_CLAIM_SECONDS = int(os.environ.get("MAIL_CLAIM_SECONDS", 300))
    JOBS_WORKER_INTERVAL = int(os.environ.get("JOBS_WORKER_INTERVAL", 60))  # seconds between runs
    DIGEST_WEEKDAY = int(os.environ.get("DIGEST_WEEKDAY", 0))  # organisers' weekly digest: Monday
    DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", 7))  # from 07:00 in DEFAULT_TIMEZONE

    DEFAULT_TIMEZONE = "Europe/London"
    ITEMS_PER_PAGE = 20

    # Events: the join link shows this many hours before the start; reminders go at these offsets.
    JOIN_LINK_VISIBLE_HOURS = int(os.environ.get("JOIN_LINK_VISIBLE_HOURS", 24))
    EVENT_REMINDER_HOURS = tuple(int(h) for h in os.environ.get("EVENT_REMINDER_HOURS", "24,1").split(",") if h.strip())

    # Mentoring: open requests a newcomer may have at once; days before an unanswered request expires.
    MENTORING_MAX_OPEN_REQUESTS = int(os.environ.get("MENTORING_MAX_OPEN_REQUESTS", 3))
    MENTORING_REQUEST_EXPIRY_DAYS = int(os.environ.get("MENTORING_REQUEST_EXPIRY_DAYS", 14))

    @classmethod
    def validate(cls):
        """Refuse configurations that are unsafe for this environment."""


class DevelopmentConfig(Config):
    """Local development on the embedded SQLite database."""

    ENV_NAME = "development"
    DEBUG = _bool("FLASK_DEBUG", False)


class TestingConfig(Config):
    """Settings for the test suite: fast hashing, no inline delivery surprises, memory rate limits."""

    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_KIB = 8
    PASSWORD_HASH_PARALLELISM = 1
    RATELIMIT_STORAGE_URI = "memory://"
    SERVER_NAME = None


class ProductionConfig(Config):
    """Production: PostgreSQL, SMTP, Redis-backed rate limits, secure cookies."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_DELIVER_INLINE = _bool("MAIL_DELIVER_INLINE", False)
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def validate(cls):
        """Production must have a strong secret, a real database and debug switched off."""
        problems = []
        secret = os.environ.get("SECRET_KEY", "")
        if len(secret) < 32:
            problems.append("SECRET_KEY must be set to at least 32 characters")
        if not os.environ.get("DATABASE_URL"):
            problems.append("DATABASE_URL must be set (postgresql+psycopg://...)")
        if _bool("FLASK_DEBUG") or cls.DEBUG:
            problems.append("debug must be off (unset FLASK_DEBUG)")
        if problems:
            raise ConfigError("Refusing to start in production: " + "; ".join(problems) + ".")
        cls.SECRET_KEY = secret
        cls.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name=None):
    """Return the config class for SOFTLANDING_ENV (default development)."""
    name = name or os.environ.get("SOFTLANDING_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(
            f"Unknown SOFTLANDING_ENV {name!r}; use one of: {', '.join(CONFIGS)}."
        ) from None
