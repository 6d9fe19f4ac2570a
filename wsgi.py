"""WSGI entry point: gunicorn wsgi:app."""

from softlanding import create_app

app = create_app()
