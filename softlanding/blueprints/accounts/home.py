"""Home panel of the accounts domain for admins: accounts switched off, addresses never confirmed,
and how many hold each role. Three counting queries, whatever the number of members."""

from datetime import timedelta

from sqlalchemy import func, select

from softlanding.blueprints.accounts.models import User, UserRole
from softlanding.core.db import utcnow
from softlanding.core.extensions import db

UNCONFIRMED_DAYS = 7


def people(user):
    """Figures an admin acts on, each linking to the members page."""
    inactive = db.session.scalar(select(func.count()).select_from(User)
                                 .where(User.is_active_account.is_(False))) or 0
    unconfirmed = db.session.scalar(select(func.count()).select_from(User).where(
        User.email_verified_at.is_(None), User.created_at < utcnow() - timedelta(days=UNCONFIRMED_DAYS))) or 0
    roles = dict(db.session.execute(select(UserRole.role, func.count()).group_by(UserRole.role)).tuples().all())
    return {"inactive": inactive, "unconfirmed": unconfirmed, "roles": sorted(roles.items()),
            "unconfirmed_days": UNCONFIRMED_DAYS}


def register_panels(registry):
    """Add this domain's home panel and tools."""
    registry.add_home_panel("accounts.people", "admin", people, "accounts/_home_people.html", 10)
    registry.add_tool("Reference lists", "accounts.lists", "organiser", 80)
    registry.add_tool("Members and roles", "accounts.users", "admin", 85)
