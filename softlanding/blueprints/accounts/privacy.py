"""Download my data: every domain's exporter gives its part; a job builds the zip (a JSON file per area
and a README); the member is told when it is ready; the file is deleted after DATA_EXPORT_LIFETIME.

Each domain registers `registry.add_privacy(area, exporter, eraser)` in its register(app); an exporter
returns {file stem: JSON-able data} about that one member, holding nothing about other members beyond
what the member could already see (names of their mentor, hosts of events they booked).
"""

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from softlanding.blueprints.accounts.models import DataExport, User
from softlanding.core import audit
from softlanding.core.db import rows_changed, utcnow
from softlanding.core.errors import Conflict, NotFound, PermissionDenied
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from softlanding.core.registry import get_registry

README = """Your data from {platform}
{line}

Made on {made} (UTC) for member number {user_id}.

Each file holds one area of the platform, as JSON (UTF-8); times are in UTC (ISO 8601).
{files}

Anonymous survey answers are not here: they are not linked to you, by design.
This file is deleted from the platform on {expires} (UTC). Questions: {contact}
"""


def when(value: datetime | None) -> str | None:
    """A timestamp as ISO 8601 (UTC), for exporters."""
    return value.isoformat() if value is not None else None


def export_account(user: User) -> dict[str, Any]:
    """Accounts' part: the account, sign-ins, and the log of emails sent (subjects and dates only)."""
    mails = db.session.execute(
        select(OutboxMessage.subject, OutboxMessage.kind, OutboxMessage.created_at, OutboxMessage.sent_at,
               OutboxMessage.status).where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id)).all()
    return {
        "account": {
            "member_number": user.id, "full_name": user.full_name, "email": user.email,
            "email_confirmed_at": when(user.email_verified_at), "joined_at": when(user.created_at),
            "last_signed_in_at": when(user.last_login_at), "roles": sorted(user.roles),
            "suspended_at": when(user.suspended_at),
        },
        "sent_mail": [{"subject": m.subject, "kind": m.kind, "queued_at": when(m.created_at),
                       "sent_at": when(m.sent_at), "status": m.status} for m in mails],
    }


def build_zip(user: User, now: datetime, expires: datetime) -> bytes:
    """The zip of every registered area's files plus a README."""
    files: dict[str, Any] = {}
    for exporter in get_registry().exporters.values():
        for stem, data in exporter(user).items():
            files[f"{stem}.json"] = data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, json.dumps(data, ensure_ascii=False, indent=2, default=str))
        cfg = current_app.config
        archive.writestr("README.txt", README.format(
            platform=cfg["PLATFORM_NAME"], line="=" * (15 + len(cfg["PLATFORM_NAME"])), made=now.isoformat(),
            user_id=user.id, files="\n".join(f"- {name}" for name in sorted(files)),
            expires=expires.isoformat(), contact=cfg["PRIVACY_CONTACT"]))
    return buffer.getvalue()


def request_export(user: User, requested_by: User) -> DataExport:
    """Ask for a data file for `user` (by themselves, or by an admin for a subject access request)."""
    if requested_by.id != user.id and not requested_by.is_admin:
        raise PermissionDenied("Only admins export another member's data.")
    if user.erased_at is not None:
        raise Conflict("This account has been erased; there is nothing left to export.")
    pending = db.session.scalar(select(DataExport.id).where(DataExport.user_id == user.id,
                                                            DataExport.ready_at.is_(None)))
    if pending is not None:
        raise Conflict("A data file is already being made; you will be told when it is ready.")
    export = DataExport(user_id=user.id, requested_by_id=requested_by.id)
    db.session.add(export)
    db.session.flush()
    audit.record("data_exported", "user", user.id, "by_admin" if requested_by.id != user.id else "self")
    return export


def exports_of(user: User) -> list[DataExport]:
    """The member's data files that are waiting or ready (not expired), newest first."""
    return list(db.session.scalars(select(DataExport).where(DataExport.user_id == user.id)
                                   .order_by(DataExport.id.desc())))


def download(viewer: User, export_id: int, now: datetime | None = None) -> tuple[DataExport, bytes]:
    """The file, for its member or (subject access requests) an admin; NotFound once expired."""
    export = db.session.get(DataExport, export_id)
    if export is None or (export.user_id != viewer.id and not viewer.is_admin):
        raise NotFound("No such file.")
    if export.ready_at is None or export.content is None or (export.expires_at or now or utcnow()) <= (now or utcnow()):
        raise NotFound("This file is not ready or has expired.")
    return export, export.content


def make_exports(now: datetime) -> int:
    """Job: build the files asked for, tell each member (or the admin who asked), delete expired ones."""
    from softlanding.blueprints.accounts.people import notice

    made = 0
    lifetime = current_app.config["DATA_EXPORT_LIFETIME"]
    for export_id in db.session.scalars(select(DataExport.id).where(DataExport.ready_at.is_(None))
                                        .order_by(DataExport.id)).all():
        # Claim: only the runner whose UPDATE changes the row builds it (two runners at once).
        claimed = rows_changed(db.session.execute(
            update(DataExport).where(DataExport.id == export_id, DataExport.ready_at.is_(None))
            .values(ready_at=now, expires_at=now + lifetime)))
        export = db.session.get(DataExport, export_id)
        user = db.session.get(User, export.user_id) if claimed == 1 and export is not None else None
        if export is None or user is None:
            continue
        export.content = build_zip(user, now, now + lifetime)
        asker = db.session.get(User, export.requested_by_id) if export.requested_by_id else None
        recipient = asker if asker is not None and asker.erased_at is None else user
        mine = recipient.id == user.id
        notice(recipient, "Your data file is ready" if mine else f"Data file ready: member {user.id}",
               f"The data file you asked for is ready. Download it from "
               f"{'your settings page' if mine else 'the member page'} within {lifetime.days} days; after that "
               "it is deleted.", link_endpoint="profiles.settings" if mine else "accounts.member",
               link_label="Download it", **({} if mine else {"user_id": user.id}))
        made += 1
        db.session.flush()
    expired = rows_changed(db.session.execute(
        update(DataExport).where(DataExport.expires_at <= now, DataExport.content.is_not(None)).values(content=None)))
    db.session.flush()
    return made + expired
