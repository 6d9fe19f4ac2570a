"""One package per domain; each is a Flask blueprint with a register(app) that create_app calls."""
