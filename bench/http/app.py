"""The app as the HTTP benchmark serves it, plus two bench-only baseline routes (never in production).

gunicorn loads `bench.http.app:bench_app()`. Settings come from BENCH_* environment variables set by
the harness: the database, Redis (shared rate limits and feed cache) and the mail folder. CSRF stays on,
as in production; hashing is the cheap test cost (the bench measures pages, not argon2).
"""

import os

from flask import render_template_string

from config import TestingConfig

FLOOR_TEMPLATE = """<!doctype html><html lang="en"><head><title>Floor</title></head><body><main><ul>
{% for row in rows %}<li><a href="/events/{{ row.id }}">{{ row.title }}</a> {{ row.starts_at }}</li>{% endfor %}
</ul></main></body></html>"""


class BenchConfig(TestingConfig):
    """Production-like behaviour (error pages, CSRF, Redis limits) on the bench's own database."""

    ENV_NAME = "bench"
    TESTING = False
    WTF_CSRF_ENABLED = True
    SECRET_KEY = os.environ.get("BENCH_SECRET_KEY", "bench-secret-key-shared-by-every-instance-0123")
    SQLALCHEMY_DATABASE_URI = os.environ.get("BENCH_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = os.environ.get("BENCH_REDIS_URL") or "memory://"
    RATELIMIT_KEY_PREFIX = os.environ.get("BENCH_KEY_PREFIX", "bench")
    RATELIMIT_LOGIN = os.environ.get("BENCH_LOGIN_LIMIT", "100000 per minute")
    RATELIMIT_ACCOUNT = os.environ.get("BENCH_ACCOUNT_LIMIT", "100000 per minute")
    MAIL_DIR = os.environ.get("BENCH_MAIL_DIR", "")
    MAIL_DELIVER_INLINE = False
    BASE_URL = "http://127.0.0.1:5000"


def add_baselines(app):
    """A minimal route and a one-query floor page (20 rows through Jinja), served like every page."""
    from sqlalchemy import select

    from softlanding.blueprints.events.models import Event
    from softlanding.core.extensions import db

    def minimal():
        return "ok"

    def floor():
        rows = db.session.execute(select(Event.id, Event.title, Event.starts_at)
                                  .order_by(Event.starts_at.desc(), Event.id).limit(20)).all()
        return render_template_string(FLOOR_TEMPLATE, rows=rows)

    app.add_url_rule("/_bench/minimal", "bench_minimal", minimal)
    app.add_url_rule("/_bench/floor", "bench_floor", floor)
    return app


def bench_app():
    """The WSGI app for gunicorn."""
    from softlanding import create_app

    return add_baselines(create_app(BenchConfig))
