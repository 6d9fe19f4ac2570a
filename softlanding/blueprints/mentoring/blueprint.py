"""The mentoring blueprint: every view of the domain is attached to it."""

from flask import Blueprint

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")
