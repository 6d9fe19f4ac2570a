"""Over real HTTP: gunicorn on PostgreSQL at network scale and on SQLite at demo scale, loaded by wrk.

`make bench-http` (and a section of `make bench`). BENCH_SCALE=small for a run of a few minutes;
BENCH_SECONDS sets each wrk run's length. Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_ADMIN_URL,
BENCH_REDIS_URL point elsewhere) and wrk on PATH (Debian: apt-get install wrk).
"""

from bench.http.run import main

__all__ = ["main"]
