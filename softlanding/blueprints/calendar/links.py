"""Subscription addresses for templates (https, webcal:// and Google Calendar), from BASE_URL."""

import logging
import re
from typing import Any, TypedDict
from urllib.parse import quote

from flask import current_app, url_for
from flask_login import current_user

from softlanding.blueprints.calendar import feeds as calendar

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render?cid="
_TOKEN_IN_PATH = re.compile(r"/calendar/[^/\s?\"]+\.ics")


class FeedLinks(TypedDict):
    """The ways to subscribe to one feed."""

    https: str
    webcal: str
    google: str


def feed_links(endpoint: str, **values: Any) -> FeedLinks:
    """{'https', 'webcal', 'google'} addresses of a feed, built from BASE_URL, not the request."""
    address = current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)
    webcal = re.sub(r"^https?://", "webcal://", address)
    return {"https": address, "webcal": webcal, "google": GOOGLE_SUBSCRIBE + quote(webcal, safe="")}


def public_feed_links(category: str | None = None) -> FeedLinks:
    """Links to the public feed, or to one category's feed."""
    return feed_links("calendar.public_feed", **({"category": category} if category else {}))


def personal_feed_links() -> FeedLinks | None:
    """Links to the signed-in person's private feed, or None before they made an address."""
    if not current_user.is_authenticated:
        return None
    token = calendar.feed_token(current_user)
    return feed_links("calendar.personal_feed", token=token) if token else None


class RedactFeedTokens(logging.Filter):
    """Access logs show /calendar/<token>.ics instead of the token (it is the feed's only key)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/calendar/" in message:
            record.msg, record.args = _TOKEN_IN_PATH.sub("/calendar/<token>.ics", message), ()
        return True


def install_log_filter() -> None:
    """Put the redacting filter on the loggers that write request lines or paths."""
    for name in ("werkzeug", "gunicorn.access", "softlanding.core.errorpages"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedTokens) for f in logger.filters):
            logger.addFilter(RedactFeedTokens())
