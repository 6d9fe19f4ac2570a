"""Mail transports: one SMTP connection per batch (or a folder of .eml files), and what a failure means.

A batch opens one connection, sends each of its messages over it and quits: the TCP and TLS
handshakes and the login happen once per batch, not once per message.
"""

import logging
import smtplib
import ssl
from pathlib import Path
from typing import Any

from softlanding.core.db import utcnow

log = logging.getLogger(__name__)


class ConnectionFailed(Exception):
    """The SMTP server could not be reached or would not take a session (no message was offered)."""


def is_permanent(exc: BaseException) -> bool:
    """True if retrying the same message cannot succeed: a 5xx reply or a message SMTP cannot carry."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    # e.g. a non-ASCII address the server cannot take (no SMTPUTF8), or a body that will not encode.
    return isinstance(exc, (smtplib.SMTPNotSupportedError, UnicodeError, ValueError))


class _Tracked(smtplib.SMTP):
    """An SMTP client that remembers whether the message in hand got past MAIL FROM.

    Until the server accepted MAIL FROM nothing of the message was offered, so a connection found
    dead at that point can be reopened and the message offered again without any risk of a duplicate.
    """

    offered = False

    def mail(self, sender, options=()):
        """MAIL FROM, then mark the message as offered (whatever the reply: the server has seen it)."""
        reply = super().mail(sender, options)
        self.offered = True
        return reply


class _TrackedSMTP(_Tracked):
    """Plain or STARTTLS connections."""


class _TrackedSMTPSSL(_Tracked, smtplib.SMTP_SSL):
    """Implicit TLS connections (SMTP_SSL)."""


class FileBackend:
    """Development and tests: each message becomes an .eml file under MAIL_DIR."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def send(self, message, mime):
        """Write the message to disk and say so on the console (never the body: it may hold links)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{stamp}-{message.id:06d}-{message.kind}.eml"
        path.write_bytes(bytes(mime))
        log.info("mail %s to %s written to %s", message.kind, message.to_addr, path)
        print(f"[mail] {message.kind}: '{message.subject}' to {message.to_addr} -> {path}")


class SMTPBackend:
    """Production: one connection (host, port, TLS, login from the config) for a whole batch.

    The connection is opened on the first send. If the server dropped it between messages (an idle
    timeout, a restart), the next message's MAIL FROM finds that out: it reconnects once for that
    message, which is safe because nothing of that message had been offered yet (no NOOP round trip
    before every message to ask). A message that fails later on closes the connection (its state is
    unknown) and the next message starts a fresh one.
    """

    def __init__(self, cfg: Any):
        self.cfg = cfg
        self.client: _Tracked | None = None
        self.connections = 0  # opened by this session (tests and the benchmark read it)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def _connect(self) -> _Tracked:
        cfg = self.cfg
        client: _Tracked  # either kind: both subclass it
        try:
            if cfg["SMTP_SSL"]:
                client = _TrackedSMTPSSL(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"],
                                         context=ssl.create_default_context())
            else:
                client = _TrackedSMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"])
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionFailed(f"{type(exc).__name__}: {exc}") from exc
        try:
            client.ehlo()
            if cfg["SMTP_STARTTLS"]:
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if cfg["SMTP_USERNAME"]:
                client.login(cfg["SMTP_USERNAME"], cfg["SMTP_PASSWORD"] or "")
        except (OSError, smtplib.SMTPException) as exc:
            client.close()
            # Never the exception text of a failed login: the server may echo what it was sent.
            raise ConnectionFailed(f"{type(exc).__name__} while opening the SMTP session") from exc
        self.connections += 1
        return client

    def send(self, message, mime):
        """Send one message over the batch's connection; raises on failure (ConnectionFailed if unreachable)."""
        reused = self.client is not None
        if self.client is None:
            self.client = self._connect()
        try:
            try:
                refused = self._offer(mime)
            except smtplib.SMTPServerDisconnected:
                if not reused or self.client is None or self.client.offered:
                    raise
                self._drop()  # dropped between messages, found at MAIL FROM: reconnect once
                self.client = self._connect()
                refused = self._offer(mime)
        except smtplib.SMTPRecipientsRefused:
            raise  # smtplib already reset the transaction: the connection is still good
        except (smtplib.SMTPResponseException, smtplib.SMTPNotSupportedError):
            self._reset()
            raise
        except ConnectionFailed:
            raise
        except BaseException:
            self._drop()  # a timeout or a drop mid-message: its state is unknown, and QUIT could hang too
            raise
        if refused:  # only one recipient per message, so this cannot be partial; kept for safety
            raise smtplib.SMTPRecipientsRefused(refused)

    def _offer(self, mime):
        client = self.client
        assert client is not None
        client.offered = False
        return client.send_message(mime)

    def _reset(self):
        try:
            if self.client is not None:
                self.client.rset()
        except (OSError, smtplib.SMTPException):
            self.close()

    def _drop(self):
        client, self.client = self.client, None
        if client is not None:
            client.close()

    def close(self):
        """QUIT (politely, bounded by the socket timeout) and forget the connection."""
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
