"""MIME for outbox rows: the policy (headers parsed once per value, 998-character lines) and build_mime."""

import base64
import functools
import re
from datetime import UTC
from email import policy as email_policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any, cast

from flask import current_app
from sqlalchemy import Row

from softlanding.core.db import utcnow
from softlanding.core.models import OutboxMessage

MailRow = OutboxMessage | Row[Any]  # an outbox row as the ORM loads it, or as a claim returns it (same names)


_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATOM}(?:\.{_ATOM})*"
_DAY, _MONTH = "Mon|Tue|Wed|Thu|Fri|Sat|Sun", "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# Values the policy's parser hands back unchanged when it folds them (tests/core/test_mime_plain_headers.py
# checks each form against the parser): printable ASCII words with single spaces and no encoded-word, one
# bare address, a dot-atom Message-ID, a Date as format_datetime writes it
# (years from 1000: the parser reads a two-digit year as 19xx or 20xx).
_PLAIN = {
    "to": re.compile(_DOT_ATOM + "@" + _DOT_ATOM),
    "message-id": re.compile("<" + _DOT_ATOM + "@" + _DOT_ATOM + ">"),
    "date": re.compile(rf"(?:{_DAY}), \d\d (?:{_MONTH}) [1-9]\d{{3}} \d\d:\d\d:\d\d [+-]\d{{4}}"),
}
_UNSTRUCTURED = re.compile(r"(?!.*=\?)[!-~]+(?: [!-~]+)*")  # "=?" could open an encoded-word: parse those
_UNSTRUCTURED_NAMES = frozenset({"subject", "list-unsubscribe", "list-unsubscribe-post"})


class _PlainHeader(str):
    """A header whose value the policy would fold back to itself (see _PLAIN): written as it is, unparsed.

    Parsing is what cost most in building and sending a message (an address alone takes the parser longer
    than the rest of the message), and the parse only ever gave back the same line for these values."""

    defects: tuple[()] = ()
    name: str

    def __new__(cls, name: str, value: str) -> "_PlainHeader":
        """The header `name` with `value`, as the policy's header objects are made."""
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy: email_policy.Policy) -> str:
        """`Name: value` and the policy's line end: the value fits on one line (checked when made)."""
        return f"{self.name}: {self}{policy.linesep}"


def _plain(name: str, value: str) -> bool:
    """True if the policy would fold `value` of header `name` back to `name: value` on one line."""
    key = name.lower()
    pattern = _PLAIN.get(key) or (_UNSTRUCTURED if key in _UNSTRUCTURED_NAMES else None)
    return (pattern is not None and len(name) + 2 + len(value) <= _MAX_LINE
            and pattern.fullmatch(value) is not None)


class _RepeatedHeaders(HeaderRegistry):
    """The policy's header parser, remembering what it parsed lately: parsing was most of building a message,
    and most headers repeat in every message (From, MIME-Version, each part's Content-Type and -Transfer-
    Encoding) or mailing (Subject, Date). Parsed headers are immutable: one object serves every message.
    It also keeps the class made for each header name: the stock registry makes a new class on every
    lookup, and setting any header looks one up (for its maximum count)."""

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one registry for the process's lifetime)
    def __getitem__(self, name: str) -> type[BaseHeader]:
        """The header class for `name` (made once)."""
        return super().__getitem__(name)

    def __call__(self, name: str, value: str) -> BaseHeader:
        """The parsed header (from the cache for a string value; unparsed for a plain one, see _PLAIN)."""
        if isinstance(value, str):
            if _plain(name, value):
                return cast(BaseHeader, _PlainHeader(name, value))  # a header in all the policy uses of it
            return self._parsed(name, value)
        return super().__call__(name, value)

    @functools.lru_cache(maxsize=1024)  # noqa: B019 (one registry for the process's lifetime)
    def _parsed(self, name: str, value: str) -> BaseHeader:
        return super().__call__(name, value)


# RFC 5322 allows 998-character lines. Python's default (78) folds long headers and turns a long
# List-Unsubscribe URL into RFC 2047 encoded-words, which mail clients then cannot use (RFC 8058).
_MAX_LINE = 998
MIME_POLICY = email_policy.default.clone(max_line_length=_MAX_LINE, header_factory=_RepeatedHeaders())


def message_id_header(message: MailRow) -> str:
    """The message's Message-ID: derived from its row (id and creation time), so every retry keeps it."""
    created = (message.created_at or utcnow()).astimezone(UTC)
    return f"<{created:%Y%m%d%H%M%S%f}.outbox{message.id}@{current_app.config['CALENDAR_UID_DOMAIN']}>"


def build_mime(message: MailRow) -> EmailMessage:
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


