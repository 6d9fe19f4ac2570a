"""The open-model load client: fires a plan of requests at their scheduled times, whatever the server's pace.

    python bench/http/openmix.py PLAN.json      (bench/http/load.py writes the plan and reads the summary)

The plan is drawn in advance by bench/http/load.py (Poisson arrivals, the action of each, CSRF tokens):
{port, timeout_s, max_inflight, grace_s, jars: [{name: value}], requests: [{at, method, path, headers,
body, jar, kind}]}. One process, one thread, non-blocking sockets on epoll (selectors) and nothing but the
standard library: no GIL shared with the harness, no thread pool to wake, a few system calls per request,
so it takes as little CPU as it can from the server it shares the machine with.

Every request goes on a new connection (as a browser's does to gunicorn's sync workers, which close
after each answer), sends its jar's cookies and keeps the ones the answer sets. Latency counts from the
scheduled start, so a queue in front of the server (or in this client) shows up. An error is a status of
400 or more, a connection error, a cut-short answer, or a request still unfinished at the end.
Prints one JSON summary on stdout.
"""

import errno
import json
import re
import resource
import selectors
import socket
import sys
import time
from collections import deque
from urllib.parse import urlsplit

NUMBERS = re.compile(r"\d+")


class Exchange:
    """One request on its own connection: what to send, what came back so far."""

    __slots__ = ("item", "sock", "out", "sent", "head", "status", "length", "chunked", "got", "tail",
                 "location", "deadline")

    def __init__(self, item, sock, out, deadline):
        self.item, self.sock, self.out, self.deadline = item, sock, out, deadline
        self.sent, self.head, self.status, self.length, self.chunked = 0, b"", 0, None, False
        self.got, self.tail, self.location = 0, b"", None


def quantile(values, q):
    """The q-quantile of values, as the bench has always taken it (no interpolation)."""
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] if ordered else 0.0


