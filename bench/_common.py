"""Helpers shared by the benchmark modules: timing, and the app on a throwaway SQLite file."""

import statistics
import time

from config import TestingConfig


def median_time(fn, repeat=5):
    """Median wall time of `repeat` calls of fn, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_app(folder, minimal_route=True):
    """The app on a fresh SQLite file in `folder`; optionally a trivial route as the HTTP baseline."""
    from softlanding import create_app

    config = type("BenchConfig", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "MAIL_DIR": str(folder / "mail")})
    app = create_app(config)
    if minimal_route:
        app.add_url_rule("/_bench/minimal", "bench_minimal", lambda: "ok")
    return app


def print_figures(prefix, figures, facts, label_width=36):
    """A table of (name, label, seconds, baseline label, baseline seconds) figures, then one BENCH line
    each: `BENCH <prefix>.<name> <facts> seconds=… baseline_seconds=… ratio=…`."""
    print(f"{'measure':<{label_width}} {'seconds':>9}  {'baseline':<28} {'seconds':>9} {'ratio':>8}")
    for _, label, seconds, base_label, base in figures:
        print(f"{label:<{label_width}} {seconds:>9.4f}  {base_label:<28} {base:>9.4f} {seconds / base:>8.1f}")
    for name, _, seconds, _, base in figures:
        print(f"BENCH {prefix}.{name} {facts} seconds={seconds:.4f} baseline_seconds={base:.4f} ratio={seconds / base:.2f}")
