"""Events blueprint: listing, event pages, booking, hosting and review."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events")

from . import routes, routes_booking, routes_manage  # noqa: E402,F401  (attach the views to bp)
