"""The notifications blueprint: every view of the domain is attached to it."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
