"""Users with profiles: real rows through the models, no fixture files."""

import itertools
from datetime import UTC, datetime

from softlanding.blueprints.accounts import passwords
from softlanding.blueprints.accounts.models import User, UserRole
from softlanding.blueprints.profiles.models import Profile
from softlanding.core.extensions import db

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_user(role="newcomer", email=None, password=PASSWORD, verified=True, full_name=None, **profile):
    """A user with a profile; role is one of newcomer, rep, organiser, admin."""
    n = next(_seq)
    user = User(
        full_name=full_name or f"Test Person {n}",
        email=(email or f"person{n}@example.org").lower(),
        password_hash=passwords.hash_password(password),
        email_verified_at=datetime.now(UTC) if verified else None,
    )
    if role and role != "newcomer":
        user.role_rows.append(UserRole(role=role))
    fields = {"display_name": (full_name or f"Person {n}").split()[0], "career_stage": "st1_4",
              "region": "london", "pmq_country": "NG", "languages": ["en"], "timezone": "Europe/London"}
    fields.update(profile)
    user.profile = Profile(**fields)
    db.session.add(user)
    db.session.flush()
    return user
