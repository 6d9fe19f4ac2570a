"""Benchmarks: each module has main(); `python -m bench [names]` runs them."""
