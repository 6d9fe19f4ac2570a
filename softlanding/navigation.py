"""The main navigation: each area adds its entries here; the header shows those the user may use."""

from flask import current_app
from flask_login import current_user

# (label, endpoint, who): who is "all", "anonymous", "member", "rep", "organiser" or "admin".
NAV = [
    ("Home", "main.index", "all"),
    ("Events", "events.index", "all"),
    ("My events", "events.my_events", "member"),
    ("Find a mentor", "mentoring.index", "member"),
    ("My mentees", "mentoring.mentor_home", "rep"),
    ("Rep directory", "mentoring.directory", "member"),
    ("Mentoring", "mentoring.organiser_dashboard", "organiser"),
    ("Surveys", "feedback.my_surveys", "member"),
    ("Feedback analysis", "analysis.index", "organiser"),
    ("My profile", "profiles.me", "member"),
    ("Admin", "admin.users", "admin"),
    ("Outbox", "outbox.index", "admin"),
]


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
    """(label, endpoint) pairs for the current user; endpoints that do not exist are skipped."""
    views = current_app.view_functions
    return [(label, endpoint) for label, endpoint, who in NAV if endpoint in views and _allowed(who)]
