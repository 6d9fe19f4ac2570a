"""Analysis's part of "download my data": the codes and codings an organiser made (their own work).
Nothing to erase: those rows name the account, which erasure turns into "a former member"."""

from typing import Any

from sqlalchemy import func, select

from softlanding.blueprints.analysis.models import Code, Coding
from softlanding.core.extensions import db


def export(user: Any) -> dict[str, Any]:
    """Codes the member created, and how many codings they made."""
    codes = db.session.scalars(select(Code).where(Code.created_by_id == user.id).order_by(Code.id)).all()
    codings = db.session.scalar(select(func.count()).select_from(Coding).where(Coding.created_by_id == user.id))
    if not codes and not codings:
        return {}
    return {"analysis_work": {"codes_created": [{"name": c.name, "definition": c.definition} for c in codes],
                              "codings_made": codings}}
