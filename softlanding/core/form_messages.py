"""Messages that say what to enter, in place of the library's defaults ("Not a valid datetime value.",
"Invalid Choice: could not coerce.", "This field is required." ...), which tell a person nothing.

`plain_message(field, message)` rewrites one default (using the field's label and kind) and leaves any
message a form or service wrote itself as it is. `DEFAULT_PATTERNS` is what tests scan error output for.
"""

import re
from datetime import datetime

from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TimeField,
)

# Text that only the library's own messages contain (every default of WTForms 3, English).
DEFAULT_PATTERNS = (
    "This field is required", "Not a valid", "Invalid Choice", "Invalid choice", "is not a valid choice",
    "are not valid choices", "Choices cannot be None", "Invalid email address", "Invalid URL",
    "Invalid input.", "Field must be", "Field cannot be", "Number must be", "Date must be",
    "Invalid value, ", "Invalid field name", "This field cannot be edited", "This field is disabled",
    "Invalid UUID", "Invalid IP address", "Invalid Mac address",
)

_SAMPLE = datetime(2026, 8, 14, 18, 30)
_NUMBER = r"([-\d.]+)"


def _lower(label: str) -> str:
    """'Start time' -> 'start time'; 'NHS start month' and 'UK region' keep their capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _example(field) -> str:
    fmt = (getattr(field, "format", None) or ["%Y-%m-%d %H:%M"])
    fmt = fmt[0] if isinstance(fmt, (list, tuple)) else fmt
    if fmt == "%Y-%m-%dT%H:%M":
        return "14/08/2026 and 18:30"
    return _SAMPLE.strftime(fmt)


def _is_choice(field) -> bool:
    return isinstance(field, (SelectField, SelectMultipleField, RadioField))


def plain_message(field, message: str) -> str:
    """`message` if a person wrote it; else a message that says what to enter in `field`."""
    text = str(message)
    if not any(pattern in text for pattern in DEFAULT_PATTERNS):
        return text
    label = field.label.text if getattr(field, "label", None) is not None else "this"
    what = _lower(label)
    if "is required" in text:
        if isinstance(field, BooleanField):
            return f"Tick “{label}” to go on."
        return f"Choose {what}." if _is_choice(field) else f"Enter {what}."
    if isinstance(field, TimeField) or "valid time" in text:
        return f"Enter {what} as a time, for example 18:30."
    if isinstance(field, DateField) or "valid date value" in text:
        return f"Enter {what} as a real date, for example {_SAMPLE.strftime('%d/%m/%Y')}."
    if isinstance(field, DateTimeField) or "datetime" in text:
        return f"Enter {what} as a real date and time, for example {_example(field)}."
    if isinstance(field, IntegerField) or "integer" in text:
        return f"Enter {what} as a whole number, for example 12."
    if isinstance(field, (DecimalField, FloatField)) or "decimal" in text or "float" in text:
        return f"Enter {what} as a number, for example 2.5."
    if _is_choice(field) or "choice" in text.lower() or "Invalid value" in text:
        return f"Choose {what} from the list."
    if "email" in text:
        return "Enter an email address in the right form, for example name@example.com."
    if "URL" in text:
        return "Enter a web address that starts with https://, for example https://example.org/page."
    numbers = re.findall(_NUMBER, text)
    if text.startswith("Field must be between") and len(numbers) >= 2:
        return f"Use between {numbers[0]} and {numbers[1]} characters for {what}."
    if text.startswith("Field must be at least") and numbers:
        return f"Use at least {numbers[0]} characters for {what}."
    if (text.startswith("Field cannot be longer") or text.startswith("Field must be exactly")) and numbers:
        return f"Use at most {numbers[0]} characters for {what}."
    if text.startswith("Field must be equal"):
        return f"The two entries for {what} do not match: type them again."
    if text.startswith(("Number must be", "Date must be")):
        low_high = re.findall(r"(?:least|most|between) (.+?)(?: and (.+?))?\.$", text)
        if "between" in text and low_high:
            return f"Enter {what} from {low_high[0][0]} to {low_high[0][1]}."
        if "least" in text and low_high:
            return f"Enter {what} of {low_high[0][0]} or more."
        if "most" in text and low_high:
            return f"Enter {what} of {low_high[0][0]} or less."
    return f"Check {what}: it is not in a form we can use."
