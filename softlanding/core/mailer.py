"""Email: render templates, queue in the outbox, deliver to a file folder or over SMTP.

Services call `queue_email`; it only adds an OutboxMessage row to the current transaction, so a
rolled-back change sends nothing. `deliver_pending` sends what is due. In development and tests the
app delivers straight after the commit of each request that queued mail (MAIL_DELIVER_INLINE, in
core.transaction); in production a job runner does it.
"""

import base64
import functools
import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import policy as email_policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any, cast

from flask import current_app, g, has_app_context
from sqlalchemy import Table, insert, update

from softlanding.core.db import rows_changed, utcnow
from softlanding.core.extensions import db
from softlanding.core.mail_claims import Claim, claim_due_messages, release_claims, renew_claim
from softlanding.core.models import OutboxMessage
from softlanding.core.smtp import ConnectionFailed, FileBackend, SMTPBackend, is_permanent

log = logging.getLogger(__name__)



class _RepeatedHeaders(HeaderRegistry):
    """The policy's header parser, remembering what it parsed lately: parsing was most of building a message,
    and most headers repeat in every message (From, MIME-Version, each part's Content-Type and -Transfer-
    Encoding) or mailing (Subject, Date). Parsed headers are immutable: one object serves every message."""

    def __call__(self, name: str, value: str) -> BaseHeader:
        """The parsed header (from the cache for a string value)."""
        if isinstance(value, str):
            return self._parsed(name, value)
        return super().__call__(name, value)

    @functools.lru_cache(maxsize=1024)  # noqa: B019 (one registry for the process's lifetime)
    def _parsed(self, name: str, value: str) -> BaseHeader:
        return super().__call__(name, value)


# RFC 5322 allows 998-character lines. Python's default (78) folds long headers and turns a long
# List-Unsubscribe URL into RFC 2047 encoded-words, which mail clients then cannot use (RFC 8058).
MIME_POLICY = email_policy.default.clone(max_line_length=998, header_factory=_RepeatedHeaders())


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL built from BASE_URL, never from the request's Host header."""
    base = current_app.config["BASE_URL"].rstrip("/")
    adapter = current_app.extensions.get("softlanding.url_adapter")
    if adapter is None:  # one per app: binding one costs more than building a URL, and a mailing builds thousands
        adapter = current_app.extensions["softlanding.url_adapter"] = current_app.url_map.bind("x", url_scheme="https")
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


def outbox_values(to: str, subject: str, template: str, *, kind: str, user: Any = None, sensitive: bool = False,
                  headers: Mapping[str, str] | None = None,
                  attachments: Iterable[tuple[str, str, bytes | str]] = (), **context: Any) -> dict[str, Any]:
    """A rendered message as the column values of one outbox row (for queue_email and queue_emails)."""
    text, html = render_email(template, subject=subject, user=user, **context)
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
    db.session.execute(insert(OutboxMessage), rows)
    if has_app_context():
        g.mail_queued = True
    return len(rows)


def message_id_header(message: OutboxMessage) -> str:
    """The message's Message-ID: derived from its row (id and creation time), so every retry keeps it."""
    created = (message.created_at or utcnow()).astimezone(UTC)
    return f"<{created:%Y%m%d%H%M%S%f}.outbox{message.id}@{current_app.config['CALENDAR_UID_DOMAIN']}>"


def build_mime(message: OutboxMessage) -> EmailMessage:
    """The EmailMessage for an outbox row: multipart text + HTML, attachments, headers."""
    cfg = current_app.config
    created = message.created_at or utcnow()
    mime = EmailMessage(policy=MIME_POLICY)
    mime["From"] = formataddr((cfg["PLATFORM_NAME"], cfg["MAIL_FROM"]))
    mime["To"] = message.to_addr
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(created.astimezone(UTC))
    mime["Message-ID"] = message_id_header(message)
    for name, value in (message.headers or {}).items():
        mime[name] = value
    mime.set_content(message.body_text)
    if message.body_html:
        mime.add_alternative(message.body_html, subtype="html")
    for item in message.attachments or []:
        method = _itip_method(item["mimetype"])
        if method:
            # An invitation also goes inline as the last alternative, as Google's own invitations are
            # built: Outlook offers and applies an update or cancellation only from an inline
            # text/calendar part; Gmail and Apple Mail read the attached copy too.
            mime.add_alternative(base64.b64decode(item["data_b64"]).decode("utf-8"), subtype="calendar",
                                 params={"method": method})
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


def _itip_method(mimetype: str) -> str | None:
    """REQUEST or CANCEL when a part is a text/calendar invitation (iTIP), else None."""
    kind, _, rest = mimetype.partition(";")
    if kind.strip().lower() != "text/calendar":
        return None
    params = dict(p.strip().partition("=")[::2] for p in rest.split(";") if "=" in p)
    method = params.get("method", "").strip().upper()
    return method if method in ("REQUEST", "CANCEL") else None


def get_backend():
    """A transport for one batch (a context manager): one SMTP connection, or the mail folder."""
    cfg = current_app.config
    if cfg["MAIL_BACKEND"] == "smtp":
        return SMTPBackend(cfg)
    return FileBackend(cfg["MAIL_DIR"])


