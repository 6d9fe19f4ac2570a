"""A real SMTP server on loopback (aiosmtpd) for delivery tests, and a fixture pointing the app at it."""

import asyncio
import socket
import threading
import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from tests.factories import parse_mail


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message it accepts; can be slow, refuse, hang or drop connections.

    delay: seconds each reply to the message data is held (a slow relay; blocks the server loop on purpose)
    refuse: {address: reply} answered to RCPT TO for that address (e.g. "550 ...", "451 ...")
    hang: addresses whose RCPT TO gets no reply for `hang_seconds` (a relay that stops answering)
    drop_after: after accepting this many messages, close that connection (an idle timeout, a restart)
    """

    def __init__(self, delay=0.0):
        self.delay = delay
        self.refuse = {}
        self.hang = set()
        self.hang_seconds = 0.0
        self.drop_after = None
        self.lock = threading.Lock()
        self.received = []  # (envelope recipients, EmailMessage)
        self.raw = []  # the bytes as they came over the wire
        self.sessions = []  # one per connection that sent MAIL FROM (kept alive, so ids stay distinct)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.lock:
            if not any(seen is session for seen in self.sessions):
                self.sessions.append(session)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.hang:
            time.sleep(self.hang_seconds)
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # blocks the server loop on purpose: a slow relay
        message = parse_mail(envelope.content)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))
            self.raw.append(envelope.original_content or envelope.content)
            drop = self.drop_after is not None and len(self.received) == self.drop_after
        if drop:  # runs once the reply below has been written: the sender saw the 250, then the close
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted for delivery"

    def message_ids(self):
        """How many times each Message-ID arrived."""
        with self.lock:
            return Counter(message["Message-ID"] for _, message in self.received)

    def connections(self):
        """How many connections delivered at least one MAIL FROM."""
        with self.lock:
            return len(self.sessions)

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
