"""The one-time reminders of the outcomes page (exam results, interview outcomes): each record is claimed
by a conditional UPDATE before anyone is asked, so two job runners at once ask each member once."""

from datetime import datetime
from typing import Any

from sqlalchemy import update

from softlanding.blueprints.accounts.models import User
from softlanding.core.db import rows_changed
from softlanding.core.extensions import db


def claim_reminder(model: Any, row_id: int, user_id: int, now: datetime) -> User | None:
    """Mark the record reminded unless another runner already has; the member to ask, or None when the
    claim was lost or the member can no longer be asked (suspended, erased)."""
    claimed = db.session.execute(update(model).where(model.id == row_id, model.reminded_at.is_(None))
                                 .values(reminded_at=now).execution_options(synchronize_session=False))
    if rows_changed(claimed) != 1:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_active_account else None
