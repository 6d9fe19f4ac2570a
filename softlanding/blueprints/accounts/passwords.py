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


MIN_SCORE = 3  # zxcvbn's "safely unguessable: moderate protection from offline attacks"
# Words of this site and trade: the first things someone guessing a member's password would try.
SITE_WORDS = ("soft landing", "softlanding", "paediatric", "paediatrics", "paediatrician", "pediatric",
              "pediatrician", "paeds", "peds", "nhs", "img", "imgs", "rcpch", "mrcpch", "mentor", "mentee",
              "doctor", "registrar", "consultant", "hospital", "children", "child", "baby")
WHY = ("Choose a password that is hard to guess: three or four unrelated words work well "
       "(for example a phrase about something only you would think of).")


def _user_inputs(email: str, name: str) -> list[str]:
    """The person's own words (name, parts of the email) and the site's, as zxcvbn's dictionary."""
    words = [*SITE_WORDS]
    if name:
        words += [name.lower(), name.lower().replace(" ", ""), *name.lower().split()]
    if email:
        local, _, domain = email.lower().partition("@")
        words += [email.lower(), local, *local.replace(".", " ").replace("_", " ").split(), domain.split(".")[0]]
    return [w for w in words if w]


def _estimate(password: str, email: str, name: str) -> dict:
    from zxcvbn import zxcvbn  # heavy (see common_passwords): loaded on first use

    # zxcvbn's time grows with the length; the policy allows 128, the estimate reads the first 64.
    return zxcvbn(password[:64], user_inputs=_user_inputs(email, name))


def check_policy(password: str, *, email: str = "", name: str = "") -> None:
    """Raise ValidationError if the password is too short, too long, too common or easy to guess
    (zxcvbn score below MIN_SCORE, given the person's name, email and this site's words)."""
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
    result = _estimate(password, email, name)
    if result["score"] < MIN_SCORE:
        warning = (result.get("feedback") or {}).get("warning") or \
            "It is close to words that are easy to guess: your name, your email, or this site's."
        raise ValidationError(f"This password is too easy to guess. {warning} {WHY}", field="password")


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
