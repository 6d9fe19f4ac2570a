"""Input from the URL, in one place: path ids a database integer column can hold, path strings and
query-string values without control characters, and the range of dates a person can mean."""


from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter
from werkzeug.utils import cached_property

from softlanding.lib.sanitize import LINE_CONTROL_CHARACTERS

# The largest value of a 32-bit signed INTEGER column (PostgreSQL's `integer`): an id beyond it
# cannot exist, and sending it to the database raises (NumericValueOutOfRange) instead of finding nothing.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` bounded to 1..MAX_ID unless a rule asks otherwise: anything else is a 404."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class TextConverter(UnicodeConverter):
    """The default `<name>` path segment, matching no control character (a %00 token is a 404)."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):  # noqa: A002
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f]")


class CleanRequest(Request):
    """A request whose query-string values carry no control characters: they are filters and ids,
    never text to keep, and NUL in a query parameter made PostgreSQL raise (a 500)."""

    @cached_property
    def args(self):
        """The query arguments, each value stripped of control characters."""
        raw = super().args
        return ImmutableMultiDict([(key, LINE_CONTROL_CHARACTERS.sub("", value))
                                   for key, value in raw.items(multi=True)])


def parse_id(value):
    """A query-string id as an int in 1..MAX_ID, or None for anything else (missing, text, out of range)."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def register(app):
    """Replace the stock `int` and string converters and the request class; must run before any
    blueprint adds its rules (a rule binds its converter when it is made)."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    app.request_class = CleanRequest


# Dates a person can mean here; beyond them arithmetic overflows (date.max + 1 day) or the database
# refuses the value, so every date read from a form or a query string is checked against this.
MIN_YEAR, MAX_YEAR = 1900, 2100


def sane_year(year):
    """Whether `year` is within MIN_YEAR..MAX_YEAR."""
    return MIN_YEAR <= year <= MAX_YEAR
