"""Imports each area's demo module so its seeder registers. Each area adds one line.

The order is the seeding order (later seeders use what earlier ones made), so it is not sorted.
"""
# ruff: noqa: I001
from . import events  # noqa: F401,E402  (a term of events; must run before feedback)
from . import feedback  # noqa: F401,E402  (surveys and answers on past events)
from . import mentoring  # noqa: F401,E402  (mentors, preferences, pairs; closing feedback for analysis)
from . import analysis  # noqa: F401,E402  (codebook and first-pass coding; after feedback)
