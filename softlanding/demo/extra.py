"""Imports each area's demo module so its seeder registers. Each area adds one line."""
