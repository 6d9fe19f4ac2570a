"""Password policy (NIST SP 800-63B style) and argon2id hashing."""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from softlanding.core.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 128


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords that zxcvbn ships, lower-cased."""
    # Imported here, not at the top: zxcvbn's lists take about 13 MB that a process needs only once
    # someone chooses a password (a heavy dependency kept out of every worker's start-up).
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def check_policy(password: str, *, email: str = "", name: str = "") -> None:
    """Raise ValidationError if the password is too short, too long or too common."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"Use at least {MIN_LENGTH} characters.", field="password")
    if len(password) > MAX_LENGTH:
        raise ValidationError(f"Use at most {MAX_LENGTH} characters.", field="password")
    lowered = password.lower()
    if lowered in common_passwords():
        raise ValidationError(
            "This password is one of the most commonly used; choose another.", field="password"
        )
    if email and lowered == email.lower():
        raise ValidationError("Do not use your email address as your password.", field="password")


def _hasher():
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["PASSWORD_HASH_TIME_COST"],
        memory_cost=cfg["PASSWORD_HASH_MEMORY_KIB"],
        parallelism=cfg["PASSWORD_HASH_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """An argon2id hash with the configured cost."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if the password matches the stored hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True if the hash was made with other parameters than the current ones."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def dummy_verify() -> None:
    """Spend the same time as a real check, so unknown emails are not revealed by timing."""
    verify_password(_dummy_hash(), "not the password")


@lru_cache(maxsize=4)
def _dummy_hash_for(params):
    return _hasher().hash("a dummy password for timing")


def _dummy_hash():
    cfg = current_app.config
    return _dummy_hash_for(
        (cfg["PASSWORD_HASH_TIME_COST"], cfg["PASSWORD_HASH_MEMORY_KIB"], cfg["PASSWORD_HASH_PARALLELISM"])
    )
