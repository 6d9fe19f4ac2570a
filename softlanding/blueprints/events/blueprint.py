"""The events blueprint: every view of the domain is attached to it."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events")
