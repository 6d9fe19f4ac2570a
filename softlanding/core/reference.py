"""Reference lists: read them as choices, validate codes, load the shipped defaults."""

import json
from dataclasses import dataclass
from pathlib import Path

import pycountry
from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event, select

from softlanding.core import stamps
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from softlanding.core.models import RefOption

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_defaults() -> dict[str, list[tuple[str, str, str]]]:
    """Every list shipped in softlanding/core/data/*.json, as {kind: [(code, label, group), ...]}."""
    lists: dict[str, list[tuple[str, str, str]]] = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for kind, rows in data.items():
            if kind.startswith("_"):
                continue
            lists.setdefault(kind, []).extend(
                (row[0], row[1], row[2] if len(row) > 2 else "") for row in rows
            )
    return lists


def ensure_defaults():
    """Insert shipped options that are missing; never touches what organisers changed."""
    existing = {(o.kind, o.code) for o in db.session.scalars(select(RefOption))}
    added = 0
    for kind, rows in load_defaults().items():
        for position, (code, label, group) in enumerate(rows):
            if (kind, code) not in existing:
                db.session.add(
                    RefOption(kind=kind, code=code, label=label, group=group, position=position)
                )
                added += 1
    db.session.flush()
    return added


@dataclass(frozen=True)
class Option:
    """One option of a reference list as pages read it (a plain copy, shared by requests)."""

    id: int
    kind: str
    code: str
    label: str
    group: str
    position: int
    active: bool


def register() -> None:
    """The lists are kept under the "reference" change stamp, renewed when an option is saved."""
    stamps.watch("reference", {"ref_option"})


def _load() -> dict[str, list[Option]]:
    by_kind: dict[str, list[Option]] = {}
    stmt = select(RefOption.id, RefOption.kind, RefOption.code, RefOption.label, RefOption.group,
                  RefOption.position, RefOption.active).order_by(RefOption.kind, RefOption.position, RefOption.label)
    for row in db.session.execute(stmt):
        by_kind.setdefault(row.kind, []).append(Option(*row))
    return by_kind


def _all_options() -> dict[str, list[Option]]:
    """{kind: [Option]} for every list, inactive ones included.

    Read on nearly every page (labels, filters, form choices), so kept under the "reference" change stamp:
    one query per change for the whole process, shared by every request (core/stamps.py); a request that
    has just changed an option reads the lists afresh until it commits.
    """
    return stamps.get_cache().value("reference", "options", _load)


def options(kind, include_inactive=False):
    """The options of one list, in order."""
    return [o for o in _all_options().get(kind, []) if include_inactive or o.active]


def choices(kind, blank=None):
    """(code, label) pairs for a form field; `blank` adds a first empty choice."""
    pairs = [(o.code, o.label) for o in options(kind)]
    return ([("", blank)] if blank is not None else []) + pairs


def _labels_of(by_kind: dict[str, list[Option]]) -> dict[str, dict[str, str]]:
    return {kind: {o.code: o.label for o in found} for kind, found in by_kind.items()}


def _all_labels() -> dict[str, dict[str, str]]:
    """{kind: {code: label}} for every list (inactive options too, so old data still reads well).

    A page can ask for a hundred labels, so the request keeps its copy on `g` (saving an option drops it).
    """
    if not has_request_context():
        return stamps.get_cache().value("reference", "labels", lambda: _labels_of(_all_options()))
    # Kept with the request it belongs to: tests run several requests in one app context (one `g`).
    # Flask annotates `request` as a Request, but it is a werkzeug LocalProxy, which has this method.
    owner = request._get_current_object()  # type: ignore[attr-defined]
    kept = g.get("_ref_labels")
    if kept is None or kept[0] is not owner:
        kept = (owner, stamps.get_cache().value("reference", "labels", lambda: _labels_of(_all_options())))
        g._ref_labels = kept
    return kept[1]


@event.listens_for(RefOption, "after_insert")
@event.listens_for(RefOption, "after_update")
@event.listens_for(RefOption, "after_delete")
def _option_changed(mapper, connection, target):
    if has_app_context():
        g.pop("_ref_labels", None)


def labels(kind):
    """{code: label} including inactive options, so old data still reads well."""
    return dict(_all_labels().get(kind, {}))


def label(kind, code):
    """The label of one code (languages and countries by ISO code), or the code itself if unknown."""
    if kind == "language":
        return language_name(code)
    if kind == "country":
        return country_name(code)
    return _all_labels().get(kind, {}).get(code, code or "")


def require(kind, code, field=None):
    """Raise ValidationError unless `code` is an active option of `kind`."""
    if code not in {o.code for o in options(kind)}:
        raise ValidationError("Choose an option from the list.", field=field)
    return code


def add_option(kind, code, label_text, group=""):
    """Add an option to a list (organisers extend the lists)."""
    code = (code or "").strip()
    label_text = (label_text or "").strip()
    if not code or not label_text:
        raise ValidationError("Give both a code and a label.", field="code")
    if db.session.scalar(select(RefOption).where(RefOption.kind == kind, RefOption.code == code)):
        raise ValidationError("That code is already in the list.", field="code")
    last = max((o.position for o in options(kind, include_inactive=True)), default=-1)
    option = RefOption(kind=kind, code=code, label=label_text, group=group, position=last + 1)
    db.session.add(option)
    db.session.flush()
    return option


def country_choices():
    """ISO 3166 countries, sorted by name."""
    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda p: p[1])


def country_name(code):
    """Country name for an ISO 3166 alpha-2 code."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    return country.name if country else (code or "")


# The names people use, where ISO 639 has another (the ISO name stays searchable as an alias).
COMMON_LANGUAGE_NAMES = {
    "pa": "Punjabi", "ps": "Pashto", "el": "Greek", "ms": "Malay", "ne": "Nepali", "or": "Odia",
    "sw": "Swahili", "ky": "Kyrgyz", "ug": "Uyghur", "lg": "Luganda", "dv": "Dhivehi (Maldivian)",
    "fa": "Persian (Farsi)", "ff": "Fula", "bn": "Bengali (Bangla)", "tl": "Tagalog (Filipino)",
    "ny": "Chichewa (Nyanja)", "to": "Tongan", "oc": "Occitan", "ht": "Haitian Creole",
    "st": "Sesotho", "tn": "Setswana", "ia": "Interlingua", "ii": "Nuosu (Sichuan Yi)",
    "km": "Khmer", "my": "Burmese (Myanmar)", "si": "Sinhala (Sinhalese)", "fy": "Frisian",
    "gd": "Scottish Gaelic", "nb": "Norwegian Bokmål", "ak": "Akan (Twi)", "ku": "Kurdish",
}


def _iso_languages() -> dict[str, str]:
    return {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}


def language_choices():
    """Languages with an ISO 639-1 code, by the name people use, sorted by that name."""
    return sorted(((code, COMMON_LANGUAGE_NAMES.get(code, name)) for code, name in _iso_languages().items()),
                  key=lambda p: p[1])


def language_aliases() -> dict[str, str]:
    """{code: ISO name} where the name shown differs from ISO's ("pa": "Panjabi")."""
    iso = _iso_languages()
    return {code: iso[code] for code, name in COMMON_LANGUAGE_NAMES.items()
            if code in iso and iso[code] != name}


def language_name(code):
    """Language name for an ISO 639-1 code (the name people use)."""
    if code in COMMON_LANGUAGE_NAMES:
        return COMMON_LANGUAGE_NAMES[code]
    lang = pycountry.languages.get(alpha_2=code) if code else None
    return lang.name if lang else (code or "")
