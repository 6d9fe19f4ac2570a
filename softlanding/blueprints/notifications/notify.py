"""Notifying members: an in-app notification plus an email, as each member's preferences allow.

Every area sends its messages through `notify`, inside the transaction of the change that causes
them (the email goes to the outbox, so a rolled-back change sends nothing). Each kind of message is
declared as a `Kind` by the module that sends it and registered by its domain's `register(app)`,
saying whether members may switch its email off. Optional
kinds carry a signed one-click unsubscribe link for that person and that kind (RFC 8058).
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from flask import Flask, current_app
from itsdangerous import BadSignature, URLSafeSerializer
from itsdangerous.encoding import base64_encode
from sqlalchemy import ColumnElement, Select, Table, insert, inspect, select
from sqlalchemy.sql.selectable import ScalarSelect

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.notifications.models import Notification, NotificationPreference
from softlanding.blueprints.notifications.recipients import load_recipients
from softlanding.core.errors import NotFound
from softlanding.core.extensions import db
from softlanding.core.mailer import external_url, outbox_values, queue_email, queue_emails
from softlanding.core.models import OutboxMessage
from softlanding.core.registry import get_registry

UNSUBSCRIBE_SALT = "softlanding.notifications.unsubscribe"  # tokens for nothing else verify here


@dataclass(frozen=True)
class Kind:
    """A kind of message: its label in the preferences page, group, whether it is optional, and
    which roles see it among their choices (None: everyone)."""

    code: str
    label: str
    group: str
    optional: bool = True
    roles: tuple[str, ...] | None = None
    sensitive: bool = False  # the email carries private text (a mentoring message, a reason): body never shown

    def shown_to(self, user: User) -> bool:
        """Whether this kind belongs on `user`'s preferences page."""
        if not self.roles:
            return True
        return user.has_role(*self.roles) or ("organiser" in self.roles and user.is_organiser)


def add_kinds(app: Flask, kinds: Iterable[Kind]) -> None:
    """Register kinds of message on `app` (a domain's register step); codes are unique."""
    registered = get_registry(app).notification_kinds
    for kind in kinds:
        if kind.code in registered:
            raise ValueError(f"notification kind {kind.code!r} is registered twice")
        registered[kind.code] = kind


def kinds() -> dict[str, Kind]:
    """Every registered kind, by code."""
    return get_registry().notification_kinds


def email_enabled(user: User, kind: str) -> bool:
    """Whether `user` gets emails of `kind` (safety messages always go)."""
    spec = kinds().get(kind)
    if spec is None or not spec.optional:
        return True
    return email_wanted(kind, db.session.scalar(_stored_choice(user.id, kind)))


def _stored_choice(user_id: int | ColumnElement[int], kind: str) -> Select[tuple[bool]]:
    return select(NotificationPreference.email_enabled).where(NotificationPreference.user_id == user_id,
                                                              NotificationPreference.kind == kind)


def email_choice(user_id: int | ColumnElement[int], kind: str) -> ScalarSelect[bool]:
    """SQL for the member's stored choice for `kind` (NULL when they never chose): a scalar subquery, so a
    service that reads something else at the same moment asks both in one statement (see email_wanted)."""
    return _stored_choice(user_id, kind).scalar_subquery()


def email_wanted(kind: str, stored: bool | None) -> bool:
    """email_enabled from the value email_choice read: safety kinds always go, no stored choice means yes."""
    spec = kinds().get(kind)
    if spec is None or not spec.optional or stored is None:
        return True
    return bool(stored)


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


class TokenSigner:
    """Makes unsubscribe tokens: URLSafeSerializer(SECRET_KEY, salt).dumps({"u": id, "k": kind}), the same
    string, with the signing key derived once (per mailing) and one HMAC per token; dumps() derived the key,
    tried to compress the payload and ran the serializer's machinery for every token. Payloads this small
    never compress, so every token, old or new, is read by the same loads()."""

    def __init__(self) -> None:
        self.signer = _serializer().make_signer()
        self.key = self.signer.derive_key()

    def token(self, user_id: int, kind: str) -> str:
        """The signed token for one member and kind."""
        payload = base64_encode(json.dumps({"u": user_id, "k": kind}, separators=(",", ":")))
        signature = base64_encode(self.signer.algorithm.get_signature(self.key, payload))
        return (payload + self.signer.sep + signature).decode("ascii")