def backoff(attempts: int) -> timedelta:
    """Delay before the next try: 1, 2, 4, 8 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@dataclass
class DeliveryReport:
    """What one delivery run did: sent, to be retried, given up on; and the kind of the last problem."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    problem: str = ""  # an exception's kind (never its text: SMTP replies may echo an address)

    def add(self, status: str, problem: str = "") -> None:
        """Count one message's outcome."""
        if status == "sent":
            self.sent += 1
        else:
            self.retrying += status == "pending"
            self.failed += status == "failed"
            self.problem = problem or self.problem


def _record(message: OutboxMessage, error: str, permanent: bool = False) -> str | None:
    """Store one attempt's outcome (sent, or the error and the next try, or failed) with one UPDATE by id; returns
    the status (None if an admin deleted the row). The claim keeps others off the row: its attempts are as read."""
    values: dict[str, Any] = {"attempts": message.attempts + 1, "claimed_until": None}
    if not error:
        values.update(status="sent", sent_at=utcnow(), last_error="")
    else:
        values["last_error"] = error[:500]
        if permanent or values["attempts"] >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            values["status"] = "failed"
        else:
            values.update(status="pending", next_attempt_at=utcnow() + backoff(values["attempts"]))
        log.warning("mail %s attempt %s failed: %s", message.id, values["attempts"], error.partition(":")[0])
    table = cast(Table, OutboxMessage.__table__)  # a Core UPDATE: none of the ORM's bulk-update bookkeeping per message
    result = db.session.execute(update(table).where(table.c.id == message.id).values(**values))
    return values["status"] if rows_changed(result) else None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _deliver_batch(transport: Any, claim: Claim, now: datetime, report: DeliveryReport,
                   stop: threading.Event | None) -> bool:
    """Send one claimed batch over one transport, renewing each claim just before it goes; False if the server was down.

    One commit per message: the outcome of the message just sent is committed together with the renewed
    claim of the next one (before its SMTP conversation starts), and the last outcome on its own. A runner
    killed between a send and that commit leaves only the message just sent to be sent again. The renewal
    returns the row, and the outcome is one UPDATE: two statements and one commit per message."""
    down = ""  # set once the server proved unreachable: the rest of the batch is not tried
    for position, message_id in enumerate(claim.ids):
        if stop is not None and stop.is_set():
            release_claims(claim.ids[position:], claim.until)  # commits the last outcome with the release
            return True
        message = renew_claim(message_id, claim.until, now)
        if message is None:
            continue  # our lease lapsed and another runner has it now (or it was deleted): not ours to send
        db.session.expunge(message)  # keeps its loaded values after the commit
        db.session.commit()  # the renewed claim is durable, and no transaction is open while SMTP talks
        error, permanent = down, False
        if not down:
            try:
                mime = build_mime(message)
            except Exception as exc:  # e.g. a header with CR/LF: this message can never be sent
                error, permanent = _describe(exc), True
        if not error:
            try:
                transport.send(message, mime)
            except ConnectionFailed as exc:
                error = down = f"ConnectionFailed: {exc}"[:500]
            except Exception as exc:  # any delivery failure is recorded, never raised to the user
                error, permanent = _describe(exc), is_permanent(exc)
        status = _record(message, error, permanent)
        if status is not None:
            report.add(status, down or error.partition(":")[0])
    db.session.commit()
    return not down


def deliver_due(limit: int = 100, now: datetime | None = None, stop: threading.Event | None = None) -> DeliveryReport:
    """Claim and send due messages batch by batch, one connection per batch; returns what happened.

    Commits: the batch claim, each message's renewed claim (before its send) and each outcome, so a
    crash mid-batch leaves the rest claimed only until their lease lapses, and a sent message is
    never sent again by this runner. No transaction is open while the SMTP server is talking (on
    SQLite that would hold the write lock and stall every request). Callers' pending changes are
    committed with the claim. If `stop` is set, the run ends after the message in flight.
    """
    now = now or utcnow()
    report = DeliveryReport()
    cfg = current_app.config
    if cfg["MAIL_BACKEND"] == "smtp" and cfg["MAIL_CLAIM_SECONDS"] < 10 * cfg["SMTP_TIMEOUT"]:
        # One slow message could outlast its claim, and another runner would send it too.
        log.warning("MAIL_CLAIM_SECONDS (%s) is below 10 x SMTP_TIMEOUT (%s)", cfg["MAIL_CLAIM_SECONDS"],
                    cfg["SMTP_TIMEOUT"])
    tried: set[int] = set()
    while len(tried) < limit and not (stop is not None and stop.is_set()):
        claim = claim_due_messages(now, min(current_app.config["MAIL_BATCH_SIZE"], limit - len(tried)),
                                   exclude=tried)
        if not claim.ids:
            break
        tried.update(claim.ids)
        with get_backend() as transport:
            if not _deliver_batch(transport, claim, now, report, stop):
                break  # the server is unreachable: the next run tries again, not every batch of this one
    return report


def deliver_pending(limit: int = 100, now: datetime | None = None) -> int:
    """Claim and send due messages (see deliver_due); returns how many were sent."""
    return deliver_due(limit, now).sent
