"""Email: render templates, queue in the outbox, deliver to a file folder or over SMTP.

Services call `queue_email`; it only adds an OutboxMessage row to the current transaction, so a
rolled-back change sends nothing. `deliver_pending` sends what is due. In development and tests the
app delivers straight after the commit of each request that queued mail (MAIL_DELIVER_INLINE, in
core.transaction); in production a job runner does it.
"""

import base64
import logging
import smtplib
import ssl
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, g, has_app_context
from sqlalchemy import Select, or_, select, update

from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage

log = logging.getLogger(__name__)

# RFC 5322 allows 998-character lines. Python's default (78) folds long headers and turns a long
# List-Unsubscribe URL into RFC 2047 encoded-words, which mail clients then cannot use (RFC 8058).
MIME_POLICY = email_policy.default.clone(max_line_length=998)


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL built from BASE_URL, never from the request's Host header."""
    base = current_app.config["BASE_URL"].rstrip("/")
    adapter = current_app.url_map.bind("placeholder", url_scheme="https")
    path = adapter.build(endpoint, values, force_external=False)
    return base + path


def render_email(template: str, **context: Any) -> tuple[str, str]:
    """Render `email/<template>.txt` and `.html` into (text, html)."""
    env = current_app.jinja_env
    context.setdefault("platform_name", current_app.config["PLATFORM_NAME"])
    context.setdefault("external_url", external_url)
    text = env.get_template(f"email/{template}.txt").render(**context)
    html = env.get_template(f"email/{template}.html").render(**context)
    if context.get("unsubscribe_link"):
        # Optional kinds: the plain-text part gets the same unsubscribe footer the HTML layout shows.
        footer = env.get_template("email/_unsubscribe.txt").render(**context)
        text = f"{text.rstrip()}\n\n-- \n{footer.strip()}\n"
    return text, html


