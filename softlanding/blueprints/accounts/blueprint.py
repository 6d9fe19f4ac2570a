"""The accounts blueprint: every view of the domain is attached to it."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
