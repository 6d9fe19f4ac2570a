"""What the mix's load client costs: CPU per request of bench/http/openmix.py beside the thread pool it replaced.

    python -m bench.http.loadcost [--rate 200] [--seconds 10]

Both fire the same plan (Poisson arrivals, drawn in advance) at the same rate against the minimal route of
one gunicorn (5 workers) on an empty, migrated PostgreSQL database, so the server's work is the same and
only the client differs. On a machine the client shares with the server, every millisecond of client CPU
per request is a millisecond the server does not get: at 500 requests/s, 1 ms per request is half a core.
The thread pool is the previous generator (96 threads over http.client), kept here only as the yardstick.
"""

import argparse
import http.client
import random
import resource
import threading
import time
from urllib.parse import parse_qsl

from bench.http.load import Call, Client, MixResult, open_mix, plan_mix
from bench.http.run import _served_postgres, mix_actions


def threaded_open_mix(port, plan, clients=(), pool=96):
    """The previous generator: `pool` threads take the planned requests in order, each through its member's
    Client (http.client, a new connection per request, cookies kept), as bench/http/load.py did."""
    requests = plan["requests"]
    anonymous = Client(port)
    lock, latencies, errors, index = threading.Lock(), [], [0], [0]
    start = time.monotonic() + 0.2

    def runner():
        while True:
            with lock:
                if index[0] >= len(requests):
                    return
                item = requests[index[0]]
                index[0] += 1
            delay = start + item["at"] - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            client = anonymous if item["jar"] is None else clients[item["jar"]]
            headers = {k: v for k, v in item["headers"].items() if k != "Content-Type"}
            form = dict(parse_qsl(item["body"])) if item["body"] is not None else None
            try:
                bad = client.request(item["method"], item["path"], form=form, headers=headers)[0] >= 400
            except (OSError, http.client.HTTPException):
                bad = True
            with lock:
                latencies.append(time.monotonic() - (start + item["at"]))
                errors[0] += bad

    threads = [threading.Thread(target=runner, daemon=True) for _ in range(pool)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else 0.0
    return MixResult(rate=0, done=len(latencies), p95_ms=p95, errors=errors[0], planned=len(requests))


def _cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def compare(port, actions, args):
    """Each round: the same plan through the thread pool, then through bench/http/openmix.py; CPU per request."""
    for round_ in range(args.rounds):
        plan, clients = plan_mix(port, actions, args.rate, args.seconds, seed=round_)
        saved = [dict(c.cookies) for c in clients]
        before = _cpu(resource.RUSAGE_SELF)
        old = threaded_open_mix(port, plan, clients)
        old_cpu = _cpu(resource.RUSAGE_SELF) - before
        for client, cookies in zip(clients, saved, strict=True):
            client.cookies = cookies
        new = open_mix(port, actions, args.rate, args.seconds, seed=round_)
        print(f"BENCH http.loadcost target={'mix' if args.mix else 'minimal'} rate={args.rate:g} "
              f"requests={new.planned} threads_cpu_ms_per_req={1000 * old_cpu / max(1, old.planned):.3f} "
              f"threads_p95_ms={old.p95_ms:.1f} threads_errors={old.errors} "
              f"client_cpu_ms_per_req={new.client_cpu_ms_per_request:.3f} client_p95_ms={new.p95_ms:.1f} "
              f"client_errors={new.errors} client_max_lag_ms={new.max_lag_ms:.1f}", flush=True)


def main(argv=None):
    """Serve the minimal route, fire the same plan with each client, print CPU per request."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mix", action="store_true",
                        help="the mix's own requests on a seeded database (BENCH_SCALE, default small) instead")
    args = parser.parse_args(argv)
    if args.mix:
        with _served_postgres() as (server, seeded):
            compare(server.port, mix_actions(server.port, seeded), args)
        return

    with _served_postgres(with_data=False) as (server, _):

        def minimal(rng):
            return Call(None, "GET", "/_bench/minimal")

        compare(server.port, [(1, minimal)], args)


if __name__ == "__main__":
    random.seed(1)
    main()