class Mix:
    """Runs one plan; summary() after run()."""

    def __init__(self, plan):
        self.plan, self.requests = plan, plan["requests"]
        self.host = f"127.0.0.1:{plan['port']}"
        self.address = ("127.0.0.1", plan["port"])
        self.jars = [dict(jar) for jar in plan["jars"]]
        self.timeout = float(plan.get("timeout_s", 30))
        self.max_inflight = int(plan.get("max_inflight", 256))
        self.grace = float(plan.get("grace_s", 120))
        self.selector = selectors.DefaultSelector()
        self.buffer = bytearray(262144)
        self.view = memoryview(self.buffer)
        self.latencies, self.by_kind, self.answers, self.error_kinds = [], {}, {}, {}
        self.errors = self.finished = self.inflight = self.max_seen = 0
        self.max_lag = 0.0  # how late a request left beyond its schedule (waiting for a slot included)
        self.open, self.waiting = set(), deque()
        self.start = time.monotonic() + float(plan.get("lead_s", 0.2))

    def request_bytes(self, item):
        """The request as sent: Host, the jar's cookies, the plan's headers, the body's length."""
        lines = [f"{item['method']} {item['path']} HTTP/1.1", f"Host: {self.host}", "Connection: close",
                 "Accept-Encoding: identity"]
        jar = self.jars[item["jar"]] if item.get("jar") is not None else None
        if jar:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in jar.items()))
        lines += [f"{k}: {v}" for k, v in (item.get("headers") or {}).items()]
        body = (item.get("body") or "").encode()
        if item.get("body") is not None:
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    def fire(self, item):
        now = time.monotonic()
        self.max_lag = max(self.max_lag, now - (self.start + item["at"]))
        self.inflight += 1
        self.max_seen = max(self.max_seen, self.inflight)
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        except OSError as error:
            self.done(item, errno.errorcode.get(error.errno, "OSError"))
            return
        sock.setblocking(False)
        ex = Exchange(item, sock, self.request_bytes(item), now + self.timeout)
        code = sock.connect_ex(self.address)
        if code not in (0, errno.EINPROGRESS):
            sock.close()
            self.done(item, errno.errorcode.get(code, "OSError"))
            return
        self.open.add(ex)
        self.selector.register(sock, selectors.EVENT_WRITE, ex)

    def close(self, ex, failure=None):
        self.selector.unregister(ex.sock)
        ex.sock.close()
        self.open.discard(ex)
        self.done(ex.item, failure, ex.status, ex.location)

    def done(self, item, failure, status=0, location=None):
        took = time.monotonic() - (self.start + item["at"])
        self.latencies.append(took)
        self.by_kind.setdefault(item["kind"], []).append(took)
        answers = self.answers.setdefault(item["kind"], {})
        if failure is None and status >= 400:
            failure = f"http_{status}"
            key = str(status)
        elif failure is None:
            key = str(status)
            if 300 <= status < 400 and location:  # "302 /events/N" and "302 /account/login" stay apart
                key = f"{status} {NUMBERS.sub('N', urlsplit(location).path)}"
        else:
            key = failure
        answers[key] = answers.get(key, 0) + 1
        if failure is not None:
            self.errors += 1
            self.error_kinds[failure] = self.error_kinds.get(failure, 0) + 1
        self.inflight -= 1
        self.finished += 1
        if self.waiting:
            self.fire(self.waiting.popleft())

    def on_writable(self, ex):
        if ex.sent == 0:
            code = ex.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                self.close(ex, errno.errorcode.get(code, "OSError"))
                return
        try:
            ex.sent += ex.sock.send(ex.out[ex.sent:])
        except OSError as error:
            self.close(ex, errno.errorcode.get(error.errno, "OSError"))
            return
        if ex.sent >= len(ex.out):
            self.selector.modify(ex.sock, selectors.EVENT_READ, ex)

    def on_readable(self, ex):
        try:
            size = ex.sock.recv_into(self.buffer)
        except OSError as error:
            self.close(ex, errno.errorcode.get(error.errno, "OSError"))
            return
        chunk = self.view[:size]  # the body itself is read into one buffer and dropped, as a browser's cache would
        if not size:  # the server closed: complete unless it said more was coming
            complete = ex.status and (ex.length is None or ex.got >= ex.length) and (
                not ex.chunked or ex.tail.endswith(b"0\r\n\r\n"))
            self.close(ex, None if complete else ("truncated" if ex.status else "no_answer"))
            return
        if not ex.status:
            ex.head += chunk
            end = ex.head.find(b"\r\n\r\n")
            if end < 0:
                return
            self.parse_head(ex, ex.head[:end].decode("latin-1"))
            chunk, ex.head = ex.head[end + 4:], b""
        ex.got += len(chunk)
        ex.tail = (ex.tail + bytes(chunk[-7:]))[-7:]
        if ex.length is not None and ex.got >= ex.length:
            self.close(ex)
        elif ex.chunked and ex.tail.endswith(b"\r\n0\r\n\r\n"):
            self.close(ex)

    def parse_head(self, ex, head):
        lines = head.split("\r\n")
        ex.status = int(lines[0].split(" ", 2)[1])
        jar = self.jars[ex.item["jar"]] if ex.item.get("jar") is not None else None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                ex.length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                ex.chunked = True
            elif name == "location":
                ex.location = value
            elif name == "set-cookie" and jar is not None:
                pair = value.split(";", 1)[0]
                key, eq, cookie = pair.partition("=")
                if eq and key.strip():
                    jar[key.strip()] = cookie.strip()
        if ex.status in (204, 304) or ex.item["method"] == "HEAD" or 100 <= ex.status < 200:
            ex.length = 0

    def expire(self, now):
        for ex in [ex for ex in self.open if ex.deadline <= now]:
            self.close(ex, "timeout")

    def run(self):
        """Fire every request at its time and wait for the answers (or the end of the grace period)."""
        requests, n, following = self.requests, len(self.requests), 0
        end = self.start + (requests[-1]["at"] if requests else 0) + self.grace
        checked = 0.0
        while self.finished < n:
            now = time.monotonic()
            if now >= end:
                break
            while following < n and self.start + requests[following]["at"] <= now:
                item = requests[following]
                following += 1
                if self.inflight < self.max_inflight:
                    self.fire(item)
                else:
                    self.waiting.append(item)
            wait = self.start + requests[following]["at"] - time.monotonic() if following < n else 0.1
            for key, events in self.selector.select(max(0.0, min(wait, 0.1))):
                ex = key.data
                if ex not in self.open:
                    continue
                if events & selectors.EVENT_WRITE:
                    self.on_writable(ex)
                else:
                    self.on_readable(ex)
            if now - checked > 0.1:
                checked = now
                self.expire(now)
        for ex in list(self.open):
            self.selector.unregister(ex.sock)
            ex.sock.close()

    def summary(self):
        """Counts, latencies from the scheduled start, answers by kind, and this process's own cost."""
        unfinished = len(self.requests) - self.finished
        if unfinished:
            self.errors += unfinished
            self.error_kinds["unfinished"] = unfinished
        usage = resource.getrusage(resource.RUSAGE_SELF)
        ms = 1000.0
        return {
            "planned": len(self.requests), "done": len(self.latencies), "errors": self.errors,
            "error_kinds": self.error_kinds, "answers": self.answers,
            "p50_ms": ms * quantile(self.latencies, 0.5), "p95_ms": ms * quantile(self.latencies, 0.95),
            "p99_ms": ms * quantile(self.latencies, 0.99),
            "by_kind": {kind: {"n": len(v), "p50_ms": ms * quantile(v, 0.5), "p95_ms": ms * quantile(v, 0.95)}
                        for kind, v in self.by_kind.items()},
            "max_lag_ms": ms * self.max_lag, "max_inflight": self.max_seen,
            "cpu_s": usage.ru_utime + usage.ru_stime, "jars": self.jars,
        }


def main(path):
    """Run the plan at `path` and print its summary."""
    with open(path) as f:
        plan = json.load(f)
    mix = Mix(plan)
    mix.run()
    json.dump(mix.summary(), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
