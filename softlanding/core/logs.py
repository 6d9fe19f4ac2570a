"""Logs never hold tokens: every path that carries one (email confirmation, password reset, email change,
unsubscribe, calendar feed) is written with <token> in its place, by the loggers that write request lines."""

import logging
import re

# Each path whose last segment is a secret. A new token-bearing route adds its prefix here (a test
# walks the url map and fails on a <token> rule this does not cover).
TOKEN_PREFIXES = ("/account/verify/", "/account/reset/", "/account/email/confirm/", "/notifications/unsubscribe/")
_TOKEN_PATH = re.compile("(" + "|".join(re.escape(p) for p in TOKEN_PREFIXES) + r")(?!resend(?=[\s?\"/]|$))[^/\s?\"]+")
_FEED_PATH = re.compile(r"/calendar/[^/\s?\"]+\.ics")
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "softlanding.core.errorpages", "flask_limiter")


def redact(text: str) -> str:
    """`text` with the secret segment of every token-bearing path replaced by <token>."""
    return _FEED_PATH.sub("/calendar/<token>.ics", _TOKEN_PATH.sub(r"\1<token>", text))


class RedactTokens(logging.Filter):
    """A logging filter that redacts token-bearing paths in the formatted message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is left for the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install() -> None:
    """Put the filter on every logger that writes request lines or paths (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