def queue_email(to: str, subject: str, template: str, *, kind: str, user: Any = None, sensitive: bool = False,
                headers: Mapping[str, str] | None = None, attachments: Iterable[tuple[str, str, bytes | str]] = (),
                **context: Any) -> OutboxMessage:
    """Render a message and add it to the outbox in the current transaction."""
    text, html = render_email(template, subject=subject, user=user, **context)
    message = OutboxMessage(
        kind=kind,
        sensitive=sensitive,
        to_addr=to,
        user_id=user.id if user is not None else None,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=dict(headers or {}),
        attachments=[
            {"filename": name, "mimetype": mimetype,
             "data_b64": base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()}
            for name, mimetype, data in attachments
        ],
        status="pending",
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    if has_app_context():
        g.mail_queued = True
    return message


def build_mime(message: OutboxMessage) -> EmailMessage:
    """The EmailMessage for an outbox row: multipart text + HTML, attachments, headers."""
    cfg = current_app.config
    mime = EmailMessage(policy=MIME_POLICY)
    mime["From"] = formataddr((cfg["PLATFORM_NAME"], cfg["MAIL_FROM"]))
    mime["To"] = message.to_addr
    mime["Subject"] = message.subject
    mime["Message-ID"] = make_msgid(idstring=f"outbox{message.id}", domain=cfg["CALENDAR_UID_DOMAIN"])
    for name, value in (message.headers or {}).items():
        mime[name] = value
    mime.set_content(message.body_text)
    if message.body_html:
        mime.add_alternative(message.body_html, subtype="html")
    for item in message.attachments or []:
        maintype, _, subtype = item["mimetype"].partition("/")
        params = {}
        if ";" in subtype:
            subtype, _, rest = subtype.partition(";")
            for part in rest.split(";"):
                key, _, value = part.strip().partition("=")
                if key:
                    params[key] = value
        mime.add_attachment(
            base64.b64decode(item["data_b64"]), maintype=maintype, subtype=subtype.strip(),
            filename=item["filename"], params=params,
        )
    return mime


class FileBackend:
    """Development and tests: each message becomes an .eml file under MAIL_DIR."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def send(self, message, mime):
        """Write the message to disk and say so on the console (never the body: it may hold links)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{stamp}-{message.id:06d}-{message.kind}.eml"
        path.write_bytes(bytes(mime))
        log.info("mail %s to %s written to %s", message.kind, message.to_addr, path)
        print(f"[mail] {message.kind}: '{message.subject}' to {message.to_addr} -> {path}")


class SMTPBackend:
    """Production: deliver over SMTP with the configured host, port, TLS and credentials."""

    def __init__(self, cfg):
        self.cfg = cfg

    def send(self, message, mime):
        """Send one message; raises on any SMTP or network failure."""
        cfg = self.cfg
        client: smtplib.SMTP  # either kind: SMTP_SSL subclasses SMTP
        if cfg["SMTP_SSL"]:
            client = smtplib.SMTP_SSL(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"],
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"])
        with client:
            if cfg["SMTP_STARTTLS"]:
                client.starttls(context=ssl.create_default_context())
            if cfg["SMTP_USERNAME"]:
                client.login(cfg["SMTP_USERNAME"], cfg["SMTP_PASSWORD"] or "")
            client.send_message(mime)


def get_backend():
    """The configured delivery backend."""
    cfg = current_app.config
    if cfg["MAIL_BACKEND"] == "smtp":
        return SMTPBackend(cfg)
    return FileBackend(cfg["MAIL_DIR"])


def backoff(attempts: int) -> timedelta:
    """Delay before the next try: 1, 2, 4, 8 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _due(now):
    """Pending messages whose time has come, or claims that lapsed (a runner died mid-send)."""
    return or_(
        (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == "sending") & (OutboxMessage.claimed_until < now),
    )


def due_messages_query(now: datetime, limit: int) -> Select[tuple[OutboxMessage]]:
    """Pending messages whose time has come (or whose claim has lapsed), oldest first."""
    return select(OutboxMessage).where(_due(now)).order_by(OutboxMessage.id).limit(limit)


def claim_lease() -> timedelta:
    """How long a claim keeps other runners off a message: long enough to send a whole batch."""
    cfg = current_app.config
    return timedelta(seconds=max(cfg["MAIL_CLAIM_SECONDS"], 3 * cfg["SMTP_TIMEOUT"] * cfg["MAIL_BATCH_SIZE"]))


def claim_due_messages(now: datetime, limit: int, exclude: Iterable[int] = ()) -> list[int]:
    """Claim up to `limit` due messages for this runner, commit the claim, return their ids.

    PostgreSQL: the candidates are locked with FOR UPDATE SKIP LOCKED, so a second runner passes
    over them instead of waiting. SQLite: writers (jobs, CLI, state-changing requests) begin with
    BEGIN IMMEDIATE, so claims are serialised. On both, the UPDATE repeats the due condition and only rows it changed (RETURNING)
    count as ours, so a row can never be claimed by two runners.
    """
    candidates = select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
    if exclude:
        candidates = candidates.where(OutboxMessage.id.not_in(list(exclude)))
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = db.session.scalars(candidates).all()
    claimed: Sequence[int] = []
    if ids:
        until = max(now, utcnow()) + claim_lease()
        claimed = db.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), _due(now))
            .values(status="sending", claimed_until=until)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).all()
    db.session.commit()  # the claim is durable (and SQLite's write lock released) before sending
    return sorted(claimed)


def _send(backend, message, mime):
    """Hand one message to the backend; returns '' or the error (never raises)."""
    try:
        backend.send(message, mime)
    except Exception as exc:  # any delivery failure is recorded, never raised to the user
        return f"{type(exc).__name__}: {exc}"[:500]
    return ""


def _record(message, error):
    """Store the outcome of one attempt: sent, or the error and the next try (or failed)."""
    message.attempts += 1
    message.claimed_until = None
    if not error:
        message.status, message.sent_at, message.last_error = "sent", utcnow(), ""
        return True
    message.last_error = error
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = "failed"
    else:
        message.status = "pending"
        message.next_attempt_at = utcnow() + backoff(message.attempts)
    log.warning("mail %s attempt %s failed: %s", message.id, message.attempts, error.partition(":")[0])
    return False


def deliver_message(message: OutboxMessage, backend: Any = None) -> bool:
    """Try to send one message, recording success, or the error and the next attempt."""
    return _record(message, _send(backend or get_backend(), message, build_mime(message)))


def deliver_pending(limit: int = 100, now: datetime | None = None) -> int:
    """Claim and send due messages, committing each result; returns how many were sent.

    Commits: first the claim, then each message's outcome, so a crash mid-batch leaves the rest
    claimed only until their lease lapses, and a sent message is never sent again by this runner.
    No transaction is open while the SMTP server is talking (on SQLite that would hold the write
    lock and stall every request). Callers' pending changes are committed with the claim.
    """
    now = now or utcnow()
    backend = get_backend()
    sent = 0
    tried: set[int] = set()
    while len(tried) < limit:
        batch = claim_due_messages(now, min(current_app.config["MAIL_BATCH_SIZE"], limit - len(tried)),
                                   exclude=tried)
        if not batch:
            break
        for message_id in batch:
            tried.add(message_id)
            message = db.session.get(OutboxMessage, message_id)
            if message is None:  # deleted since this runner claimed it: nothing to send
                continue
            mime = build_mime(message)
            db.session.expunge(message)  # keeps its loaded values after the commit below
            db.session.commit()
            error = _send(backend, message, mime)
            sent += _record(db.session.get(OutboxMessage, message_id), error)
            db.session.commit()
    return sent
