"""The calendar blueprint: every view of the domain is attached to it."""

from flask import Blueprint

bp = Blueprint("calendar", __name__)
