"""`flask mentoring …`: mentoring work meant for cron (the same functions `flask jobs run` runs)."""

import click
from flask.cli import AppGroup

from softlanding.blueprints.mentoring.requests import expire_requests
from softlanding.blueprints.mentoring.space import nudge_quiet_pairs
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_pending

mentoring = AppGroup("mentoring", help="Mentoring: expire unanswered requests, nudge quiet pairs.")


@mentoring.command("expire-requests")
def expire_requests_command():
    """Remind mentors after 7 days and expire requests after 14 (safe to run twice at once)."""
    count = expire_requests(utcnow())
    db.session.commit()
    sent = deliver_pending()
    click.echo(f"Mentoring requests: {count} reminded or expired; {sent} emails sent.")


@mentoring.command("nudge-quiet-pairs")
def nudge_command():
    """Email pairs with no meeting logged for 30 days (at most once per 30 days)."""
    count = nudge_quiet_pairs(utcnow())
    db.session.commit()
    sent = deliver_pending()
    click.echo(f"Mentoring pairs nudged: {count}; {sent} emails sent.")


def register(app):
    """Add `flask mentoring` to the app's commands."""
    app.cli.add_command(mentoring)
