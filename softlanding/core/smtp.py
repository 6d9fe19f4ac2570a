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

    The connection is opened on the first send. Before each later message a NOOP checks it is still
    there; if the server dropped it (an idle timeout, a restart) it reconnects once for that message,
    which is safe because nothing of that message had been offered yet. A message that fails mid-way
    closes the connection (its state is unknown) and the next message starts a fresh one.
    """

    def __init__(self, cfg: Any):
        self.cfg = cfg
        self.client: smtplib.SMTP | None = None
        self.connections = 0  # opened by this session (tests and the benchmark read it)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def _connect(self) -> smtplib.SMTP:
        cfg = self.cfg
        client: smtplib.SMTP  # either kind: SMTP_SSL subclasses SMTP
        try:
            if cfg["SMTP_SSL"]:
                client = smtplib.SMTP_SSL(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"],
                                          context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"])
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

    def _alive(self, client: smtplib.SMTP) -> bool:
        try:
            return client.noop()[0] == 250
        except (OSError, smtplib.SMTPException):
            return False

    def send(self, message, mime):
        """Send one message over the batch's connection; raises on failure (ConnectionFailed if unreachable)."""
        if self.client is not None and not self._alive(self.client):
            self._drop()  # dropped between messages: reconnect once, below
        if self.client is None:
            self.client = self._connect()
        try:
            refused = self.client.send_message(mime)
        except smtplib.SMTPRecipientsRefused:
            raise  # smtplib already reset the transaction: the connection is still good
        except (smtplib.SMTPResponseException, smtplib.SMTPNotSupportedError):
            self._reset()
            raise
        except BaseException:
            self._drop()  # a timeout or a drop mid-message: its state is unknown, and QUIT could hang too
            raise
        if refused:  # only one recipient per message, so this cannot be partial; kept for safety
            raise smtplib.SMTPRecipientsRefused(refused)

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
