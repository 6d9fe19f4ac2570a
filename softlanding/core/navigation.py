"""The main navigation: the entries the domains registered, filtered to those the viewer may use."""

from flask import current_app
from flask_login import current_user

from softlanding.core.registry import get_registry


def _allowed(who):
    if who == "all":
        return True
    if who == "anonymous":
        return not current_user.is_authenticated
    if not current_user.is_authenticated:
        return False
    if who == "member":
        return True
    if who == "rep":
        return current_user.is_rep or current_user.is_organiser
    if who == "organiser":
        return current_user.is_organiser
    return current_user.has_role(who)


def nav_items():
    """(label, endpoint) pairs for the current user, in the registered order."""
    views = current_app.view_functions
    return [(entry.label, entry.endpoint) for entry in get_registry().nav
            if entry.endpoint in views and _allowed(entry.who)]


def tool_items():
    """(label, endpoint) pairs of the staff tools the current user may use, in the registered order."""
    views = current_app.view_functions
    return [(entry.label, entry.endpoint) for entry in get_registry().tools
            if entry.endpoint in views and _allowed(entry.who)]
