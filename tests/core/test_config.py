"""Configuration: the environment chooses it; production refuses unsafe settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from config import Config, ConfigError, DevelopmentConfig, ProductionConfig, TestingConfig, get_config

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_VARIABLES = ("SECRET_KEY", "DATABASE_URL", "FLASK_DEBUG", "RATELIMIT_STORAGE_URI", "BASE_URL",
                        "CALENDAR_UID_DOMAIN", "PORT", "TRUSTED_PROXIES")
# Everything production needs; each refusal test spoils one of them. Nothing connects at start-up.
SAFE = {"SECRET_KEY": "k" * 40, "DATABASE_URL": "postgresql+psycopg://x@127.0.0.1:1/x",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0", "BASE_URL": "https://softlanding.nhs-img.example",
        "CALENDAR_UID_DOMAIN": "softlanding.nhs-img.example"}


def test_environment_chooses_the_config(monkeypatch):
    monkeypatch.delenv("SOFTLANDING_ENV", raising=False)
    assert get_config() is DevelopmentConfig
    assert get_config("testing") is TestingConfig
    assert get_config("production") is ProductionConfig
    with pytest.raises(ConfigError, match="Unknown SOFTLANDING_ENV"):
        get_config("staging")


def _start_production(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    env.update({"SOFTLANDING_ENV": "production", **env_overrides})
    return subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("overrides, message", [
    ({"DATABASE_URL": "postgresql+psycopg://x@127.0.0.1/x"}, "SECRET_KEY must be set to at least 32"),
    ({"SECRET_KEY": "short", "DATABASE_URL": "postgresql+psycopg://x@127.0.0.1/x"}, "SECRET_KEY must be set"),
    ({"SECRET_KEY": "k" * 40}, "DATABASE_URL must be set"),
    ({"SECRET_KEY": "k" * 40, "DATABASE_URL": "postgresql+psycopg://x@127.0.0.1/x", "FLASK_DEBUG": "1"},
     "debug must be off"),
])
def test_production_refuses_to_start_when_unsafe(overrides, message):
    result = _start_production(overrides)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("overrides, message", [
    ({"DATABASE_URL": "sqlite:////srv/softlanding.db"}, "DATABASE_URL must be PostgreSQL"),
    ({"RATELIMIT_STORAGE_URI": None}, "RATELIMIT_STORAGE_URI must be set to a shared store"),
    ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI must be set to a shared store"),
    ({"BASE_URL": None}, "BASE_URL must be set"),
    ({"BASE_URL": "http://127.0.0.1:5000"}, "BASE_URL must be the public address, not 'http://127.0.0.1:5000'"),
    ({"BASE_URL": "http://localhost:8000"}, "BASE_URL must be the public address"),
    ({"CALENDAR_UID_DOMAIN": None}, "CALENDAR_UID_DOMAIN must be set to your own domain"),
    ({"CALENDAR_UID_DOMAIN": "softlanding.example.org"}, "CALENDAR_UID_DOMAIN must be set to your own domain"),
    ({"SMTP_PORT": "abc"}, "SMTP_PORT must be a whole number from 1 to 65535 (got 'abc')"),
    ({"TRUSTED_PROXIES": "one"}, "TRUSTED_PROXIES must be a whole number from 0 to 5 (got 'one')"),
])
def test_production_refuses_each_unsafe_setting_in_one_line(overrides, message):
    env = {**SAFE, **overrides}
    result = _start_production({k: v for k, v in env.items() if v is not None})
    assert result.returncode == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Soft Landing cannot start:"), result.stderr
    assert message in lines[0]


def test_production_starts_with_safe_settings_and_secure_cookies():
    result = _start_production(SAFE)
    assert result.returncode == 0, result.stderr
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.HSTS


def test_links_follow_the_port_make_run_serves_on(tmp_path):
    """`PORT=8000 make run` used to write links to port 5000."""
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    code = "from config import Config; print(Config.BASE_URL)"
    read = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "PORT": "8000"},
                          capture_output=True, text=True, timeout=60)
    assert read.stdout.strip() == "http://127.0.0.1:8000", read.stderr
    # What the Makefile exports to `flask run` (a throwaway target echoes it; nothing is installed or run).
    exported = subprocess.run(["make", "--no-print-directory", "--eval", "print-base-url: ; @echo $$BASE_URL",
                               "print-base-url", "PORT=8000"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
    assert exported.stdout.strip() == "http://127.0.0.1:8000", exported.stderr
    dry_run = subprocess.run(["make", "-n", "run", "PORT=8000"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert "--port 8000" in dry_run.stdout


def test_production_password_hashing_is_argon2id_with_strong_parameters(app):
    # The testing config lowers the cost for speed; production keeps RFC 9106's recommended option.
    assert Config.PASSWORD_HASH_MEMORY_KIB >= 65536 and Config.PASSWORD_HASH_TIME_COST >= 3
    assert ProductionConfig.PASSWORD_HASH_MEMORY_KIB == Config.PASSWORD_HASH_MEMORY_KIB
    hasher = PasswordHasher(time_cost=Config.PASSWORD_HASH_TIME_COST,
                            memory_cost=Config.PASSWORD_HASH_MEMORY_KIB,
                            parallelism=Config.PASSWORD_HASH_PARALLELISM)
    encoded = hasher.hash("a long enough password")
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_cookie_and_session_settings():
    assert Config.SESSION_COOKIE_HTTPONLY and Config.REMEMBER_COOKIE_HTTPONLY
    assert Config.SESSION_COOKIE_SAMESITE == "Lax" and Config.REMEMBER_COOKIE_SAMESITE == "Lax"
    assert Config.REMEMBER_COOKIE_DURATION.days <= 30
    assert Config.MAX_CONTENT_LENGTH and Config.MAX_CONTENT_LENGTH <= 10 * 1024 * 1024
