"""Imports each area's demo module so its seeder registers. Each area adds one line."""
from . import events  # noqa: F401,E402  (a term of events; must run before feedback)
from . import feedback  # noqa: F401,E402  (surveys and answers on past events)
from . import mentoring  # noqa: F401,E402  (mentors, preferences, pairs; closing feedback for analysis)
from . import analysis  # noqa: F401,E402  (codebook and first-pass coding; after feedback)
