"""The HTTP bench's open-model load client (bench/http/load.py driving bench/http/openmix.py).

Against a small local HTTP server: every planned request goes out with its member's cookies and form,
latency counts from the scheduled start (so a queue in front of a slow server shows up), and statuses of
400 or more and refused connections are errors while redirects and 304s are not.
"""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from bench.http.load import Call, Client, free_port, open_mix, plan_mix


class Recorder(BaseHTTPRequestHandler):
    """Answers by path and remembers what each request carried."""

    seen: list = []
    delay = 0.0

    def log_message(self, *args):
        pass

    def _answer(self, status, headers=(), body=b"ok"):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.seen.append(("GET", self.path, self.headers.get("Cookie"), None, None))
        if self.delay:
            time.sleep(self.delay)
        if self.path == "/feed":
            self._answer(304, body=b"")
        elif self.path == "/broken":
            self._answer(500)
        elif self.path == "/login":
            self._answer(200, [("Set-Cookie", "session=fresh; HttpOnly; Path=/")], b"<form>" * 2000)
        else:
            self._answer(200)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        self.seen.append(("POST", self.path, self.headers.get("Cookie"), body, self.headers.get("Content-Type")))
        self._answer(302, [("Location", "/events/41")], b"")


def serve(handler, threaded=True):
    server = (ThreadingHTTPServer if threaded else HTTPServer)(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture()
def recorder():
    handler = type("Handler", (Recorder,), {"seen": [], "delay": 0.0})
    server = serve(handler)
    yield server, handler
    server.shutdown()
    server.server_close()


def test_members_send_their_cookies_and_forms_and_keep_the_cookies_they_are_given(recorder):
    server, handler = recorder
    port = server.server_address[1]
    alice, bob = Client(port), Client(port)
    alice.cookies, bob.cookies = {"session": "alice"}, {"session": "bob"}
    tokens = {id(alice): "tok-a", id(bob): "tok-b"}

    def book(rng):
        member = rng.choice([alice, bob])
        return Call(member, "POST", f"/events/{rng.choice([41, 42])}/book", {"csrf_token": tokens[id(member)]})

    def poll(rng):
        return Call(None, "GET", "/feed", headers={"If-None-Match": '"v1"'})

    def sign_in_again(rng):
        return Call(alice, "GET", "/login")

    result = open_mix(port, [(5, book), (4, poll), (1, sign_in_again)], rate=200, seconds=1.0, seed=5)

    assert result.errors == 0 and result.kinds == {}
    assert result.done == result.planned == len(handler.seen)
    assert 150 <= result.planned <= 250  # Poisson arrivals at 200/s for a second
    posts = [s for s in handler.seen if s[0] == "POST"]
    assert posts and all(ctype == "application/x-www-form-urlencoded" for *_, ctype in posts)
    for _, _, cookie, body, _ in posts:  # each member's own token, in their own session (until alice's is renewed)
        who = "alice" if "tok-a" in body else "bob"
        assert parse_qs(body) == {"csrf_token": [f"tok-{who[0]}"]}
        assert cookie in (f"session={who}", "session=fresh" if who == "alice" else "session=bob")
    assert all(cookie is None for method, path, cookie, *_ in handler.seen if path == "/feed")
    assert result.answers["book"] == {"302 /events/N": len(posts)}
    assert set(result.answers["poll"]) == {"304"}
    assert alice.cookies == {"session": "fresh"} and bob.cookies == {"session": "bob"}  # back in Python
    assert result.client_cpu_ms_per_request > 0


def test_latency_counts_from_the_scheduled_start_so_a_queue_shows():
    # One request at a time, 50 ms each: 20/s at most. Asked for 40/s, the queue grows for the whole second,
    # so late requests wait far longer than 50 ms; a closed-loop client would report ~50 ms throughout.
    handler = type("Slow", (Recorder,), {"seen": [], "delay": 0.05})
    server = serve(handler, threaded=False)
    try:
        port = server.server_address[1]

        def page(rng):
            return Call(None, "GET", "/events/")

        result = open_mix(port, [(1, page)], rate=40, seconds=1.0, seed=2)
    finally:
        server.shutdown()
        server.server_close()
    assert result.errors == 0
    assert result.p50_ms >= 50
    assert result.p95_ms > 400
    assert result.max_lag_ms < 100  # the client itself fired on time: the wait was the server's queue


def test_server_errors_and_refused_connections_are_errors_but_redirects_and_304s_are_not(recorder):
    server, _ = recorder
    port = server.server_address[1]

    def broken(rng):
        return Call(None, "GET", "/broken")

    def poll(rng):
        return Call(None, "GET", "/feed")

    result = open_mix(port, [(1, broken), (1, poll)], rate=100, seconds=0.5, seed=9)
    assert result.errors == result.answers["broken"]["500"] == result.kinds["http_500"] > 0
    assert "500" not in result.answers["poll"]

    closed = free_port()
    refused = open_mix(closed, [(1, poll)], rate=50, seconds=0.3, seed=1)
    assert refused.errors == refused.planned == refused.kinds["ECONNREFUSED"] > 0


def test_the_plan_is_drawn_in_advance_and_the_same_for_the_same_seed():
    def page(rng):
        return Call(None, "GET", f"/events/{rng.randint(1, 1000)}")

    first, _ = plan_mix(1, [(1, page)], rate=300, seconds=2.0, seed=4)
    again, _ = plan_mix(1, [(1, page)], rate=300, seconds=2.0, seed=4)
    other, _ = plan_mix(1, [(1, page)], rate=300, seconds=2.0, seed=5)
    assert first == again != other
    times = [r["at"] for r in first["requests"]]
    assert times == sorted(times) and 0 < times[0] and times[-1] < 2.0
    assert 500 <= len(times) <= 700


def test_a_server_that_never_answers_gives_timeouts_counted_as_errors():
    with socket.socket() as silent:  # listens, never accepts or answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)

        def page(rng):
            return Call(None, "GET", "/events/")

        began = time.monotonic()
        result = open_mix(silent.getsockname()[1], [(1, page)], rate=50, seconds=0.4, seed=3, timeout=0.5)
    assert result.planned > 0
    assert result.errors == result.planned == result.kinds["timeout"]
    assert result.p50_ms >= 500
    assert time.monotonic() - began < 10