def unsubscribe_token(user: Any, kind: str, signer: TokenSigner | None = None) -> str:
    """A signed token that switches off emails of `kind` for `user` only (it never expires)."""
    return (signer or TokenSigner()).token(user.id, kind)


def unsubscribe_link(user: Any, kind: str, signer: TokenSigner | None = None) -> str:
    """The absolute one-click unsubscribe address for `user` and `kind` (`signer`: one for a whole mailing)."""
    return external_url("notifications.unsubscribe", token=unsubscribe_token(user, kind, signer))


def read_unsubscribe_token(token: str) -> tuple[User, Kind]:
    """(user, Kind) for a valid token; NotFound for a forged one, another purpose's, or a safety kind."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        raise NotFound("This unsubscribe link is not valid.") from None
    if not isinstance(data, dict):
        raise NotFound("This unsubscribe link is not valid.")
    code = data.get("k")
    spec = kinds().get(code) if isinstance(code, str) else None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if spec is None or not spec.optional or user is None:
        raise NotFound("This unsubscribe link is not valid.")
    return user, spec


def set_email_enabled(user: User, kind: str, enabled: bool) -> bool:
    """Switch one optional kind on or off for `user` (safety kinds are left as they are)."""
    spec = kinds().get(kind)
    if spec is None or not spec.optional:
        return False
    pref = db.session.scalar(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id,
                                             NotificationPreference.kind == kind)
    )
    if pref is None:
        pref = NotificationPreference(user_id=user.id, kind=kind)
        db.session.add(pref)
    pref.email_enabled = bool(enabled)
    db.session.flush()
    return True


def unsubscribe(token: str) -> tuple[User, Kind]:
    """Switch off the kind named in a signed token; returns (user, Kind)."""
    user, spec = read_unsubscribe_token(token)
    set_email_enabled(user, spec.code, False)
    return user, spec


def save_preferences(user: User, enabled_codes: Iterable[str]) -> None:
    """Store the member's choice: optional kinds in `enabled_codes` on, every other optional kind off."""
    wanted = set(enabled_codes)
    for code, spec in kinds().items():
        if spec.optional and spec.shown_to(user):
            set_email_enabled(user, code, code in wanted)


def preference_groups(user: User) -> list[tuple[str, list[tuple[Kind, bool]]]]:
    """[(group, [(Kind, enabled)])] for the preferences form, groups and kinds in a stable order."""
    stored = dict(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.email_enabled)
        .where(NotificationPreference.user_id == user.id)
    ).tuples().all())
    groups: dict[str, list[tuple[Kind, bool]]] = {}
    for spec in sorted(kinds().values(), key=lambda k: (k.group != "Account", k.group, k.label)):
        if not spec.shown_to(user):
            continue
        enabled = True if not spec.optional else stored.get(spec.code, True)
        groups.setdefault(spec.group, []).append((spec, enabled))
    return list(groups.items())


