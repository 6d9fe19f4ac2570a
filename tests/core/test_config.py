"""Configuration: the environment chooses it; production refuses unsafe settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from config import Config, ConfigError, DevelopmentConfig, ProductionConfig, TestingConfig, get_config

ROOT = Path(__file__).resolve().parents[2]


def test_environment_chooses_the_config(monkeypatch):
    monkeypatch.delenv("SOFTLANDING_ENV", raising=False)
    assert get_config() is DevelopmentConfig
    assert get_config("testing") is TestingConfig
    assert get_config("production") is ProductionConfig
    with pytest.raises(ConfigError, match="Unknown SOFTLANDING_ENV"):
        get_config("staging")


def _start_production(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL", "FLASK_DEBUG")}
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


def test_production_starts_with_safe_settings_and_secure_cookies():
    result = _start_production({"SECRET_KEY": "k" * 40, "DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode == 0, result.stderr
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.HSTS


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
