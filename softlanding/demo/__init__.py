"""The fictional demo community loaded by `flask seed-demo`.

Each area adds a seeder: a function (ctx) -> list of summary lines, appended to SEEDERS in the
order they must run. `ctx` is a dict shared by the seeders (users made so far, etc.).
"""

import random

from .community import seed_community

DEFAULT_PASSWORD = "softlanding-demo-only"  # documented in README; demo data only

SEEDERS = [seed_community]


def register_seeder(func):
    """Add an area's seeder (called at import time of that area's demo module)."""
    if func not in SEEDERS:
        SEEDERS.append(func)
    return func


def seed(password):
    """Run every seeder once, with a fixed random seed so the demo looks the same each time."""
    from . import extra  # noqa: F401  (imports the areas' demo modules, which register seeders)

    ctx = {"password": password, "rng": random.Random(2026)}
    summary = []
    for seeder in SEEDERS:
        summary.extend(seeder(ctx) or [])
    return summary
