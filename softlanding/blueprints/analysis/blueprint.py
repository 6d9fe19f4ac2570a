"""The analysis blueprint: every view of the domain is attached to it."""

from flask import Blueprint

bp = Blueprint("analysis", __name__, url_prefix="/analysis")
