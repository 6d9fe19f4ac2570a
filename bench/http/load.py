"""Serving and loading: gunicorn processes, signed-in clients, wrk runs and an open-model mix."""

import http.client
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent.parent
LUA = Path(__file__).with_name("wrk.lua")
OPENMIX = Path(__file__).with_name("openmix.py")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port():
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn serving the bench app (one "host"); stop() ends it and only it."""

    def __init__(self, env, workers, log_path, port=None):
        self.port = port or free_port()
        self.log = open(log_path, "a")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "60", "--backlog", "2048", "--log-level", "warning",
             "bench.http.app:bench_app()"], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout=90.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with status {self.process.returncode} (see {self.log.name})")
            try:
                if Client(self.port).request("GET", "/_bench/minimal")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer in time")

    def worker_pids(self):
        """The worker processes' ids (children of the master)."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def stop(self):
        """SIGTERM the master (it stops its workers), then wait."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


class Client:
    """A person's browser, reduced to a cookie jar over http.client (a new connection per request)."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def cookie_header(self):
        """The Cookie header this client sends."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method, path, form=None, headers=None, timeout=30):
        """(status, headers, body text), keeping cookies."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = {"Cookie": self.cookie_header(), **(headers or {})}
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, text
        finally:
            conn.close()

    def csrf(self, path="/events/"):
        """A CSRF token for this client's session, read from a page's form."""
        _, _, body = self.request("GET", path)
        found = CSRF_RE.search(body)
        if not found:
            raise SystemExit(f"no CSRF token on {path}")
        return found.group(1)

    def sign_in(self, email, password):
        """Sign in through the real form (CSRF included); raises if it did not work."""
        token = self.csrf("/account/login")
        status, headers, _ = self.request("POST", "/account/login",
                                          {"email": email, "password": password, "csrf_token": token})
        if status != 302 or "/account/login" in (headers.get("Location") or ""):
            raise SystemExit(f"sign-in as {email} failed with {status}")
        return self


def etag_of(port, path, cookie=""):
    """The ETag a path answers with now (for the 304 measurements)."""
    _, headers, _ = Client(port).request("GET", path, headers={"Cookie": cookie})
    return headers.get("ETag") or ""


@dataclass
class Figure:
    """One wrk run."""

    rps: float
    p50_ms: float
    p95_ms: float
    errors: int
    requests: int


def drain(port, limit=90.0):
    """Wait until the server has worked off requests wrk left queued when it stopped (a quick answer again)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            Client(port).request("GET", "/_bench/minimal", timeout=limit)
        except OSError:
            pass
        if time.monotonic() - began < 0.05:
            return
        time.sleep(0.2)


def wrk(port, path, conns, seconds, cookie="", if_none_match=""):
    """Run wrk against one path, after the queue of the last run has drained; the figure from the Lua summary."""
    drain(port)
    threads = min(conns, 2)
    env = {**os.environ, "WRK_COOKIE": cookie, "WRK_IF_NONE_MATCH": if_none_match}
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{max(1, round(seconds))}s", "--timeout", "10s",
                          "-s", str(LUA), f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                         env=env, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKRESULT")), None)
    if line is None:
        raise SystemExit(f"wrk gave no summary for {path}: {out.stdout} {out.stderr}")
    v = dict(part.split("=") for part in line.split()[1:])
    requests = int(v["requests"])
    return Figure(rps=requests / float(v["seconds"]), p50_ms=int(v["p50_us"]) / 1000,
                  p95_ms=int(v["p95_us"]) / 1000, errors=int(v["errors"]), requests=requests)


@dataclass
class Call:
    """One request of the mix: whose cookie jar sends it (None: no cookies), what, and any form it posts."""

    client: "Client | None"
    method: str
    path: str
    form: dict | None = None
    headers: dict | None = None


@dataclass
class MixResult:
    """One step of the open-model mix."""

    rate: float
    done: int
    p95_ms: float
    errors: int
    kinds: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)
    planned: int = 0
    p50_ms: float = 0.0
    client_cpu_s: float = 0.0
    max_lag_ms: float = 0.0
    max_inflight: int = 0
    by_kind: dict = field(default_factory=dict)

    @property
    def client_cpu_ms_per_request(self):
        """The load client's own CPU (user + system) per request it sent."""
        return 1000 * self.client_cpu_s / max(1, self.planned)


def plan_mix(port, actions, rate, seconds, seed=3, timeout=30, max_inflight=256):
    """The plan bench/http/openmix.py runs: Poisson arrivals at `rate`/s over `seconds`, drawn in advance.

    `actions` is a list of (weight, callable(rng) -> Call); the callable's name is the request's kind.
    Every client a call names becomes a cookie jar the load client keeps (returns the plan and the clients).
    """
    rng = random.Random(seed)
    weights = [w for w, _ in actions]
    jars, clients, requests, t = {}, [], [], 0.0
    local = random.Random()
    while True:
        t += rng.expovariate(rate)
        if t >= seconds:
            break
        action = rng.choices(actions, weights)[0][1]
        local.seed(rng.random())
        call = action(local)
        jar = None
        if call.client is not None:
            if id(call.client) not in jars:
                jars[id(call.client)] = len(clients)
                clients.append(call.client)
            jar = jars[id(call.client)]
        headers, body = dict(call.headers or {}), None
        if call.form is not None:
            body = urlencode(call.form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        requests.append({"at": t, "method": call.method, "path": call.path, "headers": headers, "body": body,
                         "jar": jar, "kind": action.__name__})
    plan = {"port": port, "timeout_s": timeout, "max_inflight": max_inflight, "jars": [c.cookies for c in clients],
            "requests": requests}
    return plan, clients


def open_mix(port, actions, rate, seconds, seed=3, timeout=30, max_inflight=256):
    """Start requests on a Poisson schedule at `rate`/s, whatever the server's pace (an open model).

    The schedule is drawn here in advance and fired by a process of its own (bench/http/openmix.py: one
    thread, non-blocking sockets on epoll), so the load takes little CPU from the server it shares the
    machine with and no GIL in this process delays its requests. Latency counts from the scheduled start,
    so a queue in front of the server shows up in p95. A status of 400 or more, a connection error or an
    unfinished request is an error. Cookies the answers set go back into the clients, as a browser keeps them.
    """
    plan, clients = plan_mix(port, actions, rate, seconds, seed=seed, timeout=timeout, max_inflight=max_inflight)
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="openmix-", delete=False) as f:
        json.dump(plan, f)
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([sys.executable, str(OPENMIX), f.name], capture_output=True, text=True,
                             timeout=seconds + timeout + 150)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(f.name)
    if out.returncode != 0 or not out.stdout.strip():
        raise SystemExit(f"the load client failed ({out.returncode}): {out.stderr[-2000:]}")
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    for client, jar in zip(clients, summary.get("jars", []), strict=False):
        client.cookies.update(jar)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return MixResult(rate=rate, done=summary["done"], p95_ms=summary["p95_ms"], errors=summary["errors"],
                     kinds=summary["error_kinds"], answers=summary["answers"], planned=summary["planned"],
                     p50_ms=summary["p50_ms"], client_cpu_s=cpu or summary["cpu_s"],
                     max_lag_ms=summary["max_lag_ms"], max_inflight=summary["max_inflight"],
                     by_kind=summary["by_kind"])
