"""The feedback blueprint: every view of the domain is attached to it."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, url_prefix="/surveys")
