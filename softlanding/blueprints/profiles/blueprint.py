"""The profiles blueprint: every view of the domain is attached to it."""

from flask import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/profile")
