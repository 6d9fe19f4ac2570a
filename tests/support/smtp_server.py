"""A real SMTP server on loopback (aiosmtpd) for delivery tests, and a fixture pointing the app at it."""

import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from tests.factories import parse_mail


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message it accepts (optionally slowly, to widen races)."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.lock = threading.Lock()
        self.received = []  # (envelope recipients, EmailMessage)
        self.raw = []  # the bytes as they came over the wire

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # blocks the server loop on purpose: a slow relay
        message = parse_mail(envelope.content)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))
            self.raw.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def messages(self):
        """The messages received so far."""
        with self.lock:
            return [message for _, message in self.received]


class SMTPServer:
    """Start and stop an aiosmtpd server on a fixed loopback port (so it can be 'down' then 'back')."""

    def __init__(self, port=None, delay=0.0):
        self.port = port or free_port()
        self.inbox = Inbox(delay)
        self.controller = None

    def start(self):
        """Bring the server up."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        """Take the server down (connections are refused afterwards)."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture(name="smtp")
def smtp_fixture(app, monkeypatch):
    """An SMTP server object (not started) that the app sends to with MAIL_BACKEND=smtp."""
    server = SMTPServer()
    for key, value in {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": server.port,
                       "SMTP_TIMEOUT": 5, "SMTP_STARTTLS": False, "SMTP_SSL": False,
                       "SMTP_USERNAME": None}.items():
        monkeypatch.setitem(app.config, key, value)
    yield server
    server.stop()
