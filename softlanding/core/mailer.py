"""Email: render templates, queue in the outbox, deliver to a file folder or over SMTP.

Services call `queue_email`; it only adds an OutboxMessage row to the current transaction, so a
rolled-back change sends nothing. `deliver_pending` sends what is due (core.delivery; MIME in
core.mime). In development and tests the app delivers straight after the commit of each request
that queued mail (MAIL_DELIVER_INLINE, in core.transaction); in production a job runner does it.
"""

import base64
from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, g, has_app_context
from jinja2 import meta
from sqlalchemy import insert

from softlanding.core.db import utcnow
from softlanding.core.delivery import DeliveryReport, backoff, deliver_due, deliver_pending, get_backend
from softlanding.core.extensions import db
from softlanding.core.mail_claims import OUTBOX
from softlanding.core.mime import MIME_POLICY, MailRow, build_mime, message_id_header
from softlanding.core.models import OutboxMessage
from softlanding.core.smtp import FileBackend, SMTPBackend

# Delivery and MIME live in their own modules; callers keep importing them from here.
__all__ = ["MIME_POLICY", "DeliveryReport", "FileBackend", "MailRow", "SMTPBackend", "backoff", "build_mime",
           "deliver_due", "deliver_pending", "external_url", "get_backend", "message_id_header", "outbox_values",
           "queue_email", "queue_emails", "render_email"]


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL built from BASE_URL, never from the request's Host header."""
    base = current_app.config["BASE_URL"].rstrip("/")
    adapter = current_app.extensions.get("softlanding.url_adapter")
    if adapter is None:  # one per app: binding one costs more than building a URL, and a mailing builds thousands
        adapter = current_app.extensions["softlanding.url_adapter"] = current_app.url_map.bind("x", url_scheme="https")
    path = adapter.build(endpoint, values, force_external=False)
    return base + path


FOOTER_TEMPLATE = "email/_unsubscribe.txt"
_LINK_MARK = "\x00unsubscribe-link\x00"  # where a mailing's footer, rendered once, takes each member's link


def render_email(template: str, *, footers: dict[tuple[Any, ...], str] | None = None,
                 **context: Any) -> tuple[str, str]:
    """Render `email/<template>.txt` and `.html` into (text, html).

    `footers`: a dict kept for one mailing (notify_many), where the plain-text unsubscribe footer is
    rendered once and each member's link put in (the same text as rendering it for each member)."""
    env = current_app.jinja_env
    context.setdefault("platform_name", current_app.config["PLATFORM_NAME"])
    context.setdefault("external_url", external_url)
    text = env.get_template(f"email/{template}.txt").render(**context)
    html = env.get_template(f"email/{template}.html").render(**context)
    if context.get("unsubscribe_link"):
        # Optional kinds: the plain-text part gets the same unsubscribe footer the HTML layout shows.
        footer = _footer(context, footers)
        text = f"{text.rstrip()}\n\n-- \n{footer}\n"
    return text, html


def _footer(context: dict[str, Any], kept: dict[tuple[Any, ...], str] | None) -> str:
    """The plain-text unsubscribe footer for `context`, from `kept` when the footer allows it."""
    env = current_app.jinja_env
    link = context["unsubscribe_link"]
    if kept is None or not _footer_is_shared(env):
        return env.get_template(FOOTER_TEMPLATE).render(**context).strip()
    key = tuple(context.get(name) for name in sorted(FOOTER_NAMES - {"unsubscribe_link"}))
    shared = kept.get(key)
    if shared is None:
        own = env.get_template(FOOTER_TEMPLATE).render(**context).strip()
        marked = env.get_template(FOOTER_TEMPLATE).render(**{**context, "unsubscribe_link": _LINK_MARK}).strip()
        # The first member's footer, made both ways: if the link is not put in as it is, never share it.
        kept[key] = shared = marked if marked.replace(_LINK_MARK, link) == own else ""
        return own
    return shared.replace(_LINK_MARK, link) if shared else env.get_template(FOOTER_TEMPLATE).render(**context).strip()


FOOTER_NAMES = frozenset({"kind_label", "platform_name", "unsubscribe_link", "preferences_link"})


def _footer_is_shared(env: Any) -> bool:
    """Whether the footer template reads nothing but FOOTER_NAMES (so one rendering serves a whole mailing)."""
    shared = current_app.extensions.get("softlanding.footer_shared")
    if shared is None:
        source = env.loader.get_source(env, FOOTER_TEMPLATE)[0]
        shared = meta.find_undeclared_variables(env.parse(source)) <= FOOTER_NAMES
        current_app.extensions["softlanding.footer_shared"] = shared
    return bool(shared)


def outbox_values(to: str, subject: str, template: str, *, kind: str, user: Any = None, sensitive: bool = False,
                  headers: Mapping[str, str] | None = None,
                  attachments: Iterable[tuple[str, str, bytes | str]] = (),
                  footers: dict[tuple[Any, ...], str] | None = None, **context: Any) -> dict[str, Any]:
    """A rendered message as the column values of one outbox row (for queue_email and queue_emails)."""
    text, html = render_email(template, subject=subject, user=user, footers=footers, **context)
    return {
        "kind": kind, "sensitive": sensitive, "to_addr": to, "user_id": user.id if user is not None else None,
        "subject": subject, "body_text": text, "body_html": html, "headers": dict(headers or {}),
        "attachments": [
            {"filename": name, "mimetype": mimetype,
             "data_b64": base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()}
            for name, mimetype, data in attachments
        ],
        "status": "pending", "next_attempt_at": utcnow(),
    }


def queue_email(to: str, subject: str, template: str, *, kind: str, user: Any = None, sensitive: bool = False,
                headers: Mapping[str, str] | None = None, attachments: Iterable[tuple[str, str, bytes | str]] = (),
                **context: Any) -> OutboxMessage:
    """Render a message and add it to the outbox in the current transaction."""
    message = OutboxMessage(**outbox_values(to, subject, template, kind=kind, user=user, sensitive=sensitive,
                                            headers=headers, attachments=attachments, **context))
    db.session.add(message)
    db.session.flush()
    if has_app_context():
        g.mail_queued = True
    return message


def queue_emails(rows: list[dict[str, Any]]) -> int:
    """Add many rendered messages (outbox_values) to the outbox in one multi-row INSERT; returns how many."""
    if not rows:
        return 0
    db.session.execute(insert(OUTBOX), rows)  # Core: none of the ORM's per-row bulk bookkeeping
    if has_app_context():
        g.mail_queued = True
    return len(rows)