def notify(user: User, kind: str, subject: str, template: str, *, endpoint: str | None = None,
           values: Mapping[str, Any] | None = None, in_app: bool = True,
           attachments: Iterable[tuple[str, str, bytes | str]] = (), headers: Mapping[str, str] | None = None,
           email: bool | None = None, returning: bool = True, **context: Any) -> OutboxMessage | None:
    """Record an in-app notification and queue an email (if enabled) for one member.

    `template` names email/<template>.txt and .html; `endpoint`/`values` build the link to the
    relevant page, passed to the templates as `link`. Optional kinds get `unsubscribe_link` in the
    context and List-Unsubscribe headers. `email`: whether the member takes this kind's emails, when the
    caller already read it (email_wanted over email_choice); None reads it here. Returns the queued
    OutboxMessage or None; with returning=False the two rows are plain INSERTs (no ORM objects to build
    and flush) and None is returned, for a caller that never touches the message (a booking's reply).
    """
    if kind not in kinds():
        raise ValueError(f"unregistered notification kind {kind!r}")
    link = external_url(endpoint, **(values or {})) if endpoint else ""
    if in_app:
        notice = {"user_id": user.id, "kind": kind, "message": subject[:300], "link": link}
        if returning:
            db.session.add(Notification(**notice))
        else:
            db.session.execute(_NOTICES, notice)
    message = None
    if email_enabled(user, kind) if email is None else email:
        headers = dict(headers or {})
        spec = kinds()[kind]
        if spec.optional:
            unsubscribe = unsubscribe_link(user, kind)
            headers["List-Unsubscribe"] = f"<{unsubscribe}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            context.setdefault("unsubscribe_link", unsubscribe)
            context.setdefault("kind_label", spec.label)
            context.setdefault("preferences_link", external_url("notifications.preferences"))
        mail = {"kind": kind, "user": user, "link": link, "attachments": attachments, "headers": headers,
                "sensitive": not spec.optional or spec.sensitive, **context}
        if returning:
            message = queue_email(user.email, subject, template, **mail)
        else:
            queue_emails([outbox_values(user.email, subject, template, **mail)])
    db.session.flush()
    return message


_NOTICES = insert(cast(Table, Notification.__table__))  # built once (see returning=False above)


def _user_id(user: User) -> int:
    """The id without a query: reading .id of an object expired by a commit would reload it, one by one."""
    identity: tuple[Any, ...] | None = inspect(user).identity
    return int(identity[0]) if identity else user.id


def notify_many(users: Iterable[User], kind: str, subject: str, template: str, *, endpoint: str | None = None,
                values: Mapping[str, Any] | None = None, in_app: bool = True, **context: Any) -> int:
    """notify() for many members at once (an event's attendees, every organiser): the same notification
    and email, personalised per member, with one preference query and the rows inserted in bulk.

    Returns how many emails were queued. Use it wherever one change tells more than a few people.
    The templates get each member as a Recipient (recipients.py): the fields email templates read, all
    loaded in one query; the unsubscribe tokens share one signing key and the plain-text footer one rendering.
    """
    if kind not in kinds():
        raise ValueError(f"unregistered notification kind {kind!r}")
    ids = list(dict.fromkeys(_user_id(user) for user in users))
    if not ids:
        return 0
    people = load_recipients(ids)
    spec = kinds()[kind]
    link = external_url(endpoint, **(values or {})) if endpoint else ""
    off: set[int] = set()
    if spec.optional:
        off = set(db.session.scalars(select(NotificationPreference.user_id).where(
            NotificationPreference.kind == kind, NotificationPreference.email_enabled.is_(False),
            NotificationPreference.user_id.in_(ids))))
    if in_app:
        table = cast(Table, Notification.__table__)  # Core: none of the ORM's per-row bulk bookkeeping
        db.session.execute(insert(table), [
            {"user_id": u.id, "kind": kind, "message": subject[:300], "link": link} for u in people])
    preferences = external_url("notifications.preferences") if spec.optional else ""
    signer = TokenSigner()
    footers: dict[tuple[Any, ...], str] = {}
    rows = []
    for user in people:
        if user.id in off:
            continue
        headers: dict[str, str] = {}
        extra = dict(context)
        if spec.optional:
            unsubscribe = unsubscribe_link(user, kind, signer)
            headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
            extra.setdefault("unsubscribe_link", unsubscribe)
            extra.setdefault("kind_label", spec.label)
            extra.setdefault("preferences_link", preferences)
        rows.append(outbox_values(user.email, subject, template, kind=kind, user=user, link=link, headers=headers,
                                  sensitive=not spec.optional or spec.sensitive, footers=footers, **extra))
    return queue_emails(rows)
