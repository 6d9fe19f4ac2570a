"""The fictional demo community loaded by `flask seed-demo`.

Each domain registers a seeder: a function (ctx) -> list of summary lines. They run in the order the
domains registered them (later seeders use what earlier ones made); `ctx` is a dict they share.
"""

import random

from softlanding.core.registry import get_registry

DEFAULT_PASSWORD = "softlanding-demo-only"  # documented in README; demo data only


def seed(password):
    """Run every seeder once, with a fixed random seed so the demo looks the same each time."""
    ctx = {"password": password, "rng": random.Random(2026)}
    summary = []
    for seeder in get_registry().seeders:
        summary.extend(seeder(ctx) or [])
    return summary
